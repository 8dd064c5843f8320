import { findInstanceType } from "../../../model/index.js";
import type {
  Architecture,
  Image,
  ImageStatus,
  ImageVisibility,
  OsType,
  TagFilter,
} from "../../../model/index.js";
import { invalidParameter } from "../../../http/index.js";
import type { ImageFilter } from "../../../store/store.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { readTagFilters } from "../tags/tag-rules.js";
import { indexedFields, rejectUnknownParams, requireRegion } from "./accepted-params.js";
import {
  imageOwnerAliasNotSupported,
  invalidArchitecture,
  invalidFilterKey,
  invalidInstanceType,
  invalidOsType,
  invalidUsage,
} from "./image-errors.js";
import { isArchitecture, isOsType } from "./image-rules.js";
import { renderImage } from "./image-view.js";
import { ensureSystemImages } from "./system-images.js";

// DescribeImages: Alibaba's images, the caller's own, and those shared with it, newest first.
// Every filter of the 2014-05-26 API is either applied or refused; none is accepted and dropped.
// Filters the store indexes (owner alias, ids, status, OS, architecture, family, name, creation
// time, tags) page in the database; the few it cannot express (`Usage=none`, `SnapshotId`) fall
// back to filtering the full match in memory, which is fine at a local cloud's scale.
// Unlike Alibaba, a tag filter is not capped at 1,000 resources: TotalCount is exact.

const ACCEPTED = [
  "RegionId",
  "DryRun",
  "ActionType",
  "Architecture",
  indexedFields("Filter", ["Key", "Value"]),
  "ImageFamily",
  "ImageId",
  "ImageName",
  "ImageOwnerAlias",
  "ImageOwnerId",
  "InstanceType",
  "IsPublic",
  "IsSupportCloudinit",
  "IsSupportIoOptimized",
  "OSType",
  "PageNumber",
  "PageSize",
  "ShowExpired",
  "SnapshotId",
  "Status",
  indexedFields("Tag", ["Key", "Value"]),
  "Usage",
  "Usable",
];

const VISIBILITIES: readonly ImageVisibility[] = ["system", "self", "others", "marketplace"];
const STATUSES: readonly ImageStatus[] = [
  "Creating",
  "Waiting",
  "Available",
  "UnAvailable",
  "CreateFailed",
  "Deprecated",
];

/** What the request asks for, once validated. `empty` means a filter no local image can match. */
interface Query {
  readonly filter: ImageFilter;
  readonly empty: boolean;
  readonly usage?: "instance" | "none";
  readonly snapshotId?: string;
}

export const describeImages: ActionHandler = {
  product: "ecs",
  action: "DescribeImages",
  access: "read",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const pageNumber = p.optInt("PageNumber", { min: 1 }) ?? 1;
    const pageSize = p.optInt("PageSize", { min: 1, max: 100 }) ?? 10;
    const query = readQuery(ctx, regionId);
    ctx.finishDryRun();

    await ensureSystemImages(ctx.store, regionId);
    const inUseIds = await imagesInUse(ctx, regionId);
    const page = await findImages(ctx, query, inUseIds, pageNumber, pageSize);
    const images = await render(ctx, regionId, page.items, inUseIds);
    return {
      RegionId: regionId,
      TotalCount: page.totalCount,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Images: { Image: images },
    };
  },
};

function readQuery(ctx: CallContext, regionId: string): Query {
  const p = ctx.params;
  let empty = false;

  const actionType = p.optStr("ActionType");
  // Every local image can both launch an instance and replace a system disk, so either scenario
  // lists the same images.
  if (actionType !== undefined && actionType !== "CreateEcs" && actionType !== "ChangeOS") {
    throw invalidParameter("ActionType", "It must be CreateEcs or ChangeOS.");
  }

  const aliasRaw = p.optStr("ImageOwnerAlias");
  let visibility: readonly ImageVisibility[] | undefined;
  if (aliasRaw !== undefined && aliasRaw !== "") {
    const alias = VISIBILITIES.find((v) => v === aliasRaw);
    if (alias === undefined) throw imageOwnerAliasNotSupported();
    visibility = [alias];
  }

  // Community images (IsPublic=true, only with `others`) are not modelled: none exist.
  const isPublic = p.optBool("IsPublic");
  if (isPublic === true) {
    if (aliasRaw !== "others") {
      throw invalidParameter("IsPublic", "IsPublic=true requires ImageOwnerAlias=others.");
    }
    empty = true;
  }

  const ownerRaw = p.optStr("ImageOwnerId");
  if (ownerRaw !== undefined && ownerRaw !== "" && !/^\d{1,20}$/.test(ownerRaw)) {
    throw invalidParameter("ImageOwnerId", "It must be an Alibaba Cloud account ID.");
  }

  const statuses = readStatuses(p.optStr("Status"), p.optBool("Usable"));

  const osRaw = p.optStr("OSType");
  let osType: OsType | undefined;
  if (osRaw !== undefined && osRaw !== "") {
    if (!isOsType(osRaw)) throw invalidOsType();
    osType = osRaw;
  }

  const archRaw = p.optStr("Architecture");
  let architecture: Architecture | undefined;
  if (archRaw !== undefined && archRaw !== "") {
    if (!isArchitecture(archRaw)) throw invalidArchitecture();
    architecture = archRaw;
  }
  // An instance type boots images of its own architecture only.
  const instanceType = p.optStr("InstanceType");
  if (instanceType !== undefined && instanceType !== "") {
    const spec = findInstanceType(instanceType);
    if (spec === undefined) throw invalidInstanceType();
    if (architecture !== undefined && architecture !== spec.architecture) empty = true;
    architecture = spec.architecture;
  }

  // Every local image supports cloud-init and I/O optimized instances.
  if (p.optBool("IsSupportCloudinit") === false || p.optBool("IsSupportIoOptimized") === false) empty = true;
  // No local image is a subscription, so none has expired: both values list the same images.
  p.optBool("ShowExpired");

  const usageRaw = p.optStr("Usage");
  let usage: "instance" | "none" | undefined;
  if (usageRaw !== undefined && usageRaw !== "") {
    if (usageRaw !== "instance" && usageRaw !== "none") throw invalidUsage();
    usage = usageRaw;
  }

  const { createdFrom, createdTo } = readCreationFilters(ctx);
  const tags: TagFilter[] = readTagFilters(ctx, "Tag", { valueWithoutKey: "mismatch" });
  const imageIds = splitIds(p.optStr("ImageId"));
  const imageName = p.optStr("ImageName");
  const imageFamily = p.optStr("ImageFamily");
  const snapshotId = p.optStr("SnapshotId");

  const filter: ImageFilter = {
    regionId,
    callerAccountId: ctx.caller.accountId,
    ...(visibility && { visibility }),
    ...(imageIds && { imageIds }),
    ...(ownerRaw && { ownerAccountId: ownerRaw }),
    ...(imageName && { imageNameContains: imageName }),
    ...(statuses && { statuses }),
    ...(osType && { osType }),
    ...(architecture && { architecture }),
    ...(imageFamily && { imageFamily }),
    ...(createdFrom && { createdFrom }),
    ...(createdTo && { createdTo }),
    ...(tags.length > 0 && { tags }),
  };
  return { filter, empty, ...(usage && { usage }), ...(snapshotId && { snapshotId }) };
}

/** `ImageId`: one id or several separated by commas, as the catalog splits them for authorization. */
function splitIds(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  return ids.length === 0 ? undefined : ids;
}

/** `Status`: comma-separated; default `Available`; `ALL` alone means every status. */
function readStatuses(raw: string | undefined, usable: boolean | undefined): ImageStatus[] | undefined {
  if (usable !== undefined && (raw === undefined || raw === "")) {
    throw invalidParameter("Status", "Status is required when Usable is given.");
  }
  if (raw === undefined || raw === "") return ["Available"];
  const values = raw.split(",").map((s) => s.trim());
  if (values.includes("ALL")) {
    if (values.length > 1) throw invalidParameter("Status", "ALL cannot be combined with other statuses.");
    return usableOnly(STATUSES, usable);
  }
  const statuses = values.map((value) => {
    const status = STATUSES.find((s) => s === value);
    if (status === undefined) throw invalidParameter("Status", `\`${value}\` is not an image status.`);
    return status;
  });
  return usableOnly(statuses, usable);
}

/** `Usable`: whether an instance can be created from the image right now (Available or Deprecated). */
function usableOnly(statuses: readonly ImageStatus[], usable: boolean | undefined): ImageStatus[] {
  if (usable === undefined) return [...statuses];
  const canLaunch = (s: ImageStatus) => s === "Available" || s === "Deprecated";
  return statuses.filter((s) => canLaunch(s) === usable);
}

const FILTER_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2})?Z$/;

/** `Filter.N.Key` = `CreationStartTime` / `CreationEndTime` with `Filter.N.Value` = `yyyy-MM-ddTHH:mmZ`. */
function readCreationFilters(ctx: CallContext): { createdFrom?: string; createdTo?: string } {
  const byIndex = new Map<string, { key?: string; value?: string }>();
  for (const [name, value] of Object.entries(ctx.rawParams)) {
    const match = /^Filter\.([1-9][0-9]*)\.(Key|Value)$/.exec(name);
    if (match === null) continue;
    const entry = byIndex.get(match[1] as string) ?? {};
    if (match[2] === "Key") entry.key = value;
    else entry.value = value;
    byIndex.set(match[1] as string, entry);
  }
  const out: { createdFrom?: string; createdTo?: string } = {};
  for (const [index, { key, value }] of byIndex) {
    if (key === undefined || key === "")
      throw invalidParameter(`Filter.${index}.Key`, "It is required with Filter.N.Value.");
    if (key !== "CreationStartTime" && key !== "CreationEndTime") {
      // NetworkType and the CPU/memory hot-plug keys describe capabilities the local cloud does not model.
      throw invalidFilterKey(key);
    }
    const match = FILTER_TIME.exec(value ?? "");
    const time = match === null ? Number.NaN : Date.parse(`${match[1]}:00Z`);
    if (Number.isNaN(time)) {
      throw invalidParameter(`Filter.${index}.Value`, "It must be a UTC time written yyyy-MM-ddTHH:mmZ.");
    }
    const iso = new Date(time).toISOString();
    if (key === "CreationStartTime") out.createdFrom = iso;
    else out.createdTo = iso;
  }
  return out;
}

/** Ids of the images the caller's live instances in the region run (for `Usage`). */
async function imagesInUse(ctx: CallContext, regionId: string): Promise<ReadonlySet<string>> {
  const usage = await ctx.store.instances.imageUsage({ accountId: ctx.caller.accountId, regionId });
  return new Set(usage.filter((u) => u.instanceCount > 0).map((u) => u.imageId));
}

interface Found {
  readonly items: readonly Image[];
  readonly totalCount: number;
}

async function findImages(
  ctx: CallContext,
  query: Query,
  inUse: ReadonlySet<string>,
  pageNumber: number,
  pageSize: number,
): Promise<Found> {
  if (query.empty) return { items: [], totalCount: 0 };
  let filter = query.filter;
  if (query.usage === "instance") {
    const ids = [...inUse].filter((id) => filter.imageIds === undefined || filter.imageIds.includes(id));
    filter = { ...filter, imageIds: ids };
  }
  const inMemory = query.usage === "none" || query.snapshotId !== undefined;
  if (!inMemory) return ctx.store.images.list(filter, { pageNumber, pageSize });

  const total = await ctx.store.images.count(filter);
  if (total === 0) return { items: [], totalCount: 0 };
  const all = (await ctx.store.images.list(filter, { pageNumber: 1, pageSize: total })).items.filter(
    (image) =>
      (query.usage !== "none" || !inUse.has(image.imageId)) &&
      (query.snapshotId === undefined ||
        (image.source?.type === "snapshot" && image.source.snapshotId === query.snapshotId)),
  );
  const start = (pageNumber - 1) * pageSize;
  return { items: all.slice(start, start + pageSize), totalCount: all.length };
}

async function render(
  ctx: CallContext,
  regionId: string,
  images: readonly Image[],
  inUse: ReadonlySet<string>,
): Promise<Record<string, unknown>[]> {
  const caller = ctx.caller.accountId;
  const tags = await ctx.store.tags.listForResources(
    regionId,
    "image",
    images.map((image) => image.imageId),
  );
  // IsSelfShared of the caller's own images, in one query for the page.
  const own = images.filter((image) => image.imageOwnerAlias === "self" && image.ownerAccountId === caller);
  const sharedIds = await ctx.store.images.sharedAmong(
    regionId,
    own.map((image) => image.imageId),
  );
  const out: Record<string, unknown>[] = [];
  for (const image of images) {
    const shared =
      image.imageOwnerAlias === "self" && image.ownerAccountId === caller && sharedIds.has(image.imageId);
    out.push(
      renderImage(image, {
        callerAccountId: caller,
        tags: tags.get(image.imageId) ?? [],
        sharedWithOthers: shared,
        inUse: inUse.has(image.imageId),
      }),
    );
  }
  return out;
}
