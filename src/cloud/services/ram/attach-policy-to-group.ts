import { attachPolicyHandler } from "./attachment-actions.js";

export const attachPolicyToGroup = attachPolicyHandler("Group");
