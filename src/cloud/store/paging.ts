import { sql } from "kysely";
import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from "kysely";
import type { Database } from "./schema.js";
import { StoreError } from "./store-error.js";

// Both paging styles of Alibaba's APIs, over one ordering per listing:
// - PageNumber/PageSize (DescribeImages, ListAccounts, …): LIMIT/OFFSET plus a TotalCount;
// - NextToken/MaxResults (DescribeInstances, ListTagResources, LookupEvents, RAM's Marker): keyset
//   paging, the token being the sort key of the last row returned. Keyset pages stay correct while
//   rows are inserted and cost the same at any depth.
// Every ordering ends with a unique column, so the order is total and tokens are unambiguous.

export interface OffsetPaging {
  /** 1-based. */
  readonly pageNumber: number;
  readonly pageSize: number;
}

export interface TokenPaging {
  readonly maxResults: number;
  /** Absent for the first page. */
  readonly nextToken?: string;
}

export type Paging = OffsetPaging | TokenPaging;

export interface OffsetPage<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly pageNumber: number;
  readonly pageSize: number;
}

export interface TokenPage<T> {
  readonly items: readonly T[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

/** The page shape that matches the paging style asked for. */
export type PageOf<P extends Paging, T> = P extends OffsetPaging ? OffsetPage<T> : TokenPage<T>;

type KeyValue = string | number;

/** One column of a listing's order. `column` is unqualified: the same name in every branch. */
export interface SortKey<Row> {
  readonly column: keyof Row & string;
  readonly direction: "asc" | "desc";
}

export function isOffsetPaging(paging: Paging): paging is OffsetPaging {
  return "pageNumber" in paging;
}

function assertPositiveInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StoreError("invalid-paging", `\`${name}\` must be a positive integer, got \`${value}\``);
  }
}

function encodeToken(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

function decodeToken(token: string, length: number): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((v) => typeof v === "string" || typeof v === "number")
  ) {
    throw new StoreError("invalid-next-token", `\`${token}\` is not a NextToken this listing handed out`);
  }
  return values as KeyValue[];
}

/**
 * `(k1, k2, …) after (v1, v2, …)` in the listing's order, spelled portably as ORs of ANDs, plus
 * the redundant bound `k1 >= v1` (or `<=`), which lets an index on k1 seek to the page instead
 * of scanning from the start.
 */
function after<Row>(
  alias: string,
  order: readonly SortKey<Row>[],
  values: readonly KeyValue[],
): Expression<SqlBool> {
  const col = (i: number) => sql.ref(`${alias}.${order[i]!.column}`);
  const alternatives = order.map((key, i) => {
    const equalBefore = order.slice(0, i).map((_, j) => sql<SqlBool>`${col(j)} = ${values[j]}`);
    const beyond =
      key.direction === "asc"
        ? sql<SqlBool>`${col(i)} > ${values[i]}`
        : sql<SqlBool>`${col(i)} < ${values[i]}`;
    return sql.join([...equalBefore, beyond], sql` and `);
  });
  const bound =
    order[0]!.direction === "asc"
      ? sql<SqlBool>`${col(0)} >= ${values[0]}`
      : sql<SqlBool>`${col(0)} <= ${values[0]}`;
  return sql<SqlBool>`(${bound} and (${sql.join(
    alternatives.map((a) => sql`(${a})`),
    sql` or `,
  )}))`;
}

function ordered<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  alias: string,
  order: readonly { readonly column: string; readonly direction: "asc" | "desc" }[],
): SelectQueryBuilder<DB, TB, O> {
  return order.reduce((q, key) => q.orderBy(sql.ref(`${alias}.${key.column}`), key.direction), qb);
}

/**
 * Pages through the union of `branches` (one or more queries over the same row shape, disjoint,
 * each selecting from `alias`), ordered by `order`. Every branch is limited on its own before the
 * union is sorted, so each branch can walk its own index in order and stop early.
 */
export async function paginate<P extends Paging, DB, TB extends keyof DB, Row extends object, Item>(
  db: Kysely<Database>,
  branches: readonly SelectQueryBuilder<DB, TB, Row>[],
  alias: string,
  order: readonly SortKey<Row>[],
  paging: P,
  toItems: (rows: Row[]) => Item[] | Promise<Item[]>,
): Promise<PageOf<P, Item>> {
  const offsetStyle = isOffsetPaging(paging);
  const size = offsetStyle ? paging.pageSize : paging.maxResults;
  assertPositiveInt(offsetStyle ? "pageSize" : "maxResults", size);
  if (offsetStyle) assertPositiveInt("pageNumber", paging.pageNumber);
  const offset = offsetStyle ? (paging.pageNumber - 1) * size : 0;
  const token = !offsetStyle && paging.nextToken ? decodeToken(paging.nextToken, order.length) : undefined;
  // One more row than asked for says whether a next page exists.
  const take = size + (offsetStyle ? 0 : 1);
  const sorted = branches.map((branch) =>
    ordered(token ? branch.where(after(alias, order, token)) : branch, alias, order),
  );
  let rows: Row[];
  if (sorted.length === 1) {
    rows = await sorted[0]!.limit(take).offset(offset).execute();
  } else {
    // Each branch can contribute at most offset + take rows to the page.
    const parts = sorted.map((q, i) => db.selectFrom(q.limit(offset + take).as(`b${i}`)).selectAll());
    const union = parts.slice(1).reduce((u, part) => u.unionAll(part), parts[0]!);
    const merged = db.selectFrom(union.as("u")).selectAll();
    rows = (await ordered(merged, "u", order).limit(take).offset(offset).execute()) as Row[];
  }

  if (offsetStyle) {
    // A short page is the last one, so it tells the total without counting (a page past the end
    // does not: it has no rows to count from).
    const totalCount =
      rows.length < size && (rows.length > 0 || offset === 0)
        ? offset + rows.length
        : await countRows(db, branches);
    const page: OffsetPage<Item> = {
      items: await toItems(rows),
      totalCount,
      pageNumber: paging.pageNumber,
      pageSize: size,
    };
    return page as PageOf<P, Item>;
  }
  return (await tokenPageOf(rows, size, order, toItems)) as PageOf<P, Item>;
}

/** A keyset page from `size + 1` rows in the listing's order (one more says a next page exists). */
async function tokenPageOf<Row extends object, Item>(
  rows: readonly Row[],
  size: number,
  order: readonly SortKey<Row>[],
  toItems: (rows: Row[]) => Item[] | Promise<Item[]>,
): Promise<TokenPage<Item>> {
  const more = rows.length > size;
  const items = await toItems(more ? rows.slice(0, size) : [...rows]);
  const last = rows[size - 1];
  return more && last !== undefined
    ? { items, nextToken: encodeToken(order.map((key) => last[key.column] as KeyValue)) }
    : { items };
}

/** How many rows the branches hold together. */
export async function countRows<DB, TB extends keyof DB, Row>(
  db: Kysely<Database>,
  branches: readonly SelectQueryBuilder<DB, TB, Row>[],
): Promise<number> {
  const counts = await Promise.all(
    branches.map((branch) =>
      db
        .selectFrom(branch.as("c"))
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow(),
    ),
  );
  // PostgreSQL returns count(*) as a bigint string, SQLite as a number.
  return counts.reduce((sum, row) => sum + Number(row.n), 0);
}
