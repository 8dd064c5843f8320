import { listPoliciesForHandler } from "./attachment-actions.js";

export const listPoliciesForGroup = listPoliciesForHandler("Group");
