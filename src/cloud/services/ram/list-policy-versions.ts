import { declareHandler } from "../declared-parameters.js";
import { readPolicyRef, requirePolicy } from "./lookup.js";
import { policyVersion } from "./render.js";

export const listPolicyVersions = declareHandler({
  product: "ram",
  action: "ListPolicyVersions",
  access: "read",
  parameters: { accepted: ["PolicyName", "PolicyType"] },
  async handle(ctx) {
    const ref = readPolicyRef(ctx);
    await requirePolicy(ctx, ref);
    const versions = await ctx.store.ram.policies.listVersions(ref);
    return { PolicyVersions: { PolicyVersion: versions.map(policyVersion) } };
  },
});
