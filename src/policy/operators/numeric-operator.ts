import type { ConditionOperatorName } from "../types.js";
import type { ConditionOperator } from "./operator.js";
import { parseNumber } from "./numeric-value.js";
import { orderedOperator } from "./ordered-comparison.js";
import type { Comparison } from "./ordered-comparison.js";

/** A `Numeric*` operator: both sides read as decimal numbers (sign, fraction and exponent allowed). */
export function numericOperator(
  name: ConditionOperatorName,
  comparison: Comparison,
  negated = false,
): ConditionOperator {
  return orderedOperator({
    name,
    negated,
    family: "Numeric",
    comparison,
    parse: parseNumber,
    invalid: (raw) => `\`${raw}\` is not a number`,
  });
}
