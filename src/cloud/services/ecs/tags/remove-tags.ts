import { missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexedFields, rejectUnknownParams } from "../images/accepted-params.js";
import { readTagFilters } from "./tag-rules.js";
import { missingTags } from "./tag-errors.js";
import { readTagTarget, requireTargetResources } from "./tag-target.js";

// RemoveTags, the older one-resource form of UntagResources: removes each `Tag.N.Key` from the
// resource; when `Tag.N.Value` is given too, only if the resource's value for that key is that
// value. Authorized as `ecs:RemoveTags`.

const ACCEPTED = ["RegionId", "ResourceType", "ResourceId", indexedFields("Tag", ["Key", "Value"])];

export const removeTags: ActionHandler = {
  product: "ecs",
  action: "RemoveTags",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const target = readTagTarget(ctx, "one");
    const tags = readTagFilters(ctx, "Tag", { valueWithoutKey: "mismatch" });
    if (tags.length === 0) throw missingTags();

    const [ref] = await requireTargetResources(ctx, target);
    if (ref === undefined) throw missingParameter("ResourceId");
    ctx.finishDryRun();

    const current = new Map((await ctx.store.tags.list(ref)).map((tag) => [tag.key, tag.value]));
    const keys = tags
      .filter(
        (tag) => current.has(tag.key) && (tag.value === undefined || current.get(tag.key) === tag.value),
      )
      .map((tag) => tag.key);
    if (keys.length > 0) await ctx.store.tags.remove(ref, keys);
    return {};
  },
};
