// The images instances run, looked up by id as the instances' account sees them: DescribeImages
// with every status, so a deprecated or shared image is found; an id no owner alias knows is a
// deleted image. The scan and remediation both look images up this way, so they cannot disagree
// about which image is deleted or where it comes from.
import type { CloudClient, CloudImage, ImageOwnerAlias } from "../../client/index.js";
import type { ImageSource } from "../../catalog/index.js";
import type { DeletedImage, FoundImage } from "./types.js";

/** The order images are looked up in: an account's own first, then shared, then Alibaba's. */
export const OWNER_ALIASES: readonly ImageOwnerAlias[] = ["self", "others", "system", "marketplace"];

const SOURCE_OF: Readonly<Record<ImageOwnerAlias, ImageSource>> = {
  self: "Self",
  others: "Others",
  system: "System",
  marketplace: "Marketplace",
};

export const ALIAS_OF: Readonly<Record<ImageSource, ImageOwnerAlias>> = {
  Self: "self",
  Others: "others",
  System: "system",
  Marketplace: "marketplace",
};

/**
 * `ecs:ImageSource` of an image, relative to the account that asked: the alias the answer names,
 * else the one it was asked under.
 */
export function sourceOfImage(image: CloudImage, askedAs: ImageOwnerAlias): ImageSource {
  const answered = OWNER_ALIASES.find((known) => known === image.ownerAlias);
  return SOURCE_OF[answered ?? askedAs];
}

/** What the scan keeps of an image DescribeImages answered with. */
export function foundImageFacts(image: CloudImage, source: ImageSource): Omit<FoundImage, "state"> {
  return {
    imageId: image.imageId,
    ...(image.imageName === "" ? {} : { name: image.imageName }),
    tags: image.tags,
    ...(image.ownerAccountId === undefined ? {} : { ownerId: image.ownerAccountId }),
    source,
    status: image.status,
    createdAt: image.creationTime ?? "",
  };
}

/**
 * Every id, found (as `describe` makes it of the answer) or deleted. One call first without
 * ImageOwnerAlias, which DescribeImages answers with the system, own and shared images at once,
 * each saying which it is (`ImageOwnerAlias` relative to the caller): a region's images in one call
 * instead of three. Images whose answer names no known alias, and the ones not found (Marketplace
 * images are outside that default), go through the aliases one by one.
 */
export async function lookUpImages<T extends object>(
  member: CloudClient,
  regionId: string,
  imageIds: readonly string[],
  describe: (image: CloudImage, source: ImageSource) => T,
): Promise<(({ readonly state: "found" } & T) | DeletedImage)[]> {
  const missing = new Set(imageIds);
  const found: ({ readonly state: "found" } & T)[] = [];
  if (missing.size === 0) return found;
  for (const image of await member.ecs.describeImages({ regionId, imageIds: [...missing], status: "all" })) {
    const answered = OWNER_ALIASES.find((known) => known === image.ownerAlias);
    if (answered === undefined || !missing.delete(image.imageId)) continue;
    found.push({ state: "found", ...describe(image, sourceOfImage(image, answered)) });
  }
  for (const alias of OWNER_ALIASES) {
    if (missing.size === 0) break;
    const images = await member.ecs.describeImages({
      regionId,
      imageIds: [...missing],
      ownerAlias: alias,
      status: "all",
    });
    for (const image of images) {
      if (!missing.delete(image.imageId)) continue;
      found.push({ state: "found", ...describe(image, sourceOfImage(image, alias)) });
    }
  }
  return [...found, ...[...missing].map((imageId): DeletedImage => ({ state: "deleted", imageId }))];
}
