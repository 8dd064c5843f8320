import { newControlPolicyId } from "../../model/index.js";
import type { ControlPolicy } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { readControlPolicyDocument } from "./control-policy-document.js";
import { managedDirectory } from "./directory.js";
import { controlPolicyNameUsed } from "./errors.js";
import { readEffectScope, readPolicyDescription, readPolicyName } from "./names.js";
import { controlPolicyView } from "./render.js";

// A custom control policy. Its document is validated as a control policy (see
// control-policy-document.ts); EffectScope `RAM` (the default: RAM users and roles) or `All`
// (also the member accounts' root identities). Names are unique in the directory. Creating one
// does not need the Control Policy feature enabled; attaching it does.

export const createControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "CreateControlPolicy",
  access: "write",
  parameters: { accepted: ["Description", "EffectScope", "PolicyDocument", "PolicyName"] },
  async handle(ctx) {
    const policyName = readPolicyName(ctx.params, "PolicyName");
    const description = readPolicyDescription(ctx.params, "Description");
    const effectScope = readEffectScope(ctx.params);
    const document = readControlPolicyDocument(ctx.params, "PolicyDocument");
    await managedDirectory(ctx);
    if ((await ctx.store.controlPolicies.getByName(policyName)) !== undefined)
      throw controlPolicyNameUsed(policyName);
    ctx.finishDryRun();

    const at = ctx.now.toISOString();
    let policyId: string;
    do policyId = newControlPolicyId();
    while ((await ctx.store.controlPolicies.get(policyId)) !== undefined);
    const policy: ControlPolicy = {
      policyId,
      policyName,
      ...(description === undefined ? {} : { description }),
      policyType: "Custom",
      effectScope,
      document,
      createdAt: at,
      updatedAt: at,
    };
    await ctx.store.controlPolicies.insert(policy);
    // Attached nowhere yet, so no decision changes; said anyway, as for every control policy write.
    ctx.policiesChanged();
    return { ControlPolicy: controlPolicyView(policy, 0, "zh-CN") };
  },
});
