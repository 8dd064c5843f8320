import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { rejectUnknownParams, requireRegion } from "./accepted-params.js";
import {
  imageIsCopying,
  imageIsCreating,
  imageIsImporting,
  imageNotFound,
  imageUseShared,
  imageUsingByInstance,
} from "./image-errors.js";
import { isOwnedBy, visibleImage } from "./image-rules.js";

// DeleteImage, by Alibaba's rules:
// - an id that names no image the caller can see is ignored (Alibaba: "If the specified custom
//   image does not exist, the request is ignored"), so nothing about other accounts' images leaks;
// - an image the caller can see but does not own (Alibaba's, or shared with it) is
//   `InvalidImageId.NotFound`: it does not exist within the caller's account, and silently
//   "succeeding" would tell the caller it is gone;
// - an image still shared with other accounts is refused (`ImageUseShared`), Force or not: the
//   owner unshares first;
// - an image that live instances (of any account) were created from is refused
//   (`ImageUsingByInstance`) unless `Force=true`;
// - images still being created, imported or copied are refused.
// Deleting removes the image with its tags and share list.

const ACCEPTED = ["RegionId", "DryRun", "ImageId", "Force"];

export const deleteImage: ActionHandler = {
  product: "ecs",
  action: "DeleteImage",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const imageId = ctx.params.str("ImageId");
    const force = ctx.params.optBool("Force") ?? false;

    const image = await visibleImage(ctx.store, ctx.caller.accountId, regionId, imageId);
    if (image === undefined) {
      ctx.finishDryRun();
      return {};
    }
    if (!isOwnedBy(image, ctx.caller.accountId)) throw imageNotFound();
    if (image.status === "Creating")
      throw image.source?.type === "copy" ? imageIsCopying() : imageIsCreating();
    if (image.status === "Waiting") throw imageIsImporting();
    if ((await ctx.store.images.listShares(regionId, imageId)).length > 0) throw imageUseShared();
    if (!force && (await ctx.store.instances.count({ regionId, imageId })) > 0) throw imageUsingByInstance();
    ctx.finishDryRun();

    await ctx.store.images.delete(regionId, imageId);
    return {};
  },
};
