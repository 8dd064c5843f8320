import { dateOperator } from "./date-operator.js";

export const dateEquals = dateOperator("DateEquals", "equals");
export const dateNotEquals = dateOperator("DateNotEquals", "equals", true);
