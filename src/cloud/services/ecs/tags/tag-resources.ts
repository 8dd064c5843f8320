import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, indexedFields, rejectUnknownParams } from "../images/accepted-params.js";
import { applyTags } from "./apply-tags.js";
import { readTagPairs } from "./tag-rules.js";
import { readTagTarget } from "./tag-target.js";

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
    const target = readTagTarget(ctx, "batch");
    const tags = readTagPairs(ctx, "Tag", { required: true });

    await applyTags(ctx, target, tags);
    return {};
  },
};
