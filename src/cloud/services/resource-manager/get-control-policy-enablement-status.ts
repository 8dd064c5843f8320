import type { ActionHandler } from "../handler.js";
import { managedDirectory } from "./directory.js";
import { enablementStatus } from "./render.js";

export const getControlPolicyEnablementStatus: ActionHandler = {
  product: "resourcemanager",
  action: "GetControlPolicyEnablementStatus",
  access: "read",
  async handle(ctx) {
    const directory = await managedDirectory(ctx);
    return { EnablementStatus: enablementStatus(directory.controlPolicyStatus) };
  },
};
