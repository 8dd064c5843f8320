import type { TagFilter } from "./golden-tags.js";

// DescribeImages as the cloud pages use it: the request's flat RPC parameters (`Tag.1.Key`, as the
// seed's API steps describe) and each image of the response read into one plain row. The body is
// the cloud's JSON, so every field is read defensively: a field the cloud left out is empty here,
// never a crash.

export type OwnerAlias = "self" | "others" | "system" | "marketplace";

export const OWNER_ALIASES: readonly OwnerAlias[] = ["self", "others", "system", "marketplace"];

/** Every image status of the API, so that an instance's deprecated or failed image is still found. */
export const ALL_IMAGE_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

export interface ImageRow {
  readonly imageId: string;
  readonly imageName: string;
  readonly ownerAlias: string;
  readonly ownerId: string;
  readonly status: string;
  readonly creationTime: string;
  readonly osName: string;
  readonly osType: string;
  readonly platform: string;
  readonly architecture: string;
  readonly imageFamily: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ImagesQuery {
  readonly regionId: string;
  readonly ownerAlias?: OwnerAlias;
  readonly tags?: readonly TagFilter[];
  /** One status, or several comma-separated; the API's default is Available. */
  readonly status?: string;
  readonly imageIds?: readonly string[];
  readonly pageNumber?: number;
  readonly pageSize?: number;
}

export function describeImagesParams(query: ImagesQuery): Record<string, string> {
  const params: Record<string, string> = { RegionId: query.regionId };
  if (query.ownerAlias !== undefined) params.ImageOwnerAlias = query.ownerAlias;
  if (query.status !== undefined && query.status !== "") params.Status = query.status;
  if (query.imageIds !== undefined) params.ImageId = query.imageIds.join(",");
  return withTagsAndPage(params, query);
}

/** ECS listings' `Tag.N.Key`/`Tag.N.Value` filters and `PageNumber`/`PageSize`, added to `params`. */
export function withTagsAndPage(
  params: Record<string, string>,
  query: { readonly tags?: readonly TagFilter[]; readonly pageNumber?: number; readonly pageSize?: number },
): Record<string, string> {
  (query.tags ?? []).forEach((tag, index) => {
    params[`Tag.${index + 1}.Key`] = tag.key;
    if (tag.value !== undefined) params[`Tag.${index + 1}.Value`] = tag.value;
  });
  if (query.pageNumber !== undefined) params.PageNumber = String(query.pageNumber);
  if (query.pageSize !== undefined) params.PageSize = String(query.pageSize);
  return params;
}

export interface ImagesPage {
  readonly images: ImageRow[];
  readonly totalCount: number;
  readonly pageNumber: number;
  readonly pageSize: number;
}

export function readImagesPage(body: Readonly<Record<string, unknown>>): ImagesPage {
  const list = field(field(body, "Images"), "Image");
  const images = Array.isArray(list) ? list.map((item) => readImage(item)) : [];
  return {
    images,
    totalCount: num(body["TotalCount"]) ?? images.length,
    pageNumber: num(body["PageNumber"]) ?? 1,
    pageSize: num(body["PageSize"]) ?? images.length,
  };
}

function readImage(raw: unknown): ImageRow {
  const owner = field(raw, "ImageOwnerId");
  return {
    imageId: str(field(raw, "ImageId")),
    imageName: str(field(raw, "ImageName")),
    ownerAlias: str(field(raw, "ImageOwnerAlias")),
    ownerId: typeof owner === "number" ? String(owner) : str(owner),
    status: str(field(raw, "Status")),
    creationTime: str(field(raw, "CreationTime")),
    osName: str(field(raw, "OSNameEn")) || str(field(raw, "OSName")),
    osType: str(field(raw, "OSType")),
    platform: str(field(raw, "Platform")),
    architecture: str(field(raw, "Architecture")),
    imageFamily: str(field(raw, "ImageFamily")),
    description: str(field(raw, "Description")),
    tags: readEcsTags(field(raw, "Tags")),
  };
}

/** ECS spells tags `{Tag: [{TagKey, TagValue}]}`. */
export function readEcsTags(raw: unknown): Record<string, string> {
  const list = field(raw, "Tag");
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const tag of list) {
    const key = str(field(tag, "TagKey"));
    if (key !== "") tags[key] = str(field(tag, "TagValue"));
  }
  return tags;
}

/** Whole days since `creationTime`; undefined when it cannot be read. */
export function ageInDays(creationTime: string, now: Date): number | undefined {
  const created = Date.parse(creationTime);
  if (Number.isNaN(created)) return undefined;
  return Math.max(0, Math.floor((now.getTime() - created) / 86_400_000));
}

export function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

export function num(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
