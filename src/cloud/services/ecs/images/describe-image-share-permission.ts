import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { rejectUnknownParams, requireRegion, wireTime } from "./accepted-params.js";
import { ownCustomImage } from "./image-rules.js";

// DescribeImageSharePermission: the accounts one of the caller's custom images is shared with, in
// account id order, paged (PageSize up to 100, default 10). Share groups (`ShareGroups`) are not
// modelled and always empty.

const ACCEPTED = ["RegionId", "ImageId", "PageNumber", "PageSize"];

export const describeImageSharePermission: ActionHandler = {
  product: "ecs",
  action: "DescribeImageSharePermission",
  access: "read",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const imageId = p.str("ImageId");
    const pageNumber = p.optInt("PageNumber", { min: 1 }) ?? 1;
    const pageSize = p.optInt("PageSize", { min: 1, max: 100 }) ?? 10;
    ctx.finishDryRun();

    await ownCustomImage(ctx.store, ctx.caller.accountId, regionId, imageId);
    const shares = await ctx.store.images.listShares(regionId, imageId);
    const start = (pageNumber - 1) * pageSize;
    return {
      RegionId: regionId,
      ImageId: imageId,
      TotalCount: shares.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Accounts: {
        Account: shares
          .slice(start, start + pageSize)
          .map((share) => ({ AliyunId: share.accountId, SharedTime: wireTime(share.sharedAt) })),
      },
      ShareGroups: { ShareGroup: [] },
    };
  },
};
