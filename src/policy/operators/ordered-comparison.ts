import type { ConditionOperatorName } from "../types.js";
import type { ConditionOperator, ValueTest } from "./operator.js";

/** The comparisons `Numeric*` and `Date*` share; the context value is on the left: `context < policy`. */
export type Comparison = "equals" | "less-than" | "less-than-equals" | "greater-than" | "greater-than-equals";

export interface OrderedOperatorSpec {
  readonly name: ConditionOperatorName;
  readonly negated: boolean;
  readonly family: "Numeric" | "Date";
  readonly comparison: Comparison;
  /** Reads a value of either side; undefined when it cannot. */
  readonly parse: (raw: string) => number | undefined;
  /** Message for a policy-side value `parse` refused. */
  readonly invalid: (raw: string) => string;
}

/**
 * An operator over numbers (or dates as epoch milliseconds). Several policy values OR together, so an
 * ordering comparison needs only the most permissive one: `context < any of them` is `context < max`.
 */
export function orderedOperator(spec: OrderedOperatorSpec): ConditionOperator {
  const { parse } = spec;
  return {
    name: spec.name,
    negated: spec.negated,
    family: spec.family,
    checkPolicyValue: (raw) => (parse(raw) === undefined ? spec.invalid(raw) : undefined),
    compile(values): (contextValue: string) => ValueTest {
      const numbers = values.map((raw) => parse(raw) as number);
      switch (spec.comparison) {
        case "equals": {
          if (numbers.length === 1) {
            const only = numbers[0] as number;
            return (v) => {
              const n = parse(v);
              return n === undefined ? "unreadable" : n === only;
            };
          }
          return (v) => {
            const n = parse(v);
            return n === undefined ? "unreadable" : numbers.includes(n);
          };
        }
        case "less-than": {
          const bound = Math.max(...numbers);
          return (v) => {
            const n = parse(v);
            return n === undefined ? "unreadable" : n < bound;
          };
        }
        case "less-than-equals": {
          const bound = Math.max(...numbers);
          return (v) => {
            const n = parse(v);
            return n === undefined ? "unreadable" : n <= bound;
          };
        }
        case "greater-than": {
          const bound = Math.min(...numbers);
          return (v) => {
            const n = parse(v);
            return n === undefined ? "unreadable" : n > bound;
          };
        }
        case "greater-than-equals": {
          const bound = Math.min(...numbers);
          return (v) => {
            const n = parse(v);
            return n === undefined ? "unreadable" : n >= bound;
          };
        }
      }
    },
  };
}
