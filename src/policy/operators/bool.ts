import type { ConditionOperator, ValueTest } from "./operator.js";

// The policy side is written `true` or `false` (a JSON boolean reads as that string). The context
// side is whatever a caller or a header carried, so its case is forgiven; anything else (`yes`,
// `1`) is unreadable and fails closed rather than silently counting as false.
function readBool(raw: string): boolean | undefined {
  if (raw.length === 4 && raw.toLowerCase() === "true") return true;
  if (raw.length === 5 && raw.toLowerCase() === "false") return false;
  return undefined;
}

function compileBool(values: readonly string[]): (contextValue: string) => ValueTest {
  const wantTrue = values.includes("true");
  const wantFalse = values.includes("false");
  return (v) => {
    const b = readBool(v);
    if (b === undefined) return "unreadable";
    return b ? wantTrue : wantFalse;
  };
}

export const bool: ConditionOperator = {
  name: "Bool",
  negated: false,
  family: "Bool",
  checkPolicyValue: (raw) =>
    raw === "true" || raw === "false" ? undefined : `\`${raw}\` is not \`true\` or \`false\``,
  compile: compileBool,
};
