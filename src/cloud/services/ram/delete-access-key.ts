import { declareHandler } from "../declared-parameters.js";
import { accessKeyNotExist } from "./errors.js";
import { ownsKey, readKeyOwner } from "./key-owner.js";

export const deleteAccessKey = declareHandler({
  product: "ram",
  action: "DeleteAccessKey",
  access: "write",
  parameters: { accepted: ["UserAccessKeyId", "UserName"] },
  async handle(ctx) {
    const accessKeyId = ctx.params.str("UserAccessKeyId");
    const { owner } = await readKeyOwner(ctx);
    const key = await ctx.store.ram.accessKeys.get(accessKeyId);
    if (key === undefined || key.accountId !== ctx.caller.accountId || !ownsKey(owner, key.owner)) {
      throw accessKeyNotExist(accessKeyId);
    }
    ctx.finishDryRun();

    await ctx.store.ram.accessKeys.delete(accessKeyId);
    ctx.policiesChanged();
    return {};
  },
});
