import type { CallContext, ResponseBody } from "../handler.js";
import { requireRegion } from "../ecs/images/accepted-params.js";
import { declareHandler } from "../declared-parameters.js";
import { writeEachResource } from "./callers-resource.js";
import { OWNER_NOT_MODELLED, readArns, readTagKeyList } from "./tag-service-params.js";
import { missingTagKey } from "./tag-service-errors.js";

// Tag service UntagResources: removes 1 to 10 keys (`TagKey.N`) from up to 50 resources named by
// ARN; keys a resource does not carry are skipped. Authorized as `tag:UntagResources`. Resources
// that are not the caller's are reported in `FailedResources`.

export const tagServiceUntagResources = declareHandler({
  product: "tag",
  action: "UntagResources",
  access: "write",
  parameters: { accepted: ["RegionId", "ResourceARN.N", "TagKey.N"], notModelled: OWNER_NOT_MODELLED },
  async handle(ctx: CallContext): Promise<ResponseBody> {
    const regionId = requireRegion(ctx);
    const arns = readArns(ctx, regionId, true);
    const keys = readTagKeyList(ctx);
    if (keys.length === 0) throw missingTagKey();
    ctx.finishDryRun();

    return writeEachResource(ctx, regionId, arns, async (ref) => {
      await ctx.store.tags.remove(ref, keys);
      return undefined;
    });
  },
});
