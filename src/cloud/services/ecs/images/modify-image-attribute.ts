import type { Image, ImageStatus } from "../../../model/index.js";
import { invalidParameter } from "../../../http/index.js";
import type { Patch } from "../../../store/store.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { rejectUnknownParams, requireRegion } from "./accepted-params.js";
import { imageUseShared, incorrectImageStatus } from "./image-errors.js";
import {
  assertNameFree,
  checkDescription,
  checkImageFamily,
  checkImageName,
  optional,
  ownCustomImage,
  parseBootMode,
} from "./image-rules.js";

// ModifyImageAttribute on one of the caller's custom images: name, description, image family,
// boot mode, and deprecation (`Status=Deprecated`, undone with `Status=Available`). An empty or
// absent value leaves the attribute as it is, as Alibaba documents. Alibaba's deprecation rules:
// a shared image must be unshared first, and only an Available or Deprecated image changes state.

const ACCEPTED = [
  "RegionId",
  "DryRun",
  "ImageId",
  "ImageName",
  "Description",
  "ImageFamily",
  "BootMode",
  "Status",
];

type ImagePatch = Patch<
  Image,
  "imageName" | "description" | "status" | "imageFamily" | "bootMode" | "deprecatedAt"
>;

export const modifyImageAttribute: ActionHandler = {
  product: "ecs",
  action: "ModifyImageAttribute",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const imageId = p.str("ImageId");
    const name = optional(p.optStr("ImageName"), checkImageName);
    const description = optional(p.optStr("Description"), checkDescription);
    const family = optional(p.optStr("ImageFamily"), checkImageFamily);
    const bootMode = optional(p.optStr("BootMode"), (v) => parseBootMode("BootMode", v));
    const status = optional(p.optStr("Status"), (v): ImageStatus => {
      if (v !== "Deprecated" && v !== "Available") {
        throw invalidParameter("Status", "It must be Deprecated or Available.");
      }
      return v;
    });

    const image = await ownCustomImage(ctx.store, ctx.caller.accountId, regionId, imageId);
    if (name !== undefined && name !== image.imageName) {
      await assertNameFree(ctx.store, ctx.caller.accountId, regionId, name, imageId);
    }
    if (status !== undefined && status !== image.status) {
      if (image.status !== "Available" && image.status !== "Deprecated") throw incorrectImageStatus();
      if (status === "Deprecated" && (await ctx.store.images.listShares(regionId, imageId)).length > 0) {
        throw imageUseShared();
      }
    }
    ctx.finishDryRun();

    const patch: ImagePatch = {
      ...(name !== undefined && { imageName: name }),
      ...(description !== undefined && { description }),
      ...(family !== undefined && { imageFamily: family }),
      ...(bootMode !== undefined && { bootMode }),
      ...(status !== undefined &&
        status !== image.status && {
          status,
          deprecatedAt: status === "Deprecated" ? ctx.now.toISOString() : null,
        }),
    };
    await ctx.store.images.update(regionId, imageId, patch);
    return {};
  },
};
