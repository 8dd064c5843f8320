import { missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexedFields, rejectUnknownParams, requireRegion } from "../images/accepted-params.js";
import { assertTagQuota, readTagPairs } from "./tag-rules.js";
import { readEcsResourceType, requireOwnedResources } from "./tagged-resources.js";

// AddTags, the older one-resource form of TagResources, with the same rules. It is authorized as
// `ecs:AddTags`, which is why a policy that denies only `ecs:TagResources` on images does not stop
// it: one of the bypasses imageguard reports.

const ACCEPTED = ["RegionId", "ResourceType", "ResourceId", indexedFields("Tag", ["Key", "Value"])];

export const addTags: ActionHandler = {
  product: "ecs",
  action: "AddTags",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const type = readEcsResourceType(ctx.params.optStr("ResourceType"));
    const id = ctx.params.optStr("ResourceId");
    if (id === undefined || id === "") throw missingParameter("ResourceId");
    const tags = readTagPairs(ctx, "Tag", { required: true });

    const [ref] = await requireOwnedResources(ctx.store, ctx.caller.accountId, regionId, type, [id]);
    if (ref === undefined) throw missingParameter("ResourceId");
    assertTagQuota(await ctx.store.tags.list(ref), tags);
    ctx.finishDryRun();

    await ctx.store.tags.set(ref, ctx.caller.accountId, tags);
    return {};
  },
};
