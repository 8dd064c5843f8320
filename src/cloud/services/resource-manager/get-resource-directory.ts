import { declareHandler } from "../declared-parameters.js";
import { resourceDirectoryNotInUse } from "./errors.js";
import { enablementStatus, masterAccountName } from "./render.js";

// The directory the caller belongs to: the management account's own, or the one a member is in
// (the one Resource Directory read a member may make). IdentityInformation (real-name
// verification) is not modelled and left out. [decision] MemberDeletionStatus is `Disabled`: the
// local cloud offers no DeleteAccount.

export const getResourceDirectory = declareHandler({
  product: "resourcemanager",
  action: "GetResourceDirectory",
  access: "read",
  parameters: { accepted: [] },
  async handle(ctx) {
    const directory = await ctx.store.directory.get();
    const { accountId } = ctx.caller;
    if (
      directory === undefined ||
      (directory.managementAccountId !== accountId &&
        (await ctx.store.directory.getMember(accountId)) === undefined)
    ) {
      throw resourceDirectoryNotInUse();
    }
    const management = await ctx.store.accounts.get(directory.managementAccountId);
    return {
      ResourceDirectory: {
        ResourceDirectoryId: directory.directoryId,
        RootFolderId: directory.rootFolderId,
        MasterAccountId: directory.managementAccountId,
        MasterAccountName: masterAccountName(management, directory.managementAccountId),
        CreateTime: directory.createdAt,
        ControlPolicyStatus: enablementStatus(directory.controlPolicyStatus),
        MemberDeletionStatus: "Disabled",
      },
    };
  },
});
