import type { ControlPolicy } from "../../model/index.js";
import type { Store } from "../../store/index.js";
import type { CallContext } from "../handler.js";
import { controlPolicyNotExists, missingRdParameter } from "./errors.js";

// Control policies are named by PolicyId (`cp-…`); every action that takes one reads it here.

export function readPolicyId(ctx: CallContext): string {
  const policyId = ctx.params.optStr("PolicyId");
  if (policyId === undefined || policyId === "") throw missingRdParameter("PolicyId", "PolicyId");
  return policyId;
}

export async function findControlPolicy(store: Store, policyId: string): Promise<ControlPolicy> {
  const policy = await store.controlPolicies.get(policyId);
  if (policy === undefined) throw controlPolicyNotExists(policyId);
  return policy;
}

/** How many nodes the policy is attached to (AttachmentCount). */
export async function attachmentCount(store: Store, policyId: string): Promise<number> {
  return (await store.controlPolicies.listTargets(policyId)).length;
}
