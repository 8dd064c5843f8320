import type { TagPair } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";
import { assertTagQuota } from "./tag-rules.js";
import { requireTargetResources } from "./tag-target.js";
import type { TagTarget } from "./tag-target.js";

// TagResources and AddTags (its older one-resource form) set tags by the same rules, all or
// nothing: every resource must be the caller's own and stay within 20 tags before any is written.

/** Adds or overwrites `tags` on every resource of `target`; ends a dry run once the request is valid. */
export async function applyTags(
  ctx: CallContext,
  target: TagTarget,
  tags: readonly TagPair[],
): Promise<void> {
  const refs = await requireTargetResources(ctx, target);
  for (const ref of refs) assertTagQuota(await ctx.store.tags.list(ref), tags);
  ctx.finishDryRun();

  for (const ref of refs) await ctx.store.tags.set(ref, ctx.caller.accountId, tags);
}
