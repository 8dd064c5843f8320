// Lint: findings about a valid policy that is probably not what its author meant. Every finding is a
// warning; validation problems (including non-string condition values) belong to parsePolicy alone.
import type { ActionCatalogView, Problem, ValidatedPolicy } from "../types.js";
import { pathText, sourceLocator } from "./locate.js";
import type { LintRule } from "./rule.js";
import { controlAllowRestrictsNothing } from "./rules/control-allow-restricts-nothing.js";
import { conditionKeyNotCarried } from "./rules/condition-key-not-carried.js";
import { resourceMatchesNoAction } from "./rules/resource-matches-no-action.js";
import { unknownAction } from "./rules/unknown-action.js";

export interface LintOptions {
  /** Whether `FullAliyunAccess` stays attached where a control policy goes; default true. */
  readonly fullAliyunAccessAttached?: boolean;
  /** The policy's JSON text, to report line and column; without it every finding is at 1:1. */
  readonly source?: string;
}

const RULES: readonly LintRule[] = [
  controlAllowRestrictsNothing,
  unknownAction,
  resourceMatchesNoAction,
  conditionKeyNotCarried,
];

export function lintPolicy(
  policy: ValidatedPolicy,
  catalog: ActionCatalogView,
  options: LintOptions = {},
): Problem[] {
  const context = { catalog, fullAliyunAccessAttached: options.fullAliyunAccessAttached ?? true };
  const locate = options.source === undefined ? () => undefined : sourceLocator(options.source);
  return RULES.flatMap((rule) =>
    rule.check(policy, context).map((finding): Problem => {
      const position = locate(finding.at);
      return {
        code: rule.code,
        severity: "warning",
        path: pathText(finding.at),
        line: position?.line ?? 1,
        column: position?.column ?? 1,
        message: finding.message,
        ...(finding.help === undefined ? {} : { help: finding.help }),
      };
    }),
  );
}
