import { missingParameter } from "../../../http/index.js";
import type { ResourceRef } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";
import { requireRegion } from "../images/accepted-params.js";
import { readResourceIds } from "./resource-ids.js";
import { readEcsResourceType, requireOwnedResources } from "./tagged-resources.js";
import type { EcsTagResourceType } from "./tagged-resources.js";

// The resources an ECS tag write names. The older one-resource actions (AddTags, RemoveTags) name
// one `ResourceId`, the batch ones (TagResources, UntagResources) up to 50 `ResourceId.N`; all four
// read the region, then the type, then the ids, so a request wrong in several ways gets the same
// code from each.

export interface TagTarget {
  readonly regionId: string;
  readonly type: EcsTagResourceType;
  /** At least one. */
  readonly ids: readonly string[];
}

export function readTagTarget(ctx: CallContext, resources: "one" | "batch"): TagTarget {
  const regionId = requireRegion(ctx);
  const type = readEcsResourceType(ctx.params.optStr("ResourceType"));
  return { regionId, type, ids: resources === "one" ? [readOneId(ctx)] : readBatchIds(ctx) };
}

/** The target's resources; `InvalidResourceId.NotFound` unless every one is the caller's own. */
export function requireTargetResources(ctx: CallContext, target: TagTarget): Promise<ResourceRef[]> {
  return requireOwnedResources(ctx.store, ctx.caller.accountId, target.regionId, target.type, target.ids);
}

function readOneId(ctx: CallContext): string {
  const id = ctx.params.optStr("ResourceId");
  if (id === undefined || id === "") throw missingParameter("ResourceId");
  return id;
}

function readBatchIds(ctx: CallContext): string[] {
  const ids = readResourceIds(ctx);
  if (ids.length === 0) throw missingParameter("ResourceId.N");
  return ids;
}
