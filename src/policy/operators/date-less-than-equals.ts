import { dateOperator } from "./date-operator.js";

export const dateLessThanEquals = dateOperator("DateLessThanEquals", "less-than-equals");
