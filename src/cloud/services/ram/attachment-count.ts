import type { RamPolicyRef } from "../../model/index.js";
import type { Store } from "../../store/store.js";

/**
 * A policy's AttachmentCount as the caller's account sees it. A system policy is attached in many
 * accounts; counting them all would tell one tenant about the others.
 */
export async function attachmentCount(
  store: Store,
  accountId: string,
  policy: RamPolicyRef,
): Promise<number> {
  return (await store.ram.policies.listAttachments({ accountId, policy })).length;
}
