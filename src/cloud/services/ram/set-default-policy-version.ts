import { declareHandler } from "../declared-parameters.js";
import { policyVersionNotExist } from "./errors.js";
import { readCustomPolicyRef, requirePolicy } from "./lookup.js";
import { readVersionId } from "./version-id.js";

// The default version is the one authorization reads: changing it changes what every identity the
// policy is attached to may do, immediately.
export const setDefaultPolicyVersion = declareHandler({
  product: "ram",
  action: "SetDefaultPolicyVersion",
  access: "write",
  parameters: { accepted: ["PolicyName", "VersionId"] },
  async handle(ctx) {
    const ref = readCustomPolicyRef(ctx);
    const versionId = readVersionId(ctx.params);
    await requirePolicy(ctx, ref);
    if ((await ctx.store.ram.policies.getVersion(ref, versionId)) === undefined) {
      throw policyVersionNotExist(versionId);
    }
    ctx.finishDryRun();

    await ctx.store.ram.policies.setDefaultVersion(ref, versionId, ctx.now.toISOString());
    ctx.policiesChanged();
    return {};
  },
});
