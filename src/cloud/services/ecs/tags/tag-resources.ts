import { missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, indexedFields, rejectUnknownParams, requireRegion } from "../images/accepted-params.js";
import { readResourceIds } from "./resource-ids.js";
import { assertTagQuota, readTagPairs } from "./tag-rules.js";
import { readEcsResourceType, requireOwnedResources } from "./tagged-resources.js";

// ECS TagResources: adds or overwrites up to 20 tags on up to 50 of the caller's resources of one
// type, all or nothing. Every resource must be the caller's own (`InvalidResourceId.NotFound`
// otherwise, shared and Alibaba images included) and stay within 20 tags
// (`OperationDenied.QuotaExceed`). The runtime has already decided `ecs:TagResources` on each
// resource's ARN with its current tags and the request's (the seed policy's Deny on
// `acs:ecs:*:*:image/*` stops this call before it gets here).

const ACCEPTED = ["RegionId", "ResourceType", indexed("ResourceId"), indexedFields("Tag", ["Key", "Value"])];

export const tagResources: ActionHandler = {
  product: "ecs",
  action: "TagResources",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const type = readEcsResourceType(ctx.params.optStr("ResourceType"));
    const ids = readResourceIds(ctx);
    if (ids.length === 0) throw missingParameter("ResourceId.N");
    const tags = readTagPairs(ctx, "Tag", { required: true });

    const refs = await requireOwnedResources(ctx.store, ctx.caller.accountId, regionId, type, ids);
    for (const ref of refs) assertTagQuota(await ctx.store.tags.list(ref), tags);
    ctx.finishDryRun();

    for (const ref of refs) await ctx.store.tags.set(ref, ctx.caller.accountId, tags);
    return {};
  },
};
