import type { Tag, TagPair } from "../../model/index.js";
import type { CallContext, ResponseBody } from "../handler.js";
import { requireRegion } from "../ecs/images/accepted-params.js";
import { declareHandler } from "../declared-parameters.js";
import { callersResource } from "./callers-resource.js";
import { TAG_SERVICE_TYPES, formatResourceArn } from "./resource-arn.js";
import type { ParsedArn } from "./resource-arn.js";
import { invalidCategory, invalidNextToken } from "./tag-service-errors.js";
import { OWNER_NOT_MODELLED, readArns, readTagsJson } from "./tag-service-params.js";

// Tag service ListTagResources: the caller's tagged resources in a region with their tags, one
// entry per resource. Resources are those named by `ResourceARN.N` (in request order), or, without
// ARNs, every tagged resource the Tag service reaches (ECS instances, images, security groups;
// VPCs, vSwitches), by ARN. `Tags` keeps the resources carrying every given pair. Pages of
// `PageSize` (1 to 1,000, default 50) resources with an opaque NextToken. Every local tag is a
// custom tag: `Category=System` lists nothing.

const BATCH = 1000;

interface Entry {
  readonly arn: string;
  readonly tags: readonly Tag[];
}

export const tagServiceListTagResources = declareHandler({
  product: "tag",
  action: "ListTagResources",
  access: "read",
  parameters: {
    accepted: ["Category", "NextToken", "PageSize", "RegionId", "ResourceARN.N", "Tags"],
    notModelled: OWNER_NOT_MODELLED,
  },
  async handle(ctx: CallContext): Promise<ResponseBody> {
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const arns = readArns(ctx, regionId, false);
    const filter = readTagsJson(ctx, { forFilter: true }) ?? [];
    const pageSize = p.optInt("PageSize", { min: 1, max: 1000 }) ?? 50;
    const category = p.optStr("Category") || "All";
    if (category !== "All" && category !== "Custom" && category !== "System") throw invalidCategory();
    const offset = decodeToken(p.optStr("NextToken"));
    ctx.finishDryRun();

    let entries: Entry[] = [];
    if (category !== "System") {
      entries =
        arns.length > 0
          ? await namedResources(ctx, regionId, arns)
          : await allTaggedResources(ctx, regionId, filter);
      entries = entries.filter((entry) => entry.tags.length > 0 && carriesAll(entry.tags, filter));
    }
    const page = entries.slice(offset, offset + pageSize);
    const next = offset + pageSize < entries.length ? encodeToken(offset + pageSize) : undefined;
    return {
      ...(next !== undefined && { NextToken: next }),
      TagResources: page.map((entry) => ({
        ResourceARN: entry.arn,
        Tags: entry.tags.map((tag) => ({ Key: tag.key, Value: tag.value, Category: "Custom" })),
      })),
    };
  },
});

/** The named resources that exist and are the caller's, with their tags. */
async function namedResources(
  ctx: CallContext,
  regionId: string,
  arns: readonly ParsedArn[],
): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const arn of arns) {
    const ref = await callersResource(ctx, regionId, arn);
    if (ref === undefined) continue;
    out.push({ arn: formatResourceArn(ref, ctx.caller.accountId), tags: await ctx.store.tags.list(ref) });
  }
  return out;
}

/** Every resource of the caller's in the region carrying a tag (every `filter` pair, when given). */
async function allTaggedResources(
  ctx: CallContext,
  regionId: string,
  filter: readonly TagPair[],
): Promise<Entry[]> {
  const accountId = ctx.caller.accountId;
  const byArn = new Map<string, Tag[]>();
  for (const resourceType of TAG_SERVICE_TYPES) {
    let nextToken: string | undefined;
    do {
      const page = await ctx.store.tags.listTags(
        { accountId, regionId, resourceType, ...(filter.length > 0 && { tags: filter }) },
        { maxResults: BATCH, ...(nextToken !== undefined && { nextToken }) },
      );
      for (const tag of page.items) {
        const arn = formatResourceArn(tag, accountId);
        const tags = byArn.get(arn) ?? [];
        tags.push(tag);
        byArn.set(arn, tags);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
  return [...byArn.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([arn, tags]) => ({ arn, tags }));
}

function carriesAll(tags: readonly Tag[], filter: readonly TagPair[]): boolean {
  return filter.every((want) => tags.some((tag) => tag.key === want.key && tag.value === want.value));
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64url");
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const offset = (parsed as { offset?: unknown } | null)?.offset;
    if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw invalidNextToken();
}
