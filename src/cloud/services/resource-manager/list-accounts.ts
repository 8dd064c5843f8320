import { declareHandler } from "../declared-parameters.js";
import { TAGS_NOT_MODELLED, readIncludeTags } from "./account-params.js";
import { accountsOf, managedDirectory, rdPath } from "./directory.js";
import { pageFields, readPaging } from "./paging.js";
import { accountView } from "./render.js";

// Every member of the directory (the management account included), in account id order.

export const listAccounts = declareHandler({
  product: "resourcemanager",
  action: "ListAccounts",
  access: "read",
  parameters: { accepted: ["IncludeTags", "PageNumber", "PageSize"], notModelled: TAGS_NOT_MODELLED },
  async handle(ctx) {
    const includeTags = readIncludeTags(ctx);
    const paging = readPaging(ctx.params);
    const directory = await managedDirectory(ctx);
    const page = await ctx.store.directory.listMembers({}, paging);
    const accounts = await accountsOf(ctx.store, page.items);
    const items: Record<string, unknown>[] = [];
    for (const member of page.items) {
      const account = accounts.get(member.accountId);
      if (account === undefined) continue;
      items.push({
        ...accountView(directory, member, account),
        ResourceDirectoryPath: await rdPath(ctx.store, directory, member.folderId, member.accountId),
        Tags: includeTags ? { Tag: [] } : undefined,
      });
    }
    return { Accounts: { Account: items }, ...pageFields(page) };
  },
});
