import { declareHandler } from "../declared-parameters.js";
import { attachmentCount, findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { managedDirectory } from "./directory.js";
import { readLanguage } from "./names.js";
import { controlPolicyView } from "./render.js";

export const getControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "GetControlPolicy",
  access: "read",
  parameters: { accepted: ["Language", "PolicyId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    const language = readLanguage(ctx.params);
    await managedDirectory(ctx);
    const policy = await findControlPolicy(ctx.store, policyId);
    return {
      ControlPolicy: controlPolicyView(policy, await attachmentCount(ctx.store, policyId), language, true),
    };
  },
});
