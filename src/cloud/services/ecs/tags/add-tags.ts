import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexedFields, rejectUnknownParams } from "../images/accepted-params.js";
import { applyTags } from "./apply-tags.js";
import { readTagPairs } from "./tag-rules.js";
import { readTagTarget } from "./tag-target.js";

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
    const target = readTagTarget(ctx, "one");
    const tags = readTagPairs(ctx, "Tag", { required: true });

    await applyTags(ctx, target, tags);
    return {};
  },
};
