import { declareHandler } from "../declared-parameters.js";
import { attachmentCount, findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { managedDirectory } from "./directory.js";
import { controlPolicyStillAttached, systemControlPolicyImmutable } from "./errors.js";

// Deletes a custom policy that is attached nowhere (Alibaba: detach it first).

export const deleteControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "DeleteControlPolicy",
  access: "write",
  parameters: { accepted: ["PolicyId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    await managedDirectory(ctx);
    const policy = await findControlPolicy(ctx.store, policyId);
    if (policy.policyType === "System") throw systemControlPolicyImmutable(policy.policyName, "deleted");
    const count = await attachmentCount(ctx.store, policyId);
    if (count > 0) throw controlPolicyStillAttached(policy.policyName, count);
    ctx.finishDryRun();

    await ctx.store.controlPolicies.delete(policyId);
    ctx.policiesChanged();
    return {};
  },
});
