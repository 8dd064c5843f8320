import type { ConditionClause, Effect, PolicyKind, PrincipalSpec } from "../types.js";
import type { JsonMember, JsonObjectNode } from "../json-source.js";
import type { Reporter } from "./reporter.js";

/** What the element rules learn about one statement; complete only when no error was reported. */
export interface StatementDraft {
  readonly index: number;
  sid?: string;
  effect?: Effect;
  action?: { readonly negated: boolean; readonly patterns: readonly string[] };
  resources?: readonly string[];
  readonly conditions: ConditionClause[];
  principal?: PrincipalSpec;
}

/** Everything an element rule may look at or write while checking one statement. */
export interface StatementScope {
  readonly kind: PolicyKind;
  readonly reporter: Reporter;
  /** The statement's own path, e.g. `Statement[1]`. */
  readonly path: string;
  readonly node: JsonObjectNode;
  /** The statement's elements by name (last value of a duplicated key). */
  readonly members: ReadonlyMap<string, JsonMember>;
  readonly draft: StatementDraft;
  /** Sids seen so far in this document, with the path of their statement, to catch duplicates. */
  readonly sids: Map<string, string>;
}

/** One statement element (`Effect`, `Action`, ...): one file, one line in the registry. */
export interface StatementElementRule {
  readonly name: string;
  /** `path` is the element's path, e.g. `Statement[1].Action`. */
  check(member: JsonMember, path: string, scope: StatementScope): void;
}

/** A rule about the statement as a whole, run after its elements (required elements, exclusions). */
export type StatementRequirement = (scope: StatementScope) => void;
