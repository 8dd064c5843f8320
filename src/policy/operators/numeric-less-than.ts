import { numericOperator } from "./numeric-operator.js";

export const numericLessThan = numericOperator("NumericLessThan", "less-than");
