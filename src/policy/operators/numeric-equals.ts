import { numericOperator } from "./numeric-operator.js";

export const numericEquals = numericOperator("NumericEquals", "equals");
export const numericNotEquals = numericOperator("NumericNotEquals", "equals", true);
