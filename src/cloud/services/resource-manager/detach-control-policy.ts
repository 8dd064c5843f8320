import { declareHandler } from "../declared-parameters.js";
import { findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { findTarget, managedDirectory, readTargetId } from "./directory.js";
import { attachmentNotExists, cannotDetachLast, controlPolicyNotEnabled } from "./errors.js";

// Detaches a control policy from a node. Alibaba lets system and custom policies alike be
// detached, except the last one on a node (`NotSupport.DetachLastControlPolicy`). So
// FullAliyunAccess can be detached once another policy is attached there: the node then allows
// only what its remaining policies allow (allow-list mode), the rule of authorization.md §5.

export const detachControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "DetachControlPolicy",
  access: "write",
  parameters: { accepted: ["PolicyId", "TargetId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    const targetId = readTargetId(ctx.params);
    const directory = await managedDirectory(ctx);
    if (directory.controlPolicyStatus !== "Enabled")
      throw controlPolicyNotEnabled(directory.controlPolicyStatus);
    const policy = await findControlPolicy(ctx.store, policyId);
    await findTarget(ctx.store, targetId);
    const attached = await ctx.store.controlPolicies.listForTarget(targetId);
    if (!attached.some((p) => p.policyId === policyId))
      throw attachmentNotExists(policy.policyName, targetId);
    if (attached.length === 1) throw cannotDetachLast(policy.policyName, targetId);
    ctx.finishDryRun();

    await ctx.store.controlPolicies.detach(policyId, targetId);
    ctx.policiesChanged();
    return {};
  },
});
