import { expressionBuilder, sql } from "kysely";
import type { Expression, Kysely, SqlBool } from "kysely";
import type { ResourceType, TagFilter } from "../model/index.js";
import type { Database, TagsTable } from "./schema.js";

// "Resources having ALL of these tags (key, and value when given)", shaped so that the plan does
// not depend on the planner's statistics. Measured with SQLite: statistics taken while a table was
// small (or none at all) made the planner walk every image of the region and test the tags of each
// (40–270 ms at 100,000 images) instead of starting from the tag index (~1 ms).
//
// - The driving filter (the one with the fewest candidates): when the owner account is known, a
//   listing starts FROM `tags AS d` (the covering `tags_by_pair` index: account, region, type,
//   key, value → resource id) and CROSS JOINs the resource table by primary key. SQLite never
//   reorders the operands of a CROSS JOIN; for PostgreSQL it is an ordinary inner join, planned
//   with its own statistics. The candidates are as many as resources carry that pair (Alibaba
//   caps a tag filter at 1,000 resources).
// - Every other filter is a correlated EXISTS on the driver's own columns (`d.resource_id`), so
//   it runs before the resource row is fetched: only the candidates carrying every tag cost a
//   lookup in the resource table. With the owner known the probe reads the covering
//   `tags_by_account` index alone; otherwise (images shared with the caller) the primary key.

// Counting a filter's candidates stops here: enough to tell a selective filter from a broad one.
const SIZE_PROBE_CAP = 10_000;

/**
 * Splits a listing's tag filters into the one that drives (the fewest candidates, counted in the
 * tag index up to a cap; a few microseconds for selective filters) and the ones probed.
 */
export async function chooseDriver(
  db: Kysely<Database>,
  owner: { readonly accountId: string; readonly regionId: string },
  resourceType: ResourceType,
  filters: readonly TagFilter[],
): Promise<{ driver: TagFilter | undefined; rest: TagFilter[] }> {
  let index = 0;
  if (filters.length > 1) {
    const sizes = await Promise.all(
      filters.map(async (filter) => {
        const candidates = db
          .selectFrom("tags as d")
          .select("d.resource_id")
          .where(taggedCandidates(owner, resourceType, filter, []))
          .limit(SIZE_PROBE_CAP);
        const row = await db
          .selectFrom(candidates.as("c"))
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    );
    index = sizes.indexOf(Math.min(...sizes));
  }
  return { driver: filters[index], rest: filters.filter((_, i) => i !== index) };
}

/**
 * Conditions on `tags AS d` selecting one owner's resources of one type that carry `driver`
 * (the range of `tags_by_pair`) and every filter of `rest` (probes on d's own columns, so they run
 * before the resource row is read).
 */
export function taggedCandidates(
  owner: { readonly accountId: string; readonly regionId: string },
  resourceType: ResourceType,
  driver: TagFilter,
  rest: readonly TagFilter[],
): Expression<SqlBool> {
  const eb = expressionBuilder<{ d: TagsTable }, "d">();
  const probed = {
    resourceType,
    regionColumn: "d.region_id",
    idColumn: "d.resource_id",
    accountId: owner.accountId,
  };
  return eb.and([
    eb("d.account_id", "=", owner.accountId),
    eb("d.region_id", "=", owner.regionId),
    eb("d.resource_type", "=", resourceType),
    eb("d.tag_key", "=", driver.key),
    ...(driver.value === undefined ? [] : [eb("d.tag_value", "=", driver.value)]),
    ...tagProbes(probed, rest),
  ]);
}

export interface TagProbeTarget {
  /** The resources' type, or the outer query's column holding it when rows of several types mix. */
  readonly resourceType: ResourceType | { readonly column: string };
  /** Qualified columns of the outer query holding the resource's region and id, e.g. `i.region_id`. */
  readonly regionColumn: string;
  readonly idColumn: string;
  /** The resources' owner, when known: the probe then reads `tags_by_account` alone (covering). */
  readonly accountId?: string;
}

/** One EXISTS per filter: the resource carries that key (with that value, when given). */
export function tagProbes(target: TagProbeTarget, filters: readonly TagFilter[]): Expression<SqlBool>[] {
  // Built apart from the outer query's builder: the outer columns are reached by name only.
  const eb = expressionBuilder<Database, never>();
  const { resourceType } = target;
  return filters.map((filter) => {
    let probe = eb
      .selectFrom("tags as t")
      .select("t.tag_key")
      .where("t.region_id", "=", sql.ref<string>(target.regionColumn))
      .where(
        "t.resource_type",
        "=",
        typeof resourceType === "string" ? resourceType : sql.ref<string>(resourceType.column),
      )
      .where("t.resource_id", "=", sql.ref<string>(target.idColumn))
      .where("t.tag_key", "=", filter.key);
    if (filter.value !== undefined) probe = probe.where("t.tag_value", "=", filter.value);
    if (target.accountId !== undefined) probe = probe.where("t.account_id", "=", target.accountId);
    return eb.exists(probe);
  });
}
