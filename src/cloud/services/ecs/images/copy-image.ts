import { findRegion } from "../../../model/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { readTagPairs } from "../tags/tag-rules.js";
import {
  indexedFields,
  rejectUnknownParams,
  requireRegion,
  unsupportedParameter,
} from "./accepted-params.js";
import {
  destinationRegionNotFound,
  imageNotFound,
  incorrectImageStatus,
  sharedImageSameRegionOnly,
} from "./image-errors.js";
import { assertNameFree, checkDescription, checkImageName, optional, visibleImage } from "./image-rules.js";
import { insertNewImage } from "./new-image.js";

// CopyImage: a custom image of the caller's, or one shared with it, becomes a new custom image of
// the caller's in the destination region (the same region when none is given). Alibaba's rules:
// only `Available` custom images are copied (Deprecated ones are not), and an image shared by
// someone else is copied within its own region only. The copy starts without tags but those the
// request gives (`Tag.N`); like CreateImage it is `Available` when the call returns.

const ACCEPTED = [
  "RegionId",
  "ClientToken",
  "DryRun",
  "ImageId",
  "DestinationRegionId",
  "DestinationImageName",
  "DestinationDescription",
  "Encrypted",
  indexedFields("Tag", ["Key", "Value"]),
];

export const copyImage: ActionHandler = {
  product: "ecs",
  action: "CopyImage",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const imageId = p.str("ImageId");
    const destinationRaw = p.optStr("DestinationRegionId");
    const destination = destinationRaw === undefined || destinationRaw === "" ? regionId : destinationRaw;
    if (findRegion(destination) === undefined) throw destinationRegionNotFound();
    const name = optional(p.optStr("DestinationImageName"), checkImageName);
    const description = optional(p.optStr("DestinationDescription"), checkDescription);
    // Encryption is not modelled; an unencrypted copy is what `Encrypted=false` asks for.
    if (p.optBool("Encrypted") === true) {
      throw unsupportedParameter(ctx.action, "Encrypted", "The local cloud does not encrypt images.");
    }
    const tags = readTagPairs(ctx, "Tag");

    const source = await visibleImage(ctx.store, ctx.caller.accountId, regionId, imageId);
    // Only custom images are copied; Alibaba's own exist in every region already.
    if (source === undefined || source.imageOwnerAlias !== "self") throw imageNotFound();
    const own = source.ownerAccountId === ctx.caller.accountId;
    if (!own && destination !== regionId) throw sharedImageSameRegionOnly();
    if (source.status !== "Available") throw incorrectImageStatus();
    if (name !== undefined) await assertNameFree(ctx.store, ctx.caller.accountId, destination, name);
    ctx.finishDryRun();

    const copyId = await insertNewImage(
      ctx,
      destination,
      { name, description, tags },
      {
        osType: source.osType,
        osName: source.osName,
        osNameEn: source.osNameEn,
        platform: source.platform,
        architecture: source.architecture,
        sizeGiB: source.sizeGiB,
        source: { type: "copy", sourceRegionId: regionId, sourceImageId: imageId },
        ...(source.imageVersion !== undefined && { imageVersion: source.imageVersion }),
        ...(source.bootMode !== undefined && { bootMode: source.bootMode }),
      },
    );
    return { ImageId: copyId };
  },
};
