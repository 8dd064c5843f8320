import { declareHandler } from "../declared-parameters.js";
import { BILLING_UNSUPPORTED, TAGS_NOT_MODELLED } from "./account-params.js";
import { accountsOf, allMembers, findFolder, managedDirectory, readFolderId } from "./directory.js";
import { displayNameUsed } from "./errors.js";
import { createMemberAccount } from "./member-account.js";
import { readAccountNamePrefix, readDisplayName } from "./names.js";
import { accountName, accountView } from "./render.js";

// A new member account of the resource-account type in ParentFolderId (the Root folder when
// absent); see member-account.ts for what it is given. DisplayName is unique in the directory.
// PayerAccountId and ResellAccountType concern billing and reselling, which the local cloud does
// not model.

export const createResourceAccount = declareHandler({
  product: "resourcemanager",
  action: "CreateResourceAccount",
  access: "write",
  parameters: {
    accepted: ["AccountNamePrefix", "DisplayName", "ParentFolderId"],
    notModelled: {
      ...TAGS_NOT_MODELLED,
      PayerAccountId: BILLING_UNSUPPORTED,
      ResellAccountType: BILLING_UNSUPPORTED,
    },
  },
  async handle(ctx) {
    const displayName = readDisplayName(ctx.params);
    const accountNamePrefix = readAccountNamePrefix(ctx.params);
    const parentParam = readFolderId(ctx.params, "ParentFolderId", false);
    const directory = await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, parentParam ?? directory.rootFolderId);
    const members = await allMembers(ctx.store);
    const accounts = await accountsOf(ctx.store, members);
    if ([...accounts.values()].some((account) => account.displayName === displayName))
      throw displayNameUsed(displayName);
    ctx.finishDryRun();

    const created = await createMemberAccount(
      ctx.store,
      directory,
      {
        displayName,
        folderId: folder.folderId,
        regionId: ctx.regionId,
        ...(accountNamePrefix === undefined ? {} : { accountNamePrefix }),
      },
      ctx.now,
    );
    ctx.policiesChanged();
    return {
      Account: {
        ...accountView(directory, created.member, created.account),
        AccountName: accountName(created.member, created.account),
      },
    };
  },
});
