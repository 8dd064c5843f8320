import type { ParamReader } from "../../http/index.js";
import type { OffsetPage, OffsetPaging } from "../../store/index.js";
import { RD_LENGTHS } from "./limits.js";

// Resource Directory pages its listings with PageNumber (from 1, default 1) and PageSize (1..100,
// default 10), and answers TotalCount with the page it served.

export function readPaging(params: ParamReader): OffsetPaging {
  return {
    pageNumber: params.optInt("PageNumber", { min: 1 }) ?? 1,
    pageSize:
      params.optInt("PageSize", { min: 1, max: RD_LENGTHS.maxPageSize }) ?? RD_LENGTHS.defaultPageSize,
  };
}

/** One page of an in-memory list (listings the store cannot filter, e.g. by QueryKeyword). */
export function pageOf<T>(items: readonly T[], paging: OffsetPaging): OffsetPage<T> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    totalCount: items.length,
    pageNumber: paging.pageNumber,
    pageSize: paging.pageSize,
  };
}

export function pageFields(page: OffsetPage<unknown>): {
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
} {
  return { PageNumber: page.pageNumber, PageSize: page.pageSize, TotalCount: page.totalCount };
}

/** QueryKeyword: Alibaba calls it a fuzzy match; here a case-insensitive substring. */
export function matchesKeyword(keyword: string | undefined, ...texts: readonly string[]): boolean {
  if (keyword === undefined || keyword === "") return true;
  const needle = keyword.toLowerCase();
  return texts.some((text) => text.toLowerCase().includes(needle));
}
