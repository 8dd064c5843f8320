import { declareHandler } from "../declared-parameters.js";
import { readKeyOwner } from "./key-owner.js";
import { listedAccessKey } from "./render.js";

export const listAccessKeys = declareHandler({
  product: "ram",
  action: "ListAccessKeys",
  access: "read",
  parameters: { accepted: ["UserName"] },
  async handle(ctx) {
    const { owner } = await readKeyOwner(ctx);
    const keys = await ctx.store.ram.accessKeys.listForOwner(ctx.caller.accountId, owner);
    return { AccessKeys: { AccessKey: keys.map(listedAccessKey) } };
  },
});
