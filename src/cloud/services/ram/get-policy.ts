import { declareHandler } from "../declared-parameters.js";
import { attachmentCount } from "./attachment-count.js";
import { entityNotExist } from "./errors.js";
import { readPolicyRef, requirePolicy } from "./lookup.js";
import { listedPolicy, policyVersion } from "./render.js";

export const getPolicy = declareHandler({
  product: "ram",
  action: "GetPolicy",
  access: "read",
  parameters: { accepted: ["PolicyName", "PolicyType"] },
  async handle(ctx) {
    const ref = readPolicyRef(ctx);
    const policy = await requirePolicy(ctx, ref);
    const version = await ctx.store.ram.policies.getDefaultVersion(ref);
    if (version === undefined) throw entityNotExist("Policy", ref.policyName);
    const count = await attachmentCount(ctx.store, ctx.caller.accountId, ref);
    return {
      Policy: { ...listedPolicy(policy, count), PolicyDocument: version.document },
      DefaultPolicyVersion: policyVersion(version),
    };
  },
});
