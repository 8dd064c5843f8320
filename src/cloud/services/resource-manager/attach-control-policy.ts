import { declareHandler } from "../declared-parameters.js";
import { findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { findTarget, managedDirectory, readTargetId } from "./directory.js";
import { attachmentExists, attachmentLimitExceeded, controlPolicyNotEnabled } from "./errors.js";
import { RD_LIMITS } from "./limits.js";

// Attaches a control policy to the Root folder, a folder or a member; it governs everything below
// that node at once. Only while the Control Policy feature is enabled; at most 10 per node.

export const attachControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "AttachControlPolicy",
  access: "write",
  parameters: { accepted: ["PolicyId", "TargetId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    const targetId = readTargetId(ctx.params);
    const directory = await managedDirectory(ctx);
    if (directory.controlPolicyStatus !== "Enabled")
      throw controlPolicyNotEnabled(directory.controlPolicyStatus);
    const policy = await findControlPolicy(ctx.store, policyId);
    const target = await findTarget(ctx.store, targetId);
    const attached = await ctx.store.controlPolicies.listForTarget(targetId);
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
