import type { CallContext, ResponseBody } from "../handler.js";
import { requireRegion } from "../ecs/images/accepted-params.js";
import { ownsResource } from "../ecs/tags/tagged-resources.js";
import { declareHandler } from "../declared-parameters.js";
import { storedRef } from "./resource-arn.js";
import { OWNER_NOT_MODELLED, readArns, readTagKeyList } from "./tag-service-params.js";
import { missingTagKey, resourceNotFoundResult } from "./tag-service-errors.js";
import type { FailedResult } from "./tag-service-errors.js";

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

    const failed: { ResourceARN: string; Result: FailedResult }[] = [];
    for (const arn of arns) {
      const ref = storedRef(arn);
      if (
        ref === undefined ||
        arn.accountId !== ctx.caller.accountId ||
        !(await ownsResource(ctx.store, ctx.caller.accountId, regionId, ref.resourceType, ref.resourceId))
      ) {
        failed.push({ ResourceARN: arn.arn, Result: resourceNotFoundResult });
        continue;
      }
      await ctx.store.tags.remove(ref, keys);
    }
    return failed.length === 0 ? {} : { FailedResources: { FailedResource: failed } };
  },
});
