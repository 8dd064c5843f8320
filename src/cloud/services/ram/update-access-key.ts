import type { AccessKeyStatus } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { accessKeyNotExist, invalidRamParameter } from "./errors.js";
import { ownsKey, readKeyOwner } from "./key-owner.js";

// An Inactive key is refused by the protocol layer (`InvalidAccessKeyId.Inactive`) on its next use.
export const updateAccessKey = declareHandler({
  product: "ram",
  action: "UpdateAccessKey",
  access: "write",
  parameters: { accepted: ["Status", "UserAccessKeyId", "UserName"] },
  async handle(ctx) {
    const accessKeyId = ctx.params.str("UserAccessKeyId");
    const status = ctx.params.str("Status");
    if (status !== "Active" && status !== "Inactive") {
      throw invalidRamParameter(
        "Status",
        `The parameter - "Status" is incorrect: \`${status}\`. Valid values: Active, Inactive.`,
      );
    }
    const { owner } = await readKeyOwner(ctx);
    const key = await ctx.store.ram.accessKeys.get(accessKeyId);
    if (key === undefined || key.accountId !== ctx.caller.accountId || !ownsKey(owner, key.owner)) {
      throw accessKeyNotExist(accessKeyId);
    }
    ctx.finishDryRun();

    await ctx.store.ram.accessKeys.setStatus(accessKeyId, status satisfies AccessKeyStatus);
    ctx.policiesChanged();
    return {};
  },
});
