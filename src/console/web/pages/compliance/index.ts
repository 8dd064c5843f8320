// The compliance page's pure helpers, for tests (no deep imports from test/).
export { optionOf, parsePlanText } from "./plan-text.js";
export type { PlanOptionMention, PlanOptionName, PlanTextPart } from "./plan-text.js";
