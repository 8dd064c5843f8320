import type { ActionHandler } from "../handler.js";
import { readKeyOwner } from "./key-owner.js";
import { listedAccessKey } from "./render.js";

export const listAccessKeys: ActionHandler = {
  product: "ram",
  action: "ListAccessKeys",
  access: "read",
  async handle(ctx) {
    const { owner } = await readKeyOwner(ctx);
    const keys = await ctx.store.ram.accessKeys.listForOwner(ctx.caller.accountId, owner);
    return { AccessKeys: { AccessKey: keys.map(listedAccessKey) } };
  },
};
