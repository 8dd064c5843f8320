import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, rejectUnknownParams } from "../images/accepted-params.js";
import { missingTags } from "./tag-errors.js";
import { MAX_TAGS_PER_REQUEST, readTagKeys } from "./tag-rules.js";
import { readTagTarget, requireTargetResources } from "./tag-target.js";

// ECS UntagResources: removes the keys `TagKey.N` (up to 20) from up to 50 of the caller's
// resources, or every tag with `All=true`, which Alibaba honours only when no `TagKey.N` is given.
// Keys a resource does not carry are skipped. All or nothing, like TagResources.

const ACCEPTED = ["RegionId", "ResourceType", indexed("ResourceId"), indexed("TagKey"), "All"];

export const untagResources: ActionHandler = {
  product: "ecs",
  action: "UntagResources",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const target = readTagTarget(ctx, "batch");
    const keys = readTagKeys(ctx, "TagKey", MAX_TAGS_PER_REQUEST);
    const all = ctx.params.optBool("All") ?? false;
    if (keys.length === 0 && !all) throw missingTags();

    const refs = await requireTargetResources(ctx, target);
    ctx.finishDryRun();

    for (const ref of refs) {
      if (keys.length > 0) await ctx.store.tags.remove(ref, keys);
      else await ctx.store.tags.removeAll(ref);
    }
    return {};
  },
};
