import { declareHandler } from "../declared-parameters.js";
import { managedDirectory } from "./directory.js";
import { enablementStatus } from "./render.js";

export const getControlPolicyEnablementStatus = declareHandler({
  product: "resourcemanager",
  action: "GetControlPolicyEnablementStatus",
  access: "read",
  parameters: { accepted: [] },
  async handle(ctx) {
    const directory = await managedDirectory(ctx);
    return { EnablementStatus: enablementStatus(directory.controlPolicyStatus) };
  },
});
