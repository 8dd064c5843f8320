import { api } from "../../lib/api.js";
import {
  ALL_IMAGE_STATUSES,
  describeImagesParams,
  OWNER_ALIASES,
  readImagesPage,
  type ImageRow,
} from "../images/image-row.js";

// The images a page of instances runs, looked up as the scan looks them up (src/guardrail/scan/
// collect.ts): by id, every status, first without an owner alias and then, for ids still missing,
// under each alias in turn; an id no listing knows is a deleted image.

const IDS_PER_CALL = 100;

export interface ImageLookup {
  readonly found: ReadonlyMap<string, ImageRow>;
  /** Ids DescribeImages does not know under any owner alias. */
  readonly deleted: ReadonlySet<string>;
}

export async function lookUpImages(regionId: string, imageIds: readonly string[]): Promise<ImageLookup> {
  const found = new Map<string, ImageRow>();
  const missing = new Set(imageIds.filter((id) => id !== ""));
  const ask = async (ownerAlias?: (typeof OWNER_ALIASES)[number]): Promise<void> => {
    const ids = [...missing];
    for (let start = 0; start < ids.length; start += IDS_PER_CALL) {
      const chunk = ids.slice(start, start + IDS_PER_CALL);
      const body = await api.call(
        "Ecs",
        "DescribeImages",
        describeImagesParams({
          regionId,
          imageIds: chunk,
          status: ALL_IMAGE_STATUSES,
          pageSize: IDS_PER_CALL,
          ...(ownerAlias === undefined ? {} : { ownerAlias }),
        }),
      );
      for (const image of readImagesPage(body).images) {
        if (missing.delete(image.imageId)) found.set(image.imageId, image);
      }
    }
  };
  await ask();
  for (const alias of OWNER_ALIASES) {
    if (missing.size === 0) break;
    await ask(alias);
  }
  return { found, deleted: missing };
}
