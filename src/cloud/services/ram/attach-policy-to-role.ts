import { attachPolicyHandler } from "./attachment-actions.js";

export const attachPolicyToRole = attachPolicyHandler("Role");
