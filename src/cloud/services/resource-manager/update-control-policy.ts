import { declareHandler } from "../declared-parameters.js";
import { readControlPolicyDocument } from "./control-policy-document.js";
import { attachmentCount, findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { managedDirectory } from "./directory.js";
import { controlPolicyNameUsed, systemControlPolicyImmutable } from "./errors.js";
import { readPolicyDescription, readPolicyName } from "./names.js";
import { controlPolicyView } from "./render.js";

// Changes a custom policy's name, description or document; a new document applies at once to
// every node the policy is attached to. EffectScope cannot be changed (the API has no parameter).

export const updateControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "UpdateControlPolicy",
  access: "write",
  parameters: { accepted: ["NewDescription", "NewPolicyDocument", "NewPolicyName", "PolicyId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    const policyName = readPolicyName(ctx.params, "NewPolicyName");
    const description = readPolicyDescription(ctx.params, "NewDescription");
    const document = readControlPolicyDocument(ctx.params, "NewPolicyDocument");
    await managedDirectory(ctx);
    const policy = await findControlPolicy(ctx.store, policyId);
    if (policy.policyType === "System") throw systemControlPolicyImmutable(policy.policyName, "modified");
    if (policyName !== undefined && policyName !== policy.policyName) {
      if ((await ctx.store.controlPolicies.getByName(policyName)) !== undefined)
        throw controlPolicyNameUsed(policyName);
    }
    ctx.finishDryRun();

    const updatedAt = ctx.now.toISOString();
    const patch = {
      ...(policyName === undefined ? {} : { policyName }),
      ...(description === undefined ? {} : { description }),
      ...(document === undefined ? {} : { document }),
      updatedAt,
    };
    await ctx.store.controlPolicies.update(policyId, patch);
    // The chains name the policy (explanations) and read its document: both may have changed.
    ctx.policiesChanged();
    return {
      ControlPolicy: controlPolicyView(
        { ...policy, ...patch },
        await attachmentCount(ctx.store, policyId),
        "zh-CN",
      ),
    };
  },
});
