import { detachPolicyHandler } from "./attachment-actions.js";

export const detachPolicyFromUser = detachPolicyHandler("User");
