import { dateOperator } from "./date-operator.js";

export const dateLessThan = dateOperator("DateLessThan", "less-than");
