import { listPoliciesForHandler } from "./attachment-actions.js";

export const listPoliciesForUser = listPoliciesForHandler("User");
