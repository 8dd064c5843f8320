import { declareHandler } from "../declared-parameters.js";
import { TAGS_NOT_MODELLED, readIncludeTags } from "./account-params.js";
import { accountsOf, allMembers, findFolder, managedDirectory, readFolderId } from "./directory.js";
import { matchesKeyword, pageFields, pageOf, readPaging } from "./paging.js";
import { accountView } from "./render.js";

// The members placed directly in ParentFolderId (the Root folder when absent), in account id
// order; QueryKeyword narrows them by display name or account id.

export const listAccountsForParent = declareHandler({
  product: "resourcemanager",
  action: "ListAccountsForParent",
  access: "read",
  parameters: {
    accepted: ["IncludeTags", "PageNumber", "PageSize", "ParentFolderId", "QueryKeyword"],
    notModelled: TAGS_NOT_MODELLED,
  },
  async handle(ctx) {
    const includeTags = readIncludeTags(ctx);
    const parentParam = readFolderId(ctx.params, "ParentFolderId", false);
    const keyword = ctx.params.optStr("QueryKeyword");
    const paging = readPaging(ctx.params);
    const directory = await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, parentParam ?? directory.rootFolderId);
    const members = await allMembers(ctx.store, folder.folderId);
    const accounts = await accountsOf(ctx.store, members);
    const matching = members.flatMap((member) => {
      const account = accounts.get(member.accountId);
      return account !== undefined && matchesKeyword(keyword, account.displayName, member.accountId)
        ? [{ member, account }]
        : [];
    });
    const page = pageOf(matching, paging);
    return {
      Accounts: {
        Account: page.items.map(({ member, account }) => ({
          ...accountView(directory, member, account),
          Tags: includeTags ? { Tag: [] } : undefined,
        })),
      },
      ...pageFields(page),
    };
  },
});
