import { dateOperator } from "./date-operator.js";

export const dateGreaterThan = dateOperator("DateGreaterThan", "greater-than");
