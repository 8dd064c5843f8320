import { attachPolicyHandler } from "./attachment-actions.js";

export const attachPolicyToUser = attachPolicyHandler("User");
