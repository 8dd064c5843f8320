import { detachPolicyHandler } from "./attachment-actions.js";

export const detachPolicyFromGroup = detachPolicyHandler("Group");
