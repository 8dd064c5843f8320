import type { ConditionOperatorName } from "../types.js";

/** What a condition operator reports for one context value. */
export type ValueTest = boolean | "unreadable";

/**
 * One condition operator. Negated operators (`StringNotEquals`, `NotIpAddress`, ...) share the
 * positive comparison of their base operator; the evaluator applies the negation, because the
 * absent-key and multi-valued rules of spec §4 are stated in terms of "does any value match".
 */
export interface ConditionOperator {
  readonly name: ConditionOperatorName;
  /** True for the six negated operators: true for an absent key; for several context values, true when none matches. */
  readonly negated: boolean;
  readonly family: "String" | "Numeric" | "Date" | "Bool" | "Ip";
  /** Error message (lower case, value in backticks) for a policy-side value this operator cannot read; undefined when fine. */
  checkPolicyValue(raw: string): string | undefined;
  /**
   * Compiles the policy values (already checked) into the positive comparison of one context value:
   * true when it matches any policy value, `"unreadable"` when the context value cannot be read
   * for this operator (a non-number for `Numeric*`): the caller fails closed.
   */
  compile(values: readonly string[]): (contextValue: string) => ValueTest;
}
