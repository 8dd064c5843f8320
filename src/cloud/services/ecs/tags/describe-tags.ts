import type { ResourceType, Tag, TagFilter } from "../../../model/index.js";
import type { TagListFilter } from "../../../store/store.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexedFields, rejectUnknownParams, requireRegion } from "../images/accepted-params.js";
import { readTagFilters } from "./tag-rules.js";
import { readEcsResourceType, storedType } from "./tagged-resources.js";

// DescribeTags (the older API): the distinct tag pairs on the caller's ECS resources in a region,
// each with how many resources of each type carry it, by key then value, paged (PageSize up to
// 100, default 50). `ResourceType` / `ResourceId` narrow the resources; `Tag.N` narrows the pairs
// listed: a pair is listed when it matches any of them (a key alone matches every value).
// `Category` is deprecated by Alibaba and not implemented. Tags the Tag service put on VPCs and
// vSwitches are not ECS resources and are not counted.

const ACCEPTED = [
  "RegionId",
  "ResourceType",
  "ResourceId",
  indexedFields("Tag", ["Key", "Value"]),
  "PageNumber",
  "PageSize",
];

/** The `ResourceTypeCount` field for each stored ECS type. */
const COUNT_FIELD: Partial<Record<ResourceType, string>> = {
  instance: "Instance",
  image: "Image",
  securitygroup: "Securitygroup",
  disk: "Disk",
  snapshot: "Snapshot",
  eni: "Eni",
  keypair: "KeyPair",
};

const BATCH = 1000;

export const describeTags: ActionHandler = {
  product: "ecs",
  action: "DescribeTags",
  access: "read",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const typeRaw = p.optStr("ResourceType");
    const type = typeRaw === undefined || typeRaw === "" ? undefined : readEcsResourceType(typeRaw);
    const resourceId = p.optStr("ResourceId") || undefined;
    const filters = readTagFilters(ctx, "Tag", { valueWithoutKey: "mismatch" });
    const pageNumber = p.optInt("PageNumber", { min: 1 }) ?? 1;
    const pageSize = p.optInt("PageSize", { min: 1, max: 100 }) ?? 50;
    ctx.finishDryRun();

    const stored = type === undefined ? undefined : storedType(type);
    const rows =
      type !== undefined && stored === undefined
        ? []
        : await allTags(ctx, {
            accountId: ctx.caller.accountId,
            regionId,
            ...(stored !== undefined && { resourceType: stored }),
            ...(resourceId !== undefined && { resourceIds: [resourceId] }),
          });

    const pairs = new Map<string, { key: string; value: string; counts: Map<string, number> }>();
    for (const tag of rows) {
      const field = COUNT_FIELD[tag.resourceType];
      if (field === undefined || !matchesAny(tag, filters)) continue;
      const id = JSON.stringify([tag.key, tag.value]);
      const pair = pairs.get(id) ?? { key: tag.key, value: tag.value, counts: new Map<string, number>() };
      pair.counts.set(field, (pair.counts.get(field) ?? 0) + 1);
      pairs.set(id, pair);
    }
    const sorted = [...pairs.values()].sort((a, b) =>
      a.key === b.key ? compare(a.value, b.value) : compare(a.key, b.key),
    );
    const start = (pageNumber - 1) * pageSize;
    return {
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: sorted.length,
      Tags: {
        Tag: sorted.slice(start, start + pageSize).map((pair) => ({
          TagKey: pair.key,
          TagValue: pair.value,
          ResourceTypeCount: Object.fromEntries(pair.counts),
        })),
      },
    };
  },
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matchesAny(tag: Tag, filters: readonly TagFilter[]): boolean {
  return (
    filters.length === 0 ||
    filters.some((f) => f.key === tag.key && (f.value === undefined || f.value === tag.value))
  );
}

/** Every tag row matching `filter`, read in keyset pages. */
async function allTags(ctx: CallContext, filter: TagListFilter): Promise<Tag[]> {
  const rows: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.store.tags.listTags(filter, {
      maxResults: BATCH,
      ...(nextToken && { nextToken }),
    });
    rows.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return rows;
}
