import { declareHandler } from "../declared-parameters.js";
import { findTarget, managedDirectory, readTargetId } from "./directory.js";
import { describedIn } from "./full-aliyun-access.js";
import { readLanguage } from "./names.js";
import { policyTime } from "./render.js";

// The control policies attached to one node itself (not those it inherits), oldest attachment first.

export const listControlPolicyAttachmentsForTarget = declareHandler({
  product: "resourcemanager",
  action: "ListControlPolicyAttachmentsForTarget",
  access: "read",
  parameters: { accepted: ["Language", "TargetId"] },
  async handle(ctx) {
    const targetId = readTargetId(ctx.params);
    const language = readLanguage(ctx.params);
    await managedDirectory(ctx);
    await findTarget(ctx.store, targetId);
    const attached = await ctx.store.controlPolicies.listForTarget(targetId);
    return {
      ControlPolicyAttachments: {
        ControlPolicyAttachment: attached.map((policy) => ({
          PolicyId: policy.policyId,
          PolicyName: policy.policyName,
          PolicyType: policy.policyType,
          Description: describedIn(policy, language),
          EffectScope: policy.effectScope,
          AttachDate: policyTime(policy.attachedAt),
        })),
      },
    };
  },
});
