import type { ConditionClause, ConditionOperatorName } from "../../types.js";
import type { LintRule } from "../rule.js";

// Spec §5: every RD node needs a matching Allow from a policy attached to it, and FullAliyunAccess
// (Allow * on *) supplies one for every request while it stays attached. An Allow statement in a
// custom control policy therefore changes no decision, which is easy to miss: the seed's enterprise
// example means to require a tag with exactly such a statement.
export const controlAllowRestrictsNothing: LintRule = {
  code: "control-allow-restricts-nothing",
  check(policy, context) {
    if (policy.kind !== "control" || !context.fullAliyunAccessAttached) return [];
    return policy.statements
      .filter((statement) => statement.effect === "Allow")
      .map((statement) => ({
        at: ["Statement", statement.index, "Effect"],
        message: "an `Allow` in a control policy restricts nothing while `FullAliyunAccess` stays attached",
        help:
          "control policies only narrow access, and `FullAliyunAccess` already allows every request on every node; " +
          `either detach \`FullAliyunAccess\` from the nodes this policy is attached to (allow-list mode), or ${denyForm(statement.conditions)}`,
      }));
  },
};

/** Negated operators whose absent-key behaviour mirrors the positive one, so the Deny denies exactly what the Allow failed to allow. */
const NEGATION: Partial<Record<ConditionOperatorName, ConditionOperatorName>> = {
  StringEquals: "StringNotEquals",
  StringEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
  StringLike: "StringNotLike",
  NumericEquals: "NumericNotEquals",
  DateEquals: "DateNotEquals",
  IpAddress: "NotIpAddress",
};

function denyForm(conditions: readonly ConditionClause[]): string {
  const only = conditions.length === 1 ? conditions[0] : undefined;
  const negated = only === undefined ? undefined : NEGATION[only.operator];
  if (only === undefined || negated === undefined) {
    return "rewrite it in Deny form: `Deny` the same actions when the condition does not hold (one `Deny` per condition key)";
  }
  const values = only.values.length === 1 ? JSON.stringify(only.values[0]) : JSON.stringify(only.values);
  return `rewrite it in Deny form: \`"Effect": "Deny"\` with \`"${negated}": {${JSON.stringify(only.key)}: ${values}}\``;
}
