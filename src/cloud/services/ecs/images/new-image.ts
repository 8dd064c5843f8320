import { newRegionalId } from "../../../model/index.js";
import type { Image, TagPair } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";

// The images CreateImage, CopyImage and ImportImage make. Each is a custom image of the caller's,
// complete within the call (`Available` when the call returns; create-image.ts says why), named by
// its id when the request names none, and carrying from the start the tags the request gives
// (`Tag.N`) and no others.

/** What the request says of the new image, whatever it is made from. */
export interface NewImageRequest {
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly TagPair[];
}

/** What the image is made from decides the rest: OS, size, boot mode, family, version and source. */
export type MadeFrom = Omit<
  Image,
  | "imageId"
  | "regionId"
  | "ownerAccountId"
  | "imageOwnerAlias"
  | "imageName"
  | "description"
  | "status"
  | "createdAt"
>;

/** Stores the new image in `regionId` with the request's tags; returns its id. */
export async function insertNewImage(
  ctx: CallContext,
  regionId: string,
  request: NewImageRequest,
  madeFrom: MadeFrom,
): Promise<string> {
  const imageId = newRegionalId("image", regionId);
  const image: Image = {
    imageId,
    regionId,
    ownerAccountId: ctx.caller.accountId,
    imageOwnerAlias: "self",
    imageName: request.name ?? imageId,
    status: "Available",
    ...madeFrom,
    createdAt: ctx.now.toISOString(),
    ...(request.description !== undefined && { description: request.description }),
  };
  await ctx.store.images.insert(image);
  if (request.tags.length > 0) {
    await ctx.store.tags.set(
      { regionId, resourceType: "image", resourceId: imageId },
      ctx.caller.accountId,
      request.tags,
    );
  }
  return imageId;
}
