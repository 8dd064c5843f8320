import type { ResourceRef, ResourceType, Tag, TagPair } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { CacheArea } from "../hot-cache.js";
import type { TagsTable } from "../schema.js";
import type { TagListFilter, TagRepository, TagValuesFilter, TaggedResourceFilter } from "../store.js";
import { chooseDriver, tagProbes, taggedCandidates } from "../tag-filter.js";
import { NO_ROWS, affected, atomicChanging } from "./context.js";
import type { StoreContext } from "./context.js";

function toTag(row: TagsTable): Tag {
  return {
    accountId: row.account_id,
    regionId: row.region_id,
    resourceType: row.resource_type as ResourceType,
    resourceId: row.resource_id,
    key: row.tag_key,
    value: row.tag_value,
  };
}

// Authorization reads the tags of every resource a check names; a launch sets its instances' tags;
// DescribeImages renders a page's tags.
const OF_RESOURCE = prepared(
  "tags.list",
  (db, p: { regionId: string; resourceType: string; resourceId: string }) =>
    db
      .selectFrom("tags")
      .selectAll()
      .where("region_id", "=", p.regionId)
      .where("resource_type", "=", p.resourceType)
      .where("resource_id", "=", p.resourceId)
      .orderBy("tag_key"),
);
const OF_RESOURCES = prepared(
  "tags.listForResources",
  (db, p: { regionId: string; resourceType: string; resourceIds: string[] }) =>
    db
      .selectFrom("tags")
      .selectAll()
      .where("region_id", "=", p.regionId)
      .where("resource_type", "=", p.resourceType)
      .where("resource_id", "in", p.resourceIds)
      .orderBy("resource_id")
      .orderBy("tag_key"),
);
const UPSERT = prepared("tags.set", (db, row: TagsTable) =>
  db
    .insertInto("tags")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["region_id", "resource_type", "resource_id", "tag_key"])
        .doUpdateSet((eb) => ({ tag_value: eb.ref("excluded.tag_value") })),
    ),
);

const CACHED_TAGS: Partial<Record<ResourceType, CacheArea>> = {
  image: "images",
  vpc: "network",
  vswitch: "network",
  securitygroup: "network",
};

// Ids per `in` list of a prepared query (each length is a compiled shape of its own).
const IN_LIST_CHUNK = 100;

export class KyselyTagRepository implements TagRepository {
  constructor(private readonly ctx: StoreContext) {}

  private ofResource(ref: ResourceRef) {
    return this.ctx.db
      .selectFrom("tags")
      .where("region_id", "=", ref.regionId)
      .where("resource_type", "=", ref.resourceType)
      .where("resource_id", "=", ref.resourceId);
  }

  async list(ref: ResourceRef): Promise<Tag[]> {
    const rows = await this.ctx.all(OF_RESOURCE, {
      regionId: ref.regionId,
      resourceType: ref.resourceType,
      resourceId: ref.resourceId,
    });
    return rows.map(toTag);
  }

  async listForResources(
    regionId: string,
    resourceType: ResourceType,
    resourceIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly Tag[]>> {
    const byResource = new Map<string, Tag[]>();
    for (let i = 0; i < resourceIds.length; i += IN_LIST_CHUNK) {
      const chunk = resourceIds.slice(i, i + IN_LIST_CHUNK);
      const rows = await this.ctx.all(OF_RESOURCES, { regionId, resourceType, resourceIds: chunk });
      for (const row of rows) {
        const list = byResource.get(row.resource_id) ?? [];
        list.push(toTag(row));
        byResource.set(row.resource_id, list);
      }
    }
    return byResource;
  }

  async count(ref: ResourceRef): Promise<number> {
    const row = await this.ofResource(ref)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async set(ref: ResourceRef, accountId: string, tags: readonly TagPair[]): Promise<void> {
    // One row per key, the last value given winning (as a request setting a key twice would).
    const values = new Map(tags.map((t) => [t.key, t.value]));
    if (values.size === 0) return;
    // One statement per key (at most 20), all-or-none together.
    await atomicChanging(this.ctx, CACHED_TAGS[ref.resourceType], async () => {
      for (const [key, value] of values) {
        await this.ctx.run(UPSERT, {
          account_id: accountId,
          region_id: ref.regionId,
          resource_type: ref.resourceType,
          resource_id: ref.resourceId,
          tag_key: key,
          tag_value: value,
        });
      }
    });
  }

  async remove(ref: ResourceRef, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await this.ctx.db
      .deleteFrom("tags")
      .where("region_id", "=", ref.regionId)
      .where("resource_type", "=", ref.resourceType)
      .where("resource_id", "=", ref.resourceId)
      .where("tag_key", "in", keys)
      .executeTakeFirst();
    this.#changed(ref);
    return affected(result);
  }

  async removeAll(ref: ResourceRef): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom("tags")
      .where("region_id", "=", ref.regionId)
      .where("resource_type", "=", ref.resourceType)
      .where("resource_id", "=", ref.resourceId)
      .executeTakeFirst();
    this.#changed(ref);
    return affected(result);
  }

  /** Tags are part of what the hot cache keeps of images and of the network (hot-cache.ts). */
  #changed(ref: ResourceRef): void {
    const area = CACHED_TAGS[ref.resourceType];
    if (area !== undefined) this.ctx.changed(area);
  }

  async findResources<P extends Paging>(filter: TaggedResourceFilter, paging: P): Promise<PageOf<P, string>> {
    // The driving filter's rows (one per resource: a key is set once per resource) are the
    // candidates, in resource id order straight from the covering tag index.
    const owner = { accountId: filter.accountId, regionId: filter.regionId };
    const { driver, rest } = await chooseDriver(this.ctx.db, owner, filter.resourceType, filter.tags);
    const q = this.ctx.db
      .selectFrom("tags as d")
      .select("d.resource_id")
      .where(driver ? taggedCandidates(owner, filter.resourceType, driver, rest) : NO_ROWS);
    return paginate(this.ctx.db, [q], "d", [{ column: "resource_id", direction: "asc" }], paging, (rows) =>
      rows.map((row) => row.resource_id),
    );
  }

  async listTags<P extends Paging>(filter: TagListFilter, paging: P): Promise<PageOf<P, Tag>> {
    const db = this.ctx.db;
    const resourceType = filter.resourceType;
    const tags = filter.tags ?? [];
    const { driver, rest } =
      resourceType !== undefined
        ? await chooseDriver(db, filter, resourceType, tags)
        : { driver: undefined, rest: tags };
    // With a type and a tag filter, the resources come from the tag index and their rows by key.
    const source =
      resourceType !== undefined && driver !== undefined
        ? db
            .selectFrom("tags as d")
            .crossJoin("tags as r")
            .selectAll("r")
            .where(taggedCandidates(filter, resourceType, driver, rest))
            .whereRef("r.region_id", "=", "d.region_id")
            .whereRef("r.resource_type", "=", "d.resource_type")
            .whereRef("r.resource_id", "=", "d.resource_id")
            .as("r")
        : db.selectFrom("tags as r").selectAll("r").as("r");
    let q = db
      .selectFrom(source)
      .selectAll("r")
      .where("r.account_id", "=", filter.accountId)
      .where("r.region_id", "=", filter.regionId);
    if (resourceType !== undefined) q = q.where("r.resource_type", "=", resourceType);
    if (filter.resourceIds) {
      q = filter.resourceIds.length ? q.where("r.resource_id", "in", filter.resourceIds) : q.where(NO_ROWS);
    }
    if (driver === undefined) {
      // Without a type nothing drives: each filter is a probe on the row's own resource.
      const probes = {
        resourceType: resourceType ?? { column: "r.resource_type" },
        regionColumn: "r.region_id",
        idColumn: "r.resource_id",
        accountId: filter.accountId,
      };
      for (const probe of tagProbes(probes, rest)) q = q.where(probe);
    }
    const order = [
      { column: "resource_type", direction: "asc" },
      { column: "resource_id", direction: "asc" },
      { column: "tag_key", direction: "asc" },
    ] as const;
    return paginate(db, [q], "r", order, paging, (rows) => rows.map(toTag));
  }

  listKeys<P extends Paging>(
    filter: { readonly accountId: string; readonly regionId: string; readonly resourceType?: ResourceType },
    paging: P,
  ): Promise<PageOf<P, string>> {
    let q = this.ctx.db
      .selectFrom("tags as r")
      .select("r.tag_key")
      .distinct()
      .where("r.account_id", "=", filter.accountId)
      .where("r.region_id", "=", filter.regionId);
    if (filter.resourceType !== undefined) q = q.where("r.resource_type", "=", filter.resourceType);
    return paginate(this.ctx.db, [q], "r", [{ column: "tag_key", direction: "asc" }], paging, (rows) =>
      rows.map((row) => row.tag_key),
    );
  }

  listValues<P extends Paging>(filter: TagValuesFilter, paging: P): Promise<PageOf<P, string>> {
    let q = this.ctx.db
      .selectFrom("tags as r")
      .select("r.tag_value")
      .distinct()
      .where("r.account_id", "=", filter.accountId)
      .where("r.region_id", "=", filter.regionId)
      .where("r.tag_key", "=", filter.key);
    if (filter.resourceType !== undefined) q = q.where("r.resource_type", "=", filter.resourceType);
    return paginate(this.ctx.db, [q], "r", [{ column: "tag_value", direction: "asc" }], paging, (rows) =>
      rows.map((row) => row.tag_value),
    );
  }
}
