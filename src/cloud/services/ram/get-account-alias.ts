import { declareHandler } from "../declared-parameters.js";

export const getAccountAlias = declareHandler({
  product: "ram",
  action: "GetAccountAlias",
  access: "read",
  parameters: { accepted: [] },
  async handle(ctx) {
    const account = await ctx.store.accounts.get(ctx.caller.accountId);
    // [decision] An account that never set an alias answers with its id, which is what its
    // default sign-in domain (`<id>.onaliyun.com`) uses in its place.
    return { AccountAlias: account?.alias ?? ctx.caller.accountId };
  },
});
