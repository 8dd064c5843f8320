import { dateOperator } from "./date-operator.js";

export const dateGreaterThanEquals = dateOperator("DateGreaterThanEquals", "greater-than-equals");
