import { sql } from "kysely";
import type { SqlBool } from "kysely";
import type {
  Architecture,
  BootMode,
  Image,
  ImageOwnerAlias,
  ImageShare,
  ImageSource,
  ImageStatus,
  ImageVisibility,
  OsType,
  Timestamp,
} from "../../model/index.js";
import { countRows, paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { ImagesTable } from "../schema.js";
import type { ImageFilter, ImageRepository, Patch } from "../store.js";
import { chooseDriver, tagProbes, taggedCandidates } from "../tag-filter.js";
import {
  NO_ROWS,
  affected,
  atomicChanging,
  likeContains,
  nullable,
  optional,
  patchColumns,
} from "./context.js";
import type { StoreContext } from "./context.js";

function toSource(row: ImagesTable): ImageSource | undefined {
  const id = row.source_id ?? "";
  const location = row.source_location ?? "";
  switch (row.source_type) {
    case "instance":
      return { type: "instance", instanceId: id };
    case "snapshot":
      return { type: "snapshot", snapshotId: id };
    case "copy":
      return { type: "copy", sourceRegionId: location, sourceImageId: id };
    case "import":
      return { type: "import", ossBucket: location, ossObject: id };
    default:
      return undefined;
  }
}

function sourceColumns(
  source: ImageSource | undefined,
): Pick<ImagesTable, "source_type" | "source_id" | "source_location"> {
  switch (source?.type) {
    case undefined:
      return { source_type: null, source_id: null, source_location: null };
    case "instance":
      return { source_type: source.type, source_id: source.instanceId, source_location: null };
    case "snapshot":
      return { source_type: source.type, source_id: source.snapshotId, source_location: null };
    case "copy":
      return {
        source_type: source.type,
        source_id: source.sourceImageId,
        source_location: source.sourceRegionId,
      };
    case "import":
      return { source_type: source.type, source_id: source.ossObject, source_location: source.ossBucket };
  }
}

function toImage(row: ImagesTable): Image {
  return {
    imageId: row.image_id,
    regionId: row.region_id,
    ownerAccountId: optional(row.owner_account_id),
    imageOwnerAlias: row.image_owner_alias as ImageOwnerAlias,
    imageName: row.image_name,
    description: optional(row.description),
    status: row.status as ImageStatus,
    osType: row.os_type as OsType,
    osName: row.os_name,
    osNameEn: row.os_name_en,
    platform: row.platform,
    architecture: row.architecture as Architecture,
    sizeGiB: row.size_gib,
    imageFamily: optional(row.image_family),
    imageVersion: optional(row.image_version),
    bootMode: optional(row.boot_mode) as BootMode | undefined,
    source: toSource(row),
    createdAt: row.created_at,
    deprecatedAt: optional(row.deprecated_at),
  };
}

const IMAGE_ORDER = [
  { column: "created_at", direction: "desc" },
  { column: "image_id", direction: "desc" },
] as const;

const DEFAULT_VISIBILITY: readonly ImageVisibility[] = ["system", "self", "others"];

// Ids per `in` list of a prepared query: a page is at most 100 images.
const IN_LIST_CHUNK = 100;

type ImagePatch = Patch<
  Image,
  "imageName" | "description" | "status" | "imageFamily" | "imageVersion" | "bootMode" | "deprecatedAt"
>;

// Authorizing a launch reads its image and, for another account's image, its share with the caller.
const BY_ID = prepared("images.get", (db, p: { regionId: string; imageId: string }) =>
  db.selectFrom("images").selectAll().where("region_id", "=", p.regionId).where("image_id", "=", p.imageId),
);
const SHARED_WITH = prepared(
  "images.isSharedWith",
  (db, p: { regionId: string; imageId: string; accountId: string }) =>
    db
      .selectFrom("image_shares")
      .select("account_id")
      .where("region_id", "=", p.regionId)
      .where("image_id", "=", p.imageId)
      .where("account_id", "=", p.accountId),
);
// Most accounts have no image shared with them in a region: a listing then leaves out the branch
// that reads shares (a union of one branch is a plain query, a third of the cost measured).
const ANY_SHARE = prepared("images.anyShareWith", (db, p: { accountId: string; regionId: string }) =>
  db
    .selectFrom("image_shares")
    .select("image_id")
    .where("account_id", "=", p.accountId)
    .where("region_id", "=", p.regionId)
    .limit(1),
);
// DescribeImages makes sure the region's system images exist on every call.
const EXISTING = prepared("images.existing", (db, p: { regionId: string; imageIds: string[] }) =>
  db
    .selectFrom("images")
    .select("image_id")
    .where("region_id", "=", p.regionId)
    .where("image_id", "in", p.imageIds),
);
// DescribeImages' IsSelfShared for a page of images in one query.
const SHARED_AMONG = prepared("images.sharedAmong", (db, p: { regionId: string; imageIds: string[] }) =>
  db
    .selectFrom("image_shares")
    .select("image_id")
    .distinct()
    .where("region_id", "=", p.regionId)
    .where("image_id", "in", p.imageIds),
);

export class KyselyImageRepository implements ImageRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(regionId: string, imageId: string): Promise<Image | undefined> {
    const memo = this.ctx.memo;
    const key = `image\u0000${regionId}\u0000${imageId}`;
    if (memo?.has(key)) return memo.get(key) as Image | undefined;
    const row = await this.ctx.first(BY_ID, { regionId, imageId });
    const image = row && toImage(row);
    memo?.set(key, image);
    return image;
  }

  /**
   * One disjoint query per kind of image the caller can see, each starting from its own index
   * (alias, owner, the caller's share list, or the tag index) instead of one OR that no index
   * serves. Each branch is `SELECT i.* FROM (<source>) AS i` with the common filters outside, so
   * every branch has one shape; SQLite and PostgreSQL flatten the derived table away.
   */
  private async branches(filter: ImageFilter) {
    const db = this.ctx.db;
    const caller = filter.callerAccountId;
    const region = filter.regionId;
    const visibility = new Set(filter.visibility ?? DEFAULT_VISIBILITY);
    const tags = filter.tags ?? [];
    const images = () => db.selectFrom("images as i").selectAll("i").where("i.region_id", "=", region);
    const sources = [];
    // Alibaba's own images carry no tags (only an owner tags), so a tag filter excludes them.
    if (tags.length === 0) {
      if (visibility.has("system"))
        sources.push(images().where("i.image_owner_alias", "=", "system").as("i"));
      if (visibility.has("marketplace")) {
        sources.push(images().where("i.image_owner_alias", "=", "marketplace").as("i"));
      }
    }
    const { driver, rest } = await chooseDriver(db, { accountId: caller, regionId: region }, "image", tags);
    if (visibility.has("self")) {
      if (driver) {
        const own = db
          .selectFrom("tags as d")
          .crossJoin("images as i")
          .selectAll("i")
          .where(taggedCandidates({ accountId: caller, regionId: region }, "image", driver, rest))
          .whereRef("i.region_id", "=", "d.region_id")
          .whereRef("i.image_id", "=", "d.resource_id")
          .where("i.owner_account_id", "=", caller);
        sources.push(own.as("i"));
      } else {
        sources.push(images().where("i.owner_account_id", "=", caller).as("i"));
      }
    }
    const anyShare =
      visibility.has("others") &&
      (await this.ctx.first(ANY_SHARE, { accountId: caller, regionId: region })) !== undefined;
    if (anyShare) {
      let shared = db
        .selectFrom("image_shares as s")
        .crossJoin("images as i")
        .selectAll("i")
        .where("s.account_id", "=", caller)
        .where("s.region_id", "=", region);
      // The owner's tags: a shared image shows the tags its owner gave it. Shares are few, so
      // the shares drive and every filter is a probe.
      const probed = { resourceType: "image", regionColumn: "s.region_id", idColumn: "s.image_id" } as const;
      for (const probe of tagProbes(probed, tags)) shared = shared.where(probe);
      shared = shared.whereRef("i.region_id", "=", "s.region_id").whereRef("i.image_id", "=", "s.image_id");
      if (filter.ownerAccountId) shared = shared.where("i.owner_account_id", "=", filter.ownerAccountId);
      sources.push(shared.as("i"));
    }
    return sources.map((source) => {
      let q = db.selectFrom(source).selectAll("i");
      if (filter.imageIds) {
        q = filter.imageIds.length ? q.where("i.image_id", "in", filter.imageIds) : q.where(NO_ROWS);
      }
      if (filter.statuses?.length) q = q.where("i.status", "in", filter.statuses);
      if (filter.osType) q = q.where("i.os_type", "=", filter.osType);
      if (filter.architecture) q = q.where("i.architecture", "=", filter.architecture);
      if (filter.imageFamily) q = q.where("i.image_family", "=", filter.imageFamily);
      if (filter.createdFrom) q = q.where("i.created_at", ">=", filter.createdFrom);
      if (filter.createdTo) q = q.where("i.created_at", "<", filter.createdTo);
      if (filter.imageNameContains) {
        // lower() on both sides: LIKE is case-insensitive in SQLite and case-sensitive in PostgreSQL.
        const pattern = likeContains(filter.imageNameContains);
        q = q.where(sql<SqlBool>`lower(${sql.ref("i.image_name")}) like ${pattern} escape '\\'`);
      }
      return q;
    });
  }

  async list<P extends Paging>(filter: ImageFilter, paging: P): Promise<PageOf<P, Image>> {
    const branches = await this.branches(filter);
    if (branches.length === 0) {
      branches.push(
        this.ctx.db
          .selectFrom(this.ctx.db.selectFrom("images as i").selectAll("i").as("i"))
          .selectAll("i")
          .where(NO_ROWS),
      );
    }
    return paginate(this.ctx.db, branches, "i", IMAGE_ORDER, paging, (rows) => rows.map(toImage));
  }

  async count(filter: ImageFilter): Promise<number> {
    return countRows(this.ctx.db, await this.branches(filter));
  }

  async insert(image: Image): Promise<void> {
    this.ctx.memo?.clear();
    await this.ctx.db
      .insertInto("images")
      .values({
        region_id: image.regionId,
        image_id: image.imageId,
        owner_account_id: nullable(image.ownerAccountId),
        image_owner_alias: image.imageOwnerAlias,
        image_name: image.imageName,
        description: nullable(image.description),
        status: image.status,
        os_type: image.osType,
        os_name: image.osName,
        os_name_en: image.osNameEn,
        platform: image.platform,
        architecture: image.architecture,
        size_gib: image.sizeGiB,
        image_family: nullable(image.imageFamily),
        image_version: nullable(image.imageVersion),
        boot_mode: nullable(image.bootMode),
        ...sourceColumns(image.source),
        created_at: image.createdAt,
        deprecated_at: nullable(image.deprecatedAt),
      })
      .execute();
    this.ctx.changed("images");
  }

  async update(regionId: string, imageId: string, patch: ImagePatch): Promise<boolean> {
    this.ctx.memo?.clear();
    const set = patchColumns<ImagePatch, ImagesTable>(patch, {
      imageName: "image_name",
      description: "description",
      status: "status",
      imageFamily: "image_family",
      imageVersion: "image_version",
      bootMode: "boot_mode",
      deprecatedAt: "deprecated_at",
    });
    if (Object.keys(set).length === 0) return (await this.get(regionId, imageId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("images")
      .set(set)
      .where("region_id", "=", regionId)
      .where("image_id", "=", imageId)
      .executeTakeFirst();
    this.ctx.changed("images");
    return affected(result) > 0;
  }

  delete(regionId: string, imageId: string): Promise<boolean> {
    this.ctx.memo?.clear();
    return atomicChanging(this.ctx, "images", async () => {
      await this.ctx.db
        .deleteFrom("tags")
        .where("region_id", "=", regionId)
        .where("resource_type", "=", "image")
        .where("resource_id", "=", imageId)
        .execute();
      const result = await this.ctx.db
        .deleteFrom("images")
        .where("region_id", "=", regionId)
        .where("image_id", "=", imageId)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

  async share(
    regionId: string,
    imageId: string,
    accountIds: readonly string[],
    sharedAt: Timestamp,
  ): Promise<void> {
    if (accountIds.length === 0) return;
    await this.ctx.db
      .insertInto("image_shares")
      .values(
        accountIds.map((accountId) => ({
          region_id: regionId,
          image_id: imageId,
          account_id: accountId,
          shared_at: sharedAt,
        })),
      )
      .onConflict((oc) => oc.columns(["region_id", "image_id", "account_id"]).doNothing())
      .execute();
    this.ctx.changed("images");
  }

  async unshare(regionId: string, imageId: string, accountIds: readonly string[]): Promise<number> {
    if (accountIds.length === 0) return 0;
    const result = await this.ctx.db
      .deleteFrom("image_shares")
      .where("region_id", "=", regionId)
      .where("image_id", "=", imageId)
      .where("account_id", "in", accountIds)
      .executeTakeFirst();
    this.ctx.changed("images");
    return affected(result);
  }

  async listShares(regionId: string, imageId: string): Promise<ImageShare[]> {
    const rows = await this.ctx.db
      .selectFrom("image_shares")
      .selectAll()
      .where("region_id", "=", regionId)
      .where("image_id", "=", imageId)
      .orderBy("account_id")
      .execute();
    return rows.map((row) => ({
      regionId: row.region_id,
      imageId: row.image_id,
      accountId: row.account_id,
      sharedAt: row.shared_at,
    }));
  }

  async isSharedWith(regionId: string, imageId: string, accountId: string): Promise<boolean> {
    return (await this.ctx.first(SHARED_WITH, { regionId, imageId, accountId })) !== undefined;
  }

  async existing(regionId: string, imageIds: readonly string[]): Promise<ReadonlySet<string>> {
    const found = new Set<string>();
    for (let i = 0; i < imageIds.length; i += IN_LIST_CHUNK) {
      const chunk = imageIds.slice(i, i + IN_LIST_CHUNK);
      for (const row of await this.ctx.all(EXISTING, { regionId, imageIds: chunk })) found.add(row.image_id);
    }
    return found;
  }

  async sharedAmong(regionId: string, imageIds: readonly string[]): Promise<ReadonlySet<string>> {
    const shared = new Set<string>();
    for (let i = 0; i < imageIds.length; i += IN_LIST_CHUNK) {
      const chunk = imageIds.slice(i, i + IN_LIST_CHUNK);
      const rows = await this.ctx.all(SHARED_AMONG, { regionId, imageIds: chunk });
      for (const row of rows) shared.add(row.image_id);
    }
    return shared;
  }
}
