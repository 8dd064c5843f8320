import { CloudError, invalidParameter } from "../../../http/index.js";
import type { OffsetPage, OffsetPaging, TokenPage, TokenPaging } from "../../../store/paging.js";
import type { CallContext } from "../../handler.js";

// The two paging styles of ECS and VPC Describe* actions: PageNumber/PageSize (TotalCount in the
// answer) and NextToken/MaxResults. Most listings are paged by the store; a few filter on fields the
// store cannot (a security group's name, a VPC's name, an instance name with wildcards), and those
// read the account's resources of the region whole, filter them, and page the result here. That
// stays cheap because what they list is bounded by quotas (10 VPCs a region, an instance quota).

export interface PageSizeLimits {
  readonly defaultSize: number;
  readonly maxSize: number;
}

/** `PageNumber` (from 1) and `PageSize` (1..max), with Alibaba's defaults. */
export function readOffsetPaging(ctx: CallContext, limits: PageSizeLimits): OffsetPaging {
  const pageNumber = ctx.params.optInt("PageNumber", { min: 1 }) ?? 1;
  const pageSize = ctx.params.optInt("PageSize", { min: 1, max: limits.maxSize }) ?? limits.defaultSize;
  return { pageNumber, pageSize };
}

/** `NextToken` / `MaxResults`; `maxResults` has already been read by the caller (each action bounds it its own way). */
export function tokenPaging(ctx: CallContext, maxResults: number): TokenPaging {
  const nextToken = ctx.params.optStr("NextToken");
  return nextToken === undefined || nextToken === "" ? { maxResults } : { maxResults, nextToken };
}

/** True when the request pages with NextToken/MaxResults rather than PageNumber/PageSize. */
export function wantsTokenPaging(ctx: CallContext): boolean {
  const given = (name: string) => (ctx.params.optStr(name) ?? "") !== "";
  const token = given("NextToken") || given("MaxResults");
  if (token && (given("PageNumber") || given("PageSize"))) {
    throw invalidParameter(
      "NextToken",
      "Page with either NextToken and MaxResults or PageNumber and PageSize.",
    );
  }
  return token;
}

export function invalidNextToken(): CloudError {
  return new CloudError("InvalidNextToken", 400, "The specified NextToken is not valid.");
}

/** Every item a token-paged store listing holds, page after page. */
export async function listAll<T>(fetch: (paging: TokenPaging) => Promise<TokenPage<T>>): Promise<T[]> {
  const all: T[] = [];
  let paging: TokenPaging = { maxResults: 500 };
  for (;;) {
    const page = await fetch(paging);
    all.push(...page.items);
    if (page.nextToken === undefined) return all;
    paging = { maxResults: 500, nextToken: page.nextToken };
  }
}

/** One PageNumber/PageSize page of a list filtered in memory. */
export function offsetPageOf<T>(items: readonly T[], paging: OffsetPaging): OffsetPage<T> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    totalCount: items.length,
    pageNumber: paging.pageNumber,
    pageSize: paging.pageSize,
  };
}

// Tokens of in-memory pages carry the offset of the next item. They are tied to the query they came
// from only as loosely as Alibaba's are: reusing one with other filters pages that other result.
const TOKEN_PREFIX = "m1.";

/** One NextToken/MaxResults page of a list filtered in memory. */
export function tokenPageOf<T>(items: readonly T[], paging: TokenPaging): TokenPage<T> {
  let start = 0;
  if (paging.nextToken !== undefined) {
    const match = paging.nextToken.startsWith(TOKEN_PREFIX)
      ? /^[0-9]{1,9}$/.exec(
          Buffer.from(paging.nextToken.slice(TOKEN_PREFIX.length), "base64url").toString("utf8"),
        )
      : null;
    if (match === null) throw invalidNextToken();
    start = Number(match[0]);
  }
  const end = start + paging.maxResults;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, nextToken: TOKEN_PREFIX + Buffer.from(String(end), "utf8").toString("base64url") }
    : { items: page };
}
