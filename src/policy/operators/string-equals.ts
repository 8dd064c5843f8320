import type { ConditionOperator, ValueTest } from "./operator.js";

function compileEquals(values: readonly string[]): (contextValue: string) => ValueTest {
  if (values.length === 1) {
    const only = values[0] as string;
    return (v) => v === only;
  }
  // A linear scan beats hashing for the handful of values policies usually list.
  if (values.length <= 8) return (v) => values.includes(v);
  const set = new Set(values);
  return (v) => set.has(v);
}

export const stringEquals: ConditionOperator = {
  name: "StringEquals",
  negated: false,
  family: "String",
  checkPolicyValue: () => undefined,
  compile: compileEquals,
};

export const stringNotEquals: ConditionOperator = { ...stringEquals, name: "StringNotEquals", negated: true };
