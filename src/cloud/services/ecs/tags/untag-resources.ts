import { missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, rejectUnknownParams, requireRegion } from "../images/accepted-params.js";
import { readResourceIds } from "./resource-ids.js";
import { missingTags } from "./tag-errors.js";
import { MAX_TAGS_PER_REQUEST, readTagKeys } from "./tag-rules.js";
import { readEcsResourceType, requireOwnedResources } from "./tagged-resources.js";

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
    const regionId = requireRegion(ctx);
    const type = readEcsResourceType(ctx.params.optStr("ResourceType"));
    const ids = readResourceIds(ctx);
    if (ids.length === 0) throw missingParameter("ResourceId.N");
    const keys = readTagKeys(ctx, "TagKey", MAX_TAGS_PER_REQUEST);
    const all = ctx.params.optBool("All") ?? false;
    if (keys.length === 0 && !all) throw missingTags();

    const refs = await requireOwnedResources(ctx.store, ctx.caller.accountId, regionId, type, ids);
    ctx.finishDryRun();

    for (const ref of refs) {
      if (keys.length > 0) await ctx.store.tags.remove(ref, keys);
      else await ctx.store.tags.removeAll(ref);
    }
    return {};
  },
};
