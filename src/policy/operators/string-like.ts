import { compileWildcard } from "../wildcard.js";
import type { ConditionOperator, ValueTest } from "./operator.js";

function compileLike(values: readonly string[]): (contextValue: string) => ValueTest {
  const matchers = values.map((value) => compileWildcard(value, { caseInsensitive: false }));
  if (matchers.length === 1) return matchers[0] as (contextValue: string) => boolean;
  return (v) => matchers.some((match) => match(v));
}

/** Case-sensitive, `*` any run (also empty), `?` exactly one character. */
export const stringLike: ConditionOperator = {
  name: "StringLike",
  negated: false,
  family: "String",
  checkPolicyValue: () => undefined,
  compile: compileLike,
};

export const stringNotLike: ConditionOperator = { ...stringLike, name: "StringNotLike", negated: true };
