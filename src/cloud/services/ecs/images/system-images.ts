import { REGIONS, SYSTEM_IMAGES } from "../../../model/index.js";
import type { Image } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";

// Alibaba's public images exist in every region before anyone asks (static data in the model);
// the store holds them as rows so that listings, paging and the catalog's image lookups treat
// them like any other image. `seedSystemImages` writes them for every region (the runtime calls
// it at startup); the image handlers also make sure the region they serve has them, so a store
// that was never seeded still shows Alibaba's images.

function systemImage(spec: (typeof SYSTEM_IMAGES)[number], regionId: string): Image {
  return { ...spec, regionId, imageOwnerAlias: "system", status: "Available" };
}

const SYSTEM_IMAGE_IDS = SYSTEM_IMAGES.map((spec) => spec.imageId);

/** Inserts the region's missing system images; returns how many were inserted. */
export async function ensureSystemImages(store: Store, regionId: string): Promise<number> {
  // One query on every DescribeImages; the inserts only on a store that was never seeded.
  const present = await store.images.existing(regionId, SYSTEM_IMAGE_IDS);
  let inserted = 0;
  for (const spec of SYSTEM_IMAGES) {
    if (present.has(spec.imageId)) continue;
    await store.images.insert(systemImage(spec, regionId));
    inserted++;
  }
  return inserted;
}

/** Every region's system images, in one transaction. */
export function seedSystemImages(store: Store): Promise<number> {
  return store.transaction(async (tx) => {
    let inserted = 0;
    for (const region of REGIONS) inserted += await ensureSystemImages(tx, region.regionId);
    return inserted;
  });
}
