import type { CallContext, ResponseBody } from "../handler.js";
import { requireRegion } from "../ecs/images/accepted-params.js";
import { MAX_TAGS_PER_RESOURCE } from "../ecs/tags/tag-rules.js";
import { declareHandler } from "../declared-parameters.js";
import { writeEachResource } from "./callers-resource.js";
import { OWNER_NOT_MODELLED, readArns, readTagsJson } from "./tag-service-params.js";
import { tagsPerResourceResult } from "./tag-service-errors.js";

// Tag service TagResources: adds or overwrites 1 to 10 tags on up to 50 resources named by ARN.
// It writes the same tags ECS's own APIs write, so a tag set here is on the image in DescribeImages
// at once. Authorized as `tag:TagResources` — NOT `ecs:TagResources` — which is why a policy that
// denies only the ECS tag actions on images does not stop it (a bypass imageguard reports).
// As the Tag service does, a resource that cannot be tagged (not the caller's, not found, over 20
// tags) is listed in `FailedResources` and the others are still tagged.

export const tagServiceTagResources = declareHandler({
  product: "tag",
  action: "TagResources",
  access: "write",
  parameters: { accepted: ["RegionId", "ResourceARN.N", "Tags"], notModelled: OWNER_NOT_MODELLED },
  async handle(ctx: CallContext): Promise<ResponseBody> {
    const regionId = requireRegion(ctx);
    const arns = readArns(ctx, regionId, true);
    const tags = readTagsJson(ctx, { forFilter: false }) ?? [];
    ctx.finishDryRun();

    return writeEachResource(ctx, regionId, arns, async (ref) => {
      const keys = new Set((await ctx.store.tags.list(ref)).map((tag) => tag.key));
      for (const tag of tags) keys.add(tag.key);
      if (keys.size > MAX_TAGS_PER_RESOURCE) return tagsPerResourceResult;
      await ctx.store.tags.set(ref, ctx.caller.accountId, tags);
      return undefined;
    });
  },
});
