import { numericOperator } from "./numeric-operator.js";

export const numericGreaterThanEquals = numericOperator("NumericGreaterThanEquals", "greater-than-equals");
