import { newAccessKeyId, newAccessKeySecret } from "../../model/index.js";
import type { AccessKeyWithSecret } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { limitExceeded } from "./errors.js";
import { readKeyOwner } from "./key-owner.js";
import { RAM_LIMITS } from "./limits.js";
import { wireTime } from "./render.js";

// The secret is in this response and nowhere else: the store keeps it sealed and no listing shows it.
export const createAccessKey = declareHandler({
  product: "ram",
  action: "CreateAccessKey",
  access: "write",
  secretResponse: true,
  parameters: { accepted: ["UserName"] },
  async handle(ctx) {
    const { owner, label } = await readKeyOwner(ctx);
    const { accountId } = ctx.caller;
    const existing = await ctx.store.ram.accessKeys.listForOwner(accountId, owner);
    if (existing.length >= RAM_LIMITS.accessKeysPerUser) {
      throw limitExceeded(
        "User.AccessKey",
        `The access key count of the user access keys beyond the current limits: ${label} has ${existing.length}, the maximum is ${RAM_LIMITS.accessKeysPerUser}.`,
      );
    }
    ctx.finishDryRun();

    const key: AccessKeyWithSecret = {
      accessKeyId: newAccessKeyId(),
      accessKeySecret: newAccessKeySecret(),
      accountId,
      owner,
      status: "Active",
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.ram.accessKeys.insert(key);
    return {
      AccessKey: {
        AccessKeyId: key.accessKeyId,
        AccessKeySecret: key.accessKeySecret,
        Status: key.status,
        CreateDate: wireTime(key.createdAt),
      },
    };
  },
});
