import type { Image, Tag } from "../../../model/index.js";
import { wireTime } from "./accepted-params.js";

// One image as DescribeImages returns it, field names and nesting as the official SDK's
// `DescribeImagesResponseBodyImagesImage` model reads them. Fields whose subject the local cloud
// does not model (detection options, features, secure boot, product codes) are left out rather
// than invented.

export interface ImageViewContext {
  readonly callerAccountId: string;
  /** The owner's tags on the image. */
  readonly tags: readonly Tag[];
  /** Own images: whether the caller shares it with anyone. */
  readonly sharedWithOthers: boolean;
  /** Whether instances of the caller run it. */
  readonly inUse: boolean;
}

export type ImageOwnerView = "system" | "self" | "others" | "marketplace";

/** `others` is relative to the caller: someone else's custom image shared with it. */
export function ownerView(image: Image, callerAccountId: string): ImageOwnerView {
  if (image.imageOwnerAlias !== "self") return image.imageOwnerAlias;
  return image.ownerAccountId === callerAccountId ? "self" : "others";
}

export function renderImage(image: Image, ctx: ImageViewContext): Record<string, unknown> {
  const alias = ownerView(image, ctx.callerAccountId);
  const source = image.source;
  const mapping: Record<string, unknown> = {
    Device: "/dev/xvda",
    Type: "system",
    Size: String(image.sizeGiB),
    Progress: progress(image),
  };
  if (source?.type === "import") {
    mapping.ImportOSSBucket = source.ossBucket;
    mapping.ImportOSSObject = source.ossObject;
  }
  if (source?.type === "snapshot") mapping.SnapshotId = source.snapshotId;
  const body: Record<string, unknown> = {
    ImageId: image.imageId,
    ImageName: image.imageName,
    ImageOwnerAlias: alias,
    Status: image.status,
    Progress: progress(image),
    CreationTime: wireTime(image.createdAt),
    OSType: image.osType,
    OSName: image.osName,
    OSNameEn: image.osNameEn,
    Platform: image.platform,
    Architecture: image.architecture,
    Size: image.sizeGiB,
    IsCopied: source?.type === "copy",
    IsPublic: false,
    IsSubscribed: false,
    IsSupportCloudinit: true,
    IsSupportIoOptimized: true,
    Usage: ctx.inUse ? "instance" : "none",
    DiskDeviceMappings: { DiskDeviceMapping: [mapping] },
    Tags: { Tag: ctx.tags.map((tag) => ({ TagKey: tag.key, TagValue: tag.value })) },
  };
  if (image.ownerAccountId !== undefined) body.ImageOwnerId = Number(image.ownerAccountId);
  if (alias === "self") body.IsSelfShared = ctx.sharedWithOthers ? "True" : "False";
  if (image.description !== undefined) body.Description = image.description;
  if (image.imageFamily !== undefined) body.ImageFamily = image.imageFamily;
  if (image.imageVersion !== undefined) body.ImageVersion = image.imageVersion;
  if (image.bootMode !== undefined) body.BootMode = image.bootMode;
  return body;
}

function progress(image: Image): string {
  return image.status === "Available" || image.status === "Deprecated" ? "100%" : "0%";
}
