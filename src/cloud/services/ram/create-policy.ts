import { declareHandler } from "../declared-parameters.js";
import { countCustomPolicies } from "./counts.js";
import { entityAlreadyExists, limitExceeded } from "./errors.js";
import { RAM_LENGTHS, RAM_LIMITS } from "./limits.js";
import { readPolicyName, readText } from "./names.js";
import { readPolicyDocument } from "./policy-document.js";
import { createdPolicy } from "./render.js";
import { TAGS_UNSUPPORTED } from "./unsupported.js";

export const createPolicy = declareHandler({
  product: "ram",
  action: "CreatePolicy",
  access: "write",
  parameters: {
    accepted: ["Description", "PolicyDocument", "PolicyName"],
    notModelled: { Tag: TAGS_UNSUPPORTED },
  },
  async handle(ctx) {
    const policyName = readPolicyName(ctx.params);
    const document = readPolicyDocument(ctx.params, "PolicyDocument", "ram");
    const description = readText(ctx.params, "Description", RAM_LENGTHS.policyDescription);
    const { accountId } = ctx.caller;

    // [decision] A custom policy may not take a system policy's name either: decisions and
    // diagnostics name policies by name, and one name must mean one policy in an account.
    if (
      (await ctx.store.ram.policies.get({ policyType: "Custom", accountId, policyName })) !== undefined ||
      (await ctx.store.ram.policies.get({ policyType: "System", policyName })) !== undefined
    ) {
      throw entityAlreadyExists("Policy", policyName);
    }
    if ((await countCustomPolicies(ctx.store, accountId)) >= RAM_LIMITS.customPoliciesPerAccount) {
      throw limitExceeded(
        "Policy",
        `The count of policy beyond the current limits. An account can have at most ${RAM_LIMITS.customPoliciesPerAccount} custom policies.`,
      );
    }
    ctx.finishDryRun();

    const policy = await ctx.store.ram.policies.insert({
      policyType: "Custom",
      accountId,
      policyName,
      description,
      document: document.text,
      createdAt: ctx.now.toISOString(),
    });
    ctx.policiesChanged();
    return { Policy: createdPolicy(policy) };
  },
});
