import type { Image, ImageStatus } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { imageFamilyWithoutImage, imageNotFound } from "./errors.js";

// The image a launch or a system disk replacement uses, as the caller may see it: Alibaba's and the
// Marketplace's, its own, and those shared with it. Anything else is InvalidImageId.NotFound (never
// "forbidden"), so another account's private images do not leak.
//
// Status: Alibaba lets a Deprecated image be used by id ("images in the Deprecated state can be used
// to create instances or replace system disks", ModifyImageAttribute), while an image family skips
// deprecated images and takes its newest Available one. An image that is not ready (Creating,
// Waiting), failed or disabled (UnAvailable) cannot be used: InvalidImageId.NotFound.

const USABLE_BY_ID: readonly ImageStatus[] = ["Available", "Deprecated"];

export async function usableImageById(
  store: Store,
  accountId: string,
  regionId: string,
  imageId: string,
): Promise<Image> {
  // Every launch asks this of an image that rarely changes: answered from the hot cache, which
  // forgets it on any write to images or their shares (store/hot-cache.ts).
  const image = await store.cached(`usable-image:${accountId}:${regionId}:${imageId}`, ["images"], () =>
    visibleImage(store, accountId, regionId, imageId),
  );
  if (image === undefined) throw imageNotFound();
  return image;
}

async function visibleImage(
  store: Store,
  accountId: string,
  regionId: string,
  imageId: string,
): Promise<Image | undefined> {
  const image = await store.images.get(regionId, imageId);
  if (image === undefined || !USABLE_BY_ID.includes(image.status)) return undefined;
  if (image.ownerAccountId !== undefined && image.ownerAccountId !== accountId) {
    if (!(await store.images.isSharedWith(regionId, imageId, accountId))) return undefined;
  }
  return image;
}

/**
 * The newest Available image of a family among those the caller sees: its own, shared with it, and
 * Alibaba's (the same resolution the authorization of the request used).
 */
export async function newestImageOfFamily(
  store: Store,
  accountId: string,
  regionId: string,
  imageFamily: string,
): Promise<Image> {
  const page = await store.images.list(
    { regionId, callerAccountId: accountId, imageFamily, statuses: ["Available"] },
    { pageNumber: 1, pageSize: 1 },
  );
  const newest = page.items[0];
  if (newest === undefined) throw imageFamilyWithoutImage();
  return newest;
}
