import { declareHandler } from "../declared-parameters.js";
import { entityNotExist, invalidRamParameter, limitExceeded } from "./errors.js";
import { RAM_LIMITS } from "./limits.js";
import { readCustomPolicyRef, requirePolicy } from "./lookup.js";
import { readPolicyDocument } from "./policy-document.js";
import { policyVersion } from "./render.js";

type RotateStrategy = "None" | "DeleteOldestNonDefaultVersionWhenLimitExceeded";

function readRotateStrategy(raw: string | undefined): RotateStrategy {
  if (raw === undefined || raw === "" || raw === "None") return "None";
  if (raw === "DeleteOldestNonDefaultVersionWhenLimitExceeded") return raw;
  throw invalidRamParameter(
    "RotateStrategy",
    `The parameter - "RotateStrategy" is incorrect: \`${raw}\`. Valid values: None, DeleteOldestNonDefaultVersionWhenLimitExceeded.`,
  );
}

// A custom policy has at most 5 versions. With RotateStrategy `None` (the default) a sixth is
// `LimitExceeded.Policy.Version`; with `DeleteOldestNonDefaultVersionWhenLimitExceeded` the oldest
// version that is not the default makes room.
export const createPolicyVersion = declareHandler({
  product: "ram",
  action: "CreatePolicyVersion",
  access: "write",
  parameters: { accepted: ["PolicyDocument", "PolicyName", "RotateStrategy", "SetAsDefault"] },
  async handle(ctx) {
    const ref = readCustomPolicyRef(ctx);
    const document = readPolicyDocument(ctx.params, "PolicyDocument", "ram");
    const setAsDefault = ctx.params.optBool("SetAsDefault") ?? false;
    const rotate = readRotateStrategy(ctx.params.optStr("RotateStrategy"));
    await requirePolicy(ctx, ref);

    const versions = await ctx.store.ram.policies.listVersions(ref);
    let evict: string | undefined;
    if (versions.length >= RAM_LIMITS.versionsPerPolicy) {
      if (rotate === "None") {
        throw limitExceeded(
          "Policy.Version",
          `The count of policy version beyond the current limits: ${ref.policyName} has ${versions.length} versions, the maximum is ${RAM_LIMITS.versionsPerPolicy}.`,
        );
      }
      evict = versions.find((version) => !version.isDefaultVersion)?.versionId;
    }
    ctx.finishDryRun();

    if (evict !== undefined) await ctx.store.ram.policies.deleteVersion(ref, evict);
    const created = await ctx.store.ram.policies.addVersion(ref, {
      document: document.text,
      createdAt: ctx.now.toISOString(),
      setAsDefault,
    });
    if (created === undefined) throw entityNotExist("Policy", ref.policyName);
    ctx.policiesChanged();
    return { PolicyVersion: policyVersion(created) };
  },
});
