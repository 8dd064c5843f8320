import { declareHandler } from "../declared-parameters.js";
import { deleteConflict, policyVersionNotExist } from "./errors.js";
import { readCustomPolicyRef, requirePolicy } from "./lookup.js";
import { readVersionId } from "./version-id.js";

export const deletePolicyVersion = declareHandler({
  product: "ram",
  action: "DeletePolicyVersion",
  access: "write",
  parameters: { accepted: ["PolicyName", "VersionId"] },
  async handle(ctx) {
    const ref = readCustomPolicyRef(ctx);
    const versionId = readVersionId(ctx.params);
    await requirePolicy(ctx, ref);
    const version = await ctx.store.ram.policies.getVersion(ref, versionId);
    if (version === undefined) throw policyVersionNotExist(versionId);
    if (version.isDefaultVersion) {
      throw deleteConflict(
        "Policy.Version.Default",
        `The default policy version CAN NOT been deleted directly: ${versionId} is the default of ${ref.policyName}.`,
      );
    }
    ctx.finishDryRun();

    await ctx.store.ram.policies.deleteVersion(ref, versionId);
    ctx.policiesChanged();
    return {};
  },
});
