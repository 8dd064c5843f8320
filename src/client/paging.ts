import { CloudClientError } from "./errors.js";

// Alibaba's two paging styles, walked to the end:
//   offset  PageNumber (from 1) + PageSize, with TotalCount   (Resource Directory, DescribeImages)
//   token   NextToken / Marker handed out with each page      (DescribeInstances, RAM listings)
// Both stop on the documented end (every item counted, or no token) and also on the undocumented
// ones (an empty page, a short page without a TotalCount, a token seen before), so a cloud that
// miscounts cannot keep the client asking forever. MAX_PAGES bounds what is left.

export const MAX_PAGES = 10_000;

export interface OffsetPage<T> {
  readonly items: readonly T[];
  readonly totalCount?: number;
}

export interface TokenPage<T> {
  readonly items: readonly T[];
  /** Undefined or empty when this was the last page. */
  readonly nextToken?: string;
}

export interface PagingSpec {
  readonly product: string;
  readonly action: string;
  readonly endpoint: string;
}

export async function allOffsetPages<T>(
  spec: PagingSpec,
  pageSize: number,
  fetch: (pageNumber: number, pageSize: number) => Promise<OffsetPage<T>>,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await fetch(pageNumber, pageSize);
    all.push(...page.items);
    // A short page ends the listing only when no TotalCount says otherwise: a cloud that serves
    // fewer items per page than asked (a lower cap than documented) must not cut it short.
    const done =
      page.items.length === 0 ||
      (page.totalCount === undefined ? page.items.length < pageSize : all.length >= page.totalCount);
    if (done) return all;
  }
  throw endless(spec);
}

export async function allTokenPages<T>(
  spec: PagingSpec,
  fetch: (token: string | undefined) => Promise<TokenPage<T>>,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const result = await fetch(token);
    all.push(...result.items);
    const next = result.nextToken;
    if (next === undefined || next === "") return all;
    if (seen.has(next)) throw endless(spec, `the cloud handed out the token \`${next}\` twice`);
    seen.add(next);
    token = next;
  }
  throw endless(spec);
}

function endless(
  spec: PagingSpec,
  why = `the listing did not end after ${MAX_PAGES} pages`,
): CloudClientError {
  return new CloudClientError({
    code: "PagingDidNotEnd",
    serverMessage: why,
    product: spec.product,
    action: spec.action,
    endpoint: spec.endpoint,
    attempts: 1,
    help: "the cloud's paging is inconsistent; report it with the request ids of the calls",
  });
}
