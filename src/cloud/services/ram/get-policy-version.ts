import { declareHandler } from "../declared-parameters.js";
import { policyVersionNotExist } from "./errors.js";
import { readPolicyRef, requirePolicy } from "./lookup.js";
import { policyVersion } from "./render.js";
import { readVersionId } from "./version-id.js";

export const getPolicyVersion = declareHandler({
  product: "ram",
  action: "GetPolicyVersion",
  access: "read",
  parameters: { accepted: ["PolicyName", "PolicyType", "VersionId"] },
  async handle(ctx) {
    const ref = readPolicyRef(ctx);
    const versionId = readVersionId(ctx.params);
    await requirePolicy(ctx, ref);
    const version = await ctx.store.ram.policies.getVersion(ref, versionId);
    if (version === undefined) throw policyVersionNotExist(versionId);
    return { PolicyVersion: policyVersion(version) };
  },
});
