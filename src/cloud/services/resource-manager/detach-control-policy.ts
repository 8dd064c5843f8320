import { declareHandler } from "../declared-parameters.js";
import { readControlPolicyAttachment } from "./control-policy-attachment.js";
import { attachmentNotExists, cannotDetachLast } from "./errors.js";

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
    const { policyId, targetId, policy, attached } = await readControlPolicyAttachment(ctx);
    if (!attached.some((p) => p.policyId === policyId))
      throw attachmentNotExists(policy.policyName, targetId);
    if (attached.length === 1) throw cannotDetachLast(policy.policyName, targetId);
    ctx.finishDryRun();

    await ctx.store.controlPolicies.detach(policyId, targetId);
    ctx.policiesChanged();
    return {};
  },
});
