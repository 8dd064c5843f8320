import { detachPolicyHandler } from "./attachment-actions.js";

export const detachPolicyFromRole = detachPolicyHandler("Role");
