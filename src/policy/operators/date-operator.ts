import type { ConditionOperatorName } from "../types.js";
import { parseDate } from "./date-value.js";
import type { ConditionOperator } from "./operator.js";
import { orderedOperator } from "./ordered-comparison.js";
import type { Comparison } from "./ordered-comparison.js";

/** A `Date*` operator: both sides read as ISO 8601 instants (see date-value.ts for the accepted forms). */
export function dateOperator(
  name: ConditionOperatorName,
  comparison: Comparison,
  negated = false,
): ConditionOperator {
  return orderedOperator({
    name,
    negated,
    family: "Date",
    comparison,
    parse: parseDate,
    invalid: (raw) =>
      `\`${raw}\` is not an ISO 8601 date-time with an offset such as \`2019-08-12T17:00:00+08:00\` or a date such as \`2019-08-12\``,
  });
}
