import type { ActionCatalogView, ValidatedPolicy } from "../types.js";
import type { PathSegments } from "./locate.js";

/** What a lint rule may look at besides the policy. */
export interface LintContext {
  readonly catalog: ActionCatalogView;
  /** Whether `FullAliyunAccess` stays attached where a control policy goes. */
  readonly fullAliyunAccessAttached: boolean;
}

/** A finding before it gets its code, severity and position. */
export interface LintFinding {
  /** Where it is, as keys and indexes: `["Statement", 0, "Resource", 1]`. */
  readonly at: PathSegments;
  readonly message: string;
  readonly help?: string;
}

/** One lint rule: one file under rules/, one line in the registry (lint/index.ts). */
export interface LintRule {
  /** The problem code its findings carry. */
  readonly code: string;
  check(policy: ValidatedPolicy, context: LintContext): readonly LintFinding[];
}
