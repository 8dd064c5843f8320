import type { ControlPolicy, Timestamp } from "../../model/index.js";
import type { CallContext } from "../handler.js";
import { findControlPolicy, readPolicyId } from "./control-policy-lookup.js";
import { findTarget, managedDirectory, readTargetId } from "./directory.js";
import type { Target } from "./directory.js";
import { controlPolicyNotEnabled } from "./errors.js";

// AttachControlPolicy and DetachControlPolicy name the same pair and check it the same way, in one
// order: the Control Policy feature must be enabled, then the policy and the node must exist.

export interface ControlPolicyAttachmentRequest {
  readonly policyId: string;
  readonly targetId: string;
  readonly policy: ControlPolicy;
  readonly target: Target;
  /** The policies attached to the node now. */
  readonly attached: readonly (ControlPolicy & { readonly attachedAt: Timestamp })[];
}

/** `PolicyId` and `TargetId`, both found, while Control Policy is enabled in the caller's directory. */
export async function readControlPolicyAttachment(ctx: CallContext): Promise<ControlPolicyAttachmentRequest> {
  const policyId = readPolicyId(ctx);
  const targetId = readTargetId(ctx.params);
  const directory = await managedDirectory(ctx);
  if (directory.controlPolicyStatus !== "Enabled")
    throw controlPolicyNotEnabled(directory.controlPolicyStatus);
  const policy = await findControlPolicy(ctx.store, policyId);
  const target = await findTarget(ctx.store, targetId);
  const attached = await ctx.store.controlPolicies.listForTarget(targetId);
  return { policyId, targetId, policy, target, attached };
}
