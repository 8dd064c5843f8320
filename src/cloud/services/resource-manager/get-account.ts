import { declareHandler } from "../declared-parameters.js";
import { readIncludeTags } from "./account-params.js";
import { findMember, managedDirectory, rdPath, readAccountId } from "./directory.js";
import { accountName, accountView } from "./render.js";

// One member. Tags is a plain array in GetAccount's model (ListAccounts nests it as Tags.Tag);
// member accounts carry no tags in the local cloud, so IncludeTags=true answers an empty one.
// Location, EmailStatus and IdentityInformation are not modelled and left out.

export const getAccount = declareHandler({
  product: "resourcemanager",
  action: "GetAccount",
  access: "read",
  parameters: { accepted: ["AccountId", "IncludeTags"] },
  async handle(ctx) {
    const accountId = readAccountId(ctx.params);
    const includeTags = readIncludeTags(ctx);
    const directory = await managedDirectory(ctx);
    const { member, account } = await findMember(ctx.store, accountId);
    return {
      Account: {
        ...accountView(directory, member, account),
        AccountName: accountName(member, account),
        ResourceDirectoryPath: await rdPath(ctx.store, directory, member.folderId, accountId),
        Tags: includeTags ? [] : undefined,
      },
    };
  },
});
