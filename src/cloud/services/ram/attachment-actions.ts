import type { RamPolicyRef, RamPrincipalType } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import type { DeclaredHandler } from "../declared-parameters.js";
import type { CallContext } from "../handler.js";
import { attachmentAlreadyExists, attachmentNotExist, limitExceeded } from "./errors.js";
import { RAM_LIMITS } from "./limits.js";
import { readPolicyRef, requirePolicy } from "./lookup.js";
import { readPrincipal } from "./principals.js";
import type { NamedPrincipal } from "./principals.js";
import { wireTime } from "./render.js";
import { RESOURCE_GROUPS_UNSUPPORTED } from "./unsupported.js";

// Attach, detach and list for users, groups and roles behave alike but for the identity they name
// (`UserName`, `GroupName`, `RoleName`) and the codes they report (`EntityAlreadyExists.User.Policy`,
// `LimitExceeded.Group.Policy`, …). Each action still has its own file and registry line; the files
// instantiate these.

/** AttachPolicyToUser / Group / Role: at most 20 system and 10 custom policies per identity. */
export function attachPolicyHandler(type: RamPrincipalType): DeclaredHandler {
  return declareHandler({
    product: "ram",
    action: `AttachPolicyTo${type}`,
    access: "write",
    parameters: attachmentParameters(type),
    async handle(ctx) {
      const { ref, principal } = await readAttachment(ctx, type);
      const { accountId } = ctx.caller;
      const attached = await ctx.store.ram.policies.listAttachments({ accountId, principal: principal.ref });
      if (
        attached.some((a) => a.policy.policyType === ref.policyType && a.policy.policyName === ref.policyName)
      ) {
        throw attachmentAlreadyExists(type, ref.policyName);
      }
      const sameType = attached.filter((a) => a.policy.policyType === ref.policyType).length;
      const limit =
        ref.policyType === "System"
          ? RAM_LIMITS.systemPoliciesPerIdentity
          : RAM_LIMITS.customPoliciesPerIdentity;
      if (sameType >= limit) {
        throw limitExceeded(
          `${type}.Policy`,
          `The policy count of the ${type.toLowerCase()} attached policies beyond the current limits: ${principal.name} has ${sameType} ${ref.policyType.toLowerCase()} policies, the maximum is ${limit}.`,
        );
      }
      ctx.finishDryRun();

      await ctx.store.ram.policies.attach({
        ...principal.ref,
        accountId,
        policy: ref,
        attachedAt: ctx.now.toISOString(),
      });
      ctx.policiesChanged();
      return {};
    },
  });
}

/** DetachPolicyFromUser / Group / Role. */
export function detachPolicyHandler(type: RamPrincipalType): DeclaredHandler {
  return declareHandler({
    product: "ram",
    action: `DetachPolicyFrom${type}`,
    access: "write",
    parameters: attachmentParameters(type),
    async handle(ctx) {
      const { ref, principal } = await readAttachment(ctx, type);
      const { accountId } = ctx.caller;
      const attached = await ctx.store.ram.policies.listAttachments({
        accountId,
        principal: principal.ref,
        policy: ref,
      });
      if (attached.length === 0) throw attachmentNotExist(type, ref.policyName);
      ctx.finishDryRun();

      await ctx.store.ram.policies.detach(ref, accountId, principal.ref);
      ctx.policiesChanged();
      return {};
    },
  });
}

/** ListPoliciesForUser / Group / Role: the policies attached to the identity itself. */
export function listPoliciesForHandler(type: RamPrincipalType): DeclaredHandler {
  return declareHandler({
    product: "ram",
    action: `ListPoliciesFor${type}`,
    access: "read",
    parameters: { accepted: [`${type}Name`] },
    async handle(ctx) {
      const principal = await readPrincipal(ctx, type);
      const attached = await ctx.store.ram.policies.listAttachments({
        accountId: ctx.caller.accountId,
        principal: principal.ref,
      });
      const rows = [];
      for (const attachment of attached) {
        const policy = await ctx.store.ram.policies.get(attachment.policy);
        rows.push({
          PolicyName: attachment.policy.policyName,
          PolicyType: attachment.policy.policyType,
          Description: policy?.description,
          DefaultVersion: policy?.defaultVersion,
          AttachDate: wireTime(attachment.attachedAt),
        });
      }
      return { Policies: { Policy: rows } };
    },
  });
}

/**
 * The policy and the identity an attach or detach names, both found in the caller's account; read
 * in one order for both, so a request wrong in several ways gets the same code from each.
 */
async function readAttachment(
  ctx: CallContext,
  type: RamPrincipalType,
): Promise<{ readonly ref: RamPolicyRef; readonly principal: NamedPrincipal }> {
  const ref = readPolicyRef(ctx);
  const principal = await readPrincipal(ctx, type);
  await requirePolicy(ctx, ref);
  return { ref, principal };
}

/** The identity (`UserName`, `GroupName`, `RoleName`) and the policy; no resource-group scope. */
function attachmentParameters(type: RamPrincipalType): DeclaredHandler["parameters"] {
  return {
    accepted: [`${type}Name`, "PolicyName", "PolicyType"],
    notModelled: { ResourceGroupId: RESOURCE_GROUPS_UNSUPPORTED },
  };
}
