import type { RamPrincipalType } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { deleteConflict } from "./errors.js";
import { readCustomPolicyRef, requirePolicy } from "./lookup.js";

const CONFLICT_WORD: Readonly<Record<RamPrincipalType, string>> = {
  User: "user",
  Group: "group",
  Role: "role",
};

// RAM refuses to delete a custom policy that is still attached (`DeleteConflict.Policy.User`,
// `.Group`, and by analogy `.Role`) or has versions besides the default
// (`DeleteConflict.Policy.Version`). `CascadingDelete=true` detaches it everywhere and removes
// those versions first, as RAM does.
export const deletePolicy = declareHandler({
  product: "ram",
  action: "DeletePolicy",
  access: "write",
  parameters: { accepted: ["CascadingDelete", "PolicyName"] },
  async handle(ctx) {
    const ref = readCustomPolicyRef(ctx);
    const cascading = ctx.params.optBool("CascadingDelete") ?? false;
    const policy = await requirePolicy(ctx, ref);
    const { accountId } = ctx.caller;
    const attachments = await ctx.store.ram.policies.listAttachments({ accountId, policy: ref });
    const versions = await ctx.store.ram.policies.listVersions(ref);
    const others = versions.filter((version) => !version.isDefaultVersion);

    if (!cascading) {
      const first = attachments[0];
      if (first !== undefined) {
        const word = CONFLICT_WORD[first.principalType];
        throw deleteConflict(
          `Policy.${first.principalType}`,
          `The policy CAN NOT been attached to any ${word} while deleting the policy: ${policy.policyName} is attached ${attachments.length} times.`,
        );
      }
      if (others.length > 0) {
        throw deleteConflict(
          "Policy.Version",
          `The policy CAN NOT has any version except the default version: ${policy.policyName} also has ${others.map((v) => v.versionId).join(", ")}.`,
        );
      }
    }
    ctx.finishDryRun();

    for (const attachment of attachments) {
      await ctx.store.ram.policies.detach(ref, accountId, attachment);
    }
    for (const version of others) await ctx.store.ram.policies.deleteVersion(ref, version.versionId);
    await ctx.store.ram.policies.delete(ref);
    ctx.policiesChanged();
    return {};
  },
});
