import { numericOperator } from "./numeric-operator.js";

export const numericGreaterThan = numericOperator("NumericGreaterThan", "greater-than");
