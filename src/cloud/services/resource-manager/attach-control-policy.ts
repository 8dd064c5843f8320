import { declareHandler } from "../declared-parameters.js";
import { readControlPolicyAttachment } from "./control-policy-attachment.js";
import { attachmentExists, attachmentLimitExceeded } from "./errors.js";
import { RD_LIMITS } from "./limits.js";

// Attaches a control policy to the Root folder, a folder or a member; it governs everything below
// that node at once. Only while the Control Policy feature is enabled; at most 10 per node.

export const attachControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "AttachControlPolicy",
  access: "write",
  parameters: { accepted: ["PolicyId", "TargetId"] },
  async handle(ctx) {
    const { policyId, targetId, policy, target, attached } = await readControlPolicyAttachment(ctx);
    if (attached.some((p) => p.policyId === policyId)) throw attachmentExists(policy.policyName, targetId);
    if (attached.length >= RD_LIMITS.attachmentsPerNode) {
      throw attachmentLimitExceeded(targetId, RD_LIMITS.attachmentsPerNode);
    }
    ctx.finishDryRun();

    await ctx.store.controlPolicies.attach({
      policyId,
      targetId,
      targetType: target.targetType,
      attachedAt: ctx.now.toISOString(),
    });
    ctx.policiesChanged();
    return {};
  },
});
