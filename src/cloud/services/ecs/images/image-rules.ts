import type { Architecture, BootMode, Image, OsType } from "../../../model/index.js";
import { invalidParameter } from "../../../http/index.js";
import type { Store } from "../../../store/store.js";
import {
  descriptionMalformed,
  imageFamilyMalformed,
  imageNameDuplicated,
  imageNameMalformed,
  imageNotFound,
  imageVersionMalformed,
} from "./image-errors.js";

// Alibaba's rules for the names and attributes a caller gives an image (CreateImage, CopyImage,
// ImportImage, ModifyImageAttribute all document the same ones), and the lookups every write on
// an image starts with.

/** An optional parameter: absent or empty means "not given"; otherwise `check` validates it. */
export function optional<T>(raw: string | undefined, check: (value: string) => T): T | undefined {
  return raw === undefined || raw === "" ? undefined : check(raw);
}

const RESERVED_PREFIXES = ["aliyun", "acs:"];

function hasUrl(text: string): boolean {
  return text.includes("http://") || text.includes("https://");
}

/**
 * An image or image-family name: 2 to 128 characters, starting with a letter (Chinese characters
 * count), then letters, digits, `.`, `:`, `_` and `-`; not starting with `aliyun` or `acs:`; no URL.
 */
function isValidName(name: string): boolean {
  return (
    /^\p{L}[\p{L}\p{N}.:_-]{1,127}$/u.test(name) &&
    !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
    !hasUrl(name)
  );
}

export function checkImageName(name: string): string {
  if (!isValidName(name)) throw imageNameMalformed();
  return name;
}

export function checkImageFamily(family: string): string {
  if (!isValidName(family)) throw imageFamilyMalformed();
  return family;
}

/** 2 to 256 characters, not starting with `http://` or `https://`. */
export function checkDescription(description: string): string {
  if (
    [...description].length < 2 ||
    [...description].length > 256 ||
    description.startsWith("http://") ||
    description.startsWith("https://")
  ) {
    throw descriptionMalformed();
  }
  return description;
}

/** 1 to 40 characters. */
export function checkImageVersion(version: string): string {
  if (version.length < 1 || version.length > 40 || hasUrl(version)) throw imageVersionMalformed();
  return version;
}

const BOOT_MODES: readonly BootMode[] = ["BIOS", "UEFI", "UEFI-Preferred"];

export function parseBootMode(name: string, value: string): BootMode {
  const mode = BOOT_MODES.find((m) => m === value);
  if (mode === undefined) throw invalidParameter(name, `It must be one of ${BOOT_MODES.join(", ")}.`);
  return mode;
}

export const ARCHITECTURES: readonly Architecture[] = ["i386", "x86_64", "arm64"];
export const OS_TYPES: readonly OsType[] = ["linux", "windows"];

export function isArchitecture(value: string): value is Architecture {
  return (ARCHITECTURES as readonly string[]).includes(value);
}

export function isOsType(value: string): value is OsType {
  return (OS_TYPES as readonly string[]).includes(value);
}

/** Names are unique among one account's custom images in one region (InvalidImageName.Duplicated). */
export async function assertNameFree(
  store: Store,
  accountId: string,
  regionId: string,
  name: string,
  exceptImageId?: string,
): Promise<void> {
  const filter = {
    regionId,
    callerAccountId: accountId,
    visibility: ["self"] as const,
    imageNameContains: name,
  };
  const count = await store.images.count(filter);
  if (count === 0) return;
  const page = await store.images.list(filter, { pageNumber: 1, pageSize: count });
  if (page.items.some((image) => image.imageName === name && image.imageId !== exceptImageId)) {
    throw imageNameDuplicated();
  }
}

/**
 * The caller's own custom image, for the actions only an owner may take (delete, modify, share):
 * anything else, Alibaba's images and images shared with the caller included, is
 * `InvalidImageId.NotFound` ("does not exist within this account").
 */
export async function ownCustomImage(
  store: Store,
  accountId: string,
  regionId: string,
  imageId: string,
): Promise<Image> {
  const image = await store.images.get(regionId, imageId);
  if (image === undefined || !isOwnedBy(image, accountId)) throw imageNotFound();
  return image;
}

export function isOwnedBy(image: Image, accountId: string): boolean {
  return image.imageOwnerAlias === "self" && image.ownerAccountId === accountId;
}

/** An image the caller may see: Alibaba's and the Marketplace's, its own, and those shared with it. */
export async function visibleImage(
  store: Store,
  accountId: string,
  regionId: string,
  imageId: string,
): Promise<Image | undefined> {
  const image = await store.images.get(regionId, imageId);
  if (image === undefined) return undefined;
  if (image.ownerAccountId === undefined || image.ownerAccountId === accountId) return image;
  return (await store.images.isSharedWith(regionId, imageId, accountId)) ? image : undefined;
}
