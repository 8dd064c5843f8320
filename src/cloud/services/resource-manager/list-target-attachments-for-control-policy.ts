import { declareHandler } from "../declared-parameters.js";
import { findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { findTarget, managedDirectory } from "./directory.js";
import { pageFields, pageOf, readPaging } from "./paging.js";
import { policyTime } from "./render.js";

// The nodes one control policy is attached to, oldest attachment first, with their names.

export const listTargetAttachmentsForControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "ListTargetAttachmentsForControlPolicy",
  access: "read",
  parameters: { accepted: ["PageNumber", "PageSize", "PolicyId"] },
  async handle(ctx) {
    const policyId = readPolicyId(ctx);
    const paging = readPaging(ctx.params);
    await managedDirectory(ctx);
    const policy = await findControlPolicy(ctx.store, policyId);
    const page = pageOf(await ctx.store.controlPolicies.listTargets(policy.policyId), paging);
    const items: Record<string, unknown>[] = [];
    for (const attachment of page.items) {
      const target = await findTarget(ctx.store, attachment.targetId);
      items.push({
        TargetId: attachment.targetId,
        TargetName: target.name,
        TargetType: attachment.targetType,
        AttachDate: policyTime(attachment.attachedAt),
      });
    }
    return { TargetAttachments: { TargetAttachment: items }, ...pageFields(page) };
  },
});
