import { invalidParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { indexed, rejectUnknownParams, requireRegion, unsupportedParameter } from "./accepted-params.js";
import { accountNotFound, incorrectImageStatus, shareQuotaExceeded, shareWithSelf } from "./image-errors.js";
import { ownCustomImage } from "./image-rules.js";

// ModifyImageSharePermission on one of the caller's custom images, by Alibaba's rules: at most 10
// accounts added and 10 removed per call, at most 50 accounts per image
// (`QuotaExceed.ShareImageUser`), never the caller itself (`InvalidAccount.Forbbiden`), only
// existing accounts (`InvalidAccount.NotFound`), and not a Deprecated image. Alibaba processes the
// first 10 of a longer list and drops the rest; the local cloud refuses the request instead, since
// a share the caller asked for must not silently not happen. Community images (`IsPublic=true`)
// are not modelled; `IsPublic=false` ("not a community image") is what every local image is.

const ACCEPTED = [
  "RegionId",
  "DryRun",
  "ImageId",
  indexed("AddAccount"),
  indexed("RemoveAccount"),
  "IsPublic",
];
const MAX_PER_CALL = 10;
const MAX_SHARES = 50;

export const modifyImageSharePermission: ActionHandler = {
  product: "ecs",
  action: "ModifyImageSharePermission",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const imageId = p.str("ImageId");
    const add = accounts(ctx, "AddAccount");
    const remove = accounts(ctx, "RemoveAccount");
    if (p.optBool("IsPublic") === true) {
      throw unsupportedParameter(
        ctx.action,
        "IsPublic",
        "The local cloud does not publish community images.",
      );
    }

    const image = await ownCustomImage(ctx.store, ctx.caller.accountId, regionId, imageId);
    for (const accountId of [...add, ...remove]) {
      if (accountId === ctx.caller.accountId) throw shareWithSelf();
      if ((await ctx.store.accounts.get(accountId)) === undefined) throw accountNotFound();
    }
    if (add.length > 0 && image.status !== "Available") throw incorrectImageStatus();
    const current = new Set((await ctx.store.images.listShares(regionId, imageId)).map((s) => s.accountId));
    for (const accountId of remove) current.delete(accountId);
    for (const accountId of add) current.add(accountId);
    if (current.size > MAX_SHARES) throw shareQuotaExceeded();
    ctx.finishDryRun();

    // Removing first, so an account in both lists ends up shared, as the request's last word.
    await ctx.store.images.unshare(regionId, imageId, remove);
    await ctx.store.images.share(regionId, imageId, add, ctx.now.toISOString());
    return {};
  },
};

/** `AddAccount.N` / `RemoveAccount.N`: account ids, distinct, at most 10. */
function accounts(ctx: CallContext, name: string): string[] {
  const ids = ctx.params.list(name);
  if (ids.length > MAX_PER_CALL) {
    throw invalidParameter(name, `It accepts at most ${MAX_PER_CALL} accounts per call (N from 1 to 10).`);
  }
  ids.forEach((id, i) => {
    if (!/^\d{1,20}$/.test(id))
      throw invalidParameter(`${name}.${i + 1}`, "It must be an Alibaba Cloud account ID.");
  });
  return [...new Set(ids)];
}
