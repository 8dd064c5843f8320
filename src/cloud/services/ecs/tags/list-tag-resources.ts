import { CloudError, missingParameter } from "../../../http/index.js";
import type { Tag } from "../../../model/index.js";
import { StoreError } from "../../../store/store-error.js";
import type { TokenPage } from "../../../store/paging.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, indexedFields, rejectUnknownParams, requireRegion } from "../images/accepted-params.js";
import { readResourceIds } from "./resource-ids.js";
import { readTagFilters } from "./tag-rules.js";
import { readEcsResourceType, storedType } from "./tagged-resources.js";

// ECS ListTagResources: the caller's tags on resources of one type, named by id (`ResourceId.N`,
// up to 50) and/or by tags they all carry (`Tag.N`, exact; a key without a value matches any
// value). One row per tag, by resource then key, 50 a page with a NextToken, as Alibaba pages it.
// Other accounts' resources are never listed: tags are the owner's. `TagFilter.N` (fuzzy search,
// in invitational preview at Alibaba) is not implemented and is refused as an unknown parameter.

const ACCEPTED = [
  "RegionId",
  "ResourceType",
  indexed("ResourceId"),
  indexedFields("Tag", ["Key", "Value"]),
  "NextToken",
];
const PAGE_SIZE = 50;

export const listTagResources: ActionHandler = {
  product: "ecs",
  action: "ListTagResources",
  access: "read",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const type = readEcsResourceType(ctx.params.optStr("ResourceType"));
    const resourceIds = readResourceIds(ctx);
    const tags = readTagFilters(ctx, "Tag", { valueWithoutKey: "tag-value" });
    if (resourceIds.length === 0 && tags.length === 0) throw missingParameter("ResourceId.N or Tag.N");
    const nextToken = ctx.params.optStr("NextToken") || undefined;
    ctx.finishDryRun();

    const stored = storedType(type);
    const page: TokenPage<Tag> =
      stored === undefined
        ? { items: [] }
        : await withToken(() =>
            ctx.store.tags.listTags(
              {
                accountId: ctx.caller.accountId,
                regionId,
                resourceType: stored,
                ...(resourceIds.length > 0 && { resourceIds }),
                ...(tags.length > 0 && { tags }),
              },
              { maxResults: PAGE_SIZE, ...(nextToken !== undefined && { nextToken }) },
            ),
          );
    return {
      ...(page.nextToken !== undefined && { NextToken: page.nextToken }),
      TagResources: {
        TagResource: page.items.map((tag) => ({
          ResourceId: tag.resourceId,
          ResourceType: type,
          TagKey: tag.key,
          TagValue: tag.value,
        })),
      },
    };
  },
};

/** A NextToken this listing did not hand out is the caller's error, not the store's. */
export async function withToken<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof StoreError && err.code === "invalid-next-token") {
      throw new CloudError("InvalidNextToken", 400, "The specified NextToken is not valid.");
    }
    throw err;
  }
}
