import type { ConditionOperator, ValueTest } from "./operator.js";

function compileEqualsIgnoreCase(values: readonly string[]): (contextValue: string) => ValueTest {
  const lowered = values.map((value) => value.toLowerCase());
  if (lowered.length === 1) {
    const only = lowered[0] as string;
    return (v) => v.toLowerCase() === only;
  }
  const set = new Set(lowered);
  return (v) => set.has(v.toLowerCase());
}

export const stringEqualsIgnoreCase: ConditionOperator = {
  name: "StringEqualsIgnoreCase",
  negated: false,
  family: "String",
  checkPolicyValue: () => undefined,
  compile: compileEqualsIgnoreCase,
};

export const stringNotEqualsIgnoreCase: ConditionOperator = {
  ...stringEqualsIgnoreCase,
  name: "StringNotEqualsIgnoreCase",
  negated: true,
};
