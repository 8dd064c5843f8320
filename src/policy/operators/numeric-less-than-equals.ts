import { numericOperator } from "./numeric-operator.js";

export const numericLessThanEquals = numericOperator("NumericLessThanEquals", "less-than-equals");
