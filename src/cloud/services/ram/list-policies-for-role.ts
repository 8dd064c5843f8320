import { listPoliciesForHandler } from "./attachment-actions.js";

export const listPoliciesForRole = listPoliciesForHandler("Role");
