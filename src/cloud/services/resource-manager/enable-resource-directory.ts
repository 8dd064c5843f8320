import { newDirectoryId, newRootFolderId } from "../../model/index.js";
import type { ResourceDirectory } from "../../model/index.js";
import { unsupportedParameter } from "../declared-parameters.js";
import { invalidRdParameter, missingRdParameter } from "./errors.js";
import { accountInAnotherDirectory, directoryAlreadyEnabled, onlyOneDirectory } from "./errors.js";
import { ensureFullAliyunAccess } from "./full-aliyun-access.js";
import { masterAccountName } from "./render.js";
import { declareHandler } from "../declared-parameters.js";

// The calling account enables a resource directory and becomes its management account; the
// directory starts with its Root folder and the Control Policy feature disabled. The management
// account shows in the Root folder like any member (as it does in Alibaba's console), as an invited
// cloud account [decision on its JoinMethod and Type].
//
// EnableMode is `CurrentAccount` or `NewManagementAccount`; the second creates a new Alibaba Cloud
// account from a name and a verified mobile phone, which the local cloud does not model.

const NEW_MANAGEMENT_ACCOUNT_PARAMS = ["MAName", "MASecureMobilePhone", "VerificationCode"] as const;

export const enableResourceDirectory = declareHandler({
  product: "resourcemanager",
  action: "EnableResourceDirectory",
  access: "write",
  parameters: { accepted: ["EnableMode", "MAName", "MASecureMobilePhone", "VerificationCode"] },
  async handle(ctx) {
    const mode = ctx.params.optStr("EnableMode");
    if (mode === undefined || mode === "") throw missingRdParameter("EnableMode", "EnableMode");
    if (mode === "NewManagementAccount") {
      throw unsupportedParameter(
        "EnableMode",
        "`NewManagementAccount` creates a new Alibaba Cloud account verified by mobile phone; enable the directory with `CurrentAccount`",
      );
    }
    if (mode !== "CurrentAccount") {
      throw invalidRdParameter(
        "EnableMode",
        `The EnableMode is invalid: \`${mode}\`. Valid values: CurrentAccount, NewManagementAccount.`,
      );
    }
    for (const name of NEW_MANAGEMENT_ACCOUNT_PARAMS) {
      if ((ctx.params.optStr(name) ?? "") !== "") {
        throw invalidRdParameter(name, `The ${name} applies only when EnableMode is NewManagementAccount.`);
      }
    }
    const { accountId } = ctx.caller;
    const existing = await ctx.store.directory.get();
    if (existing !== undefined) {
      if (existing.managementAccountId === accountId) throw directoryAlreadyEnabled();
      if ((await ctx.store.directory.getMember(accountId)) !== undefined) throw accountInAnotherDirectory();
      throw onlyOneDirectory(existing.managementAccountId);
    }
    ctx.finishDryRun();

    const createdAt = ctx.now.toISOString();
    const directory: ResourceDirectory = {
      directoryId: newDirectoryId(),
      managementAccountId: accountId,
      rootFolderId: newRootFolderId(),
      controlPolicyStatus: "Disabled",
      createdAt,
    };
    await ctx.store.directory.create(directory);
    await ctx.store.directory.insertMember({
      accountId,
      folderId: directory.rootFolderId,
      joinMethod: "invited",
      accountType: "CloudAccount",
      joinedAt: createdAt,
    });
    // ListControlPolicies shows the system policy from the start, as Alibaba's does.
    await ensureFullAliyunAccess(ctx.store, createdAt);
    ctx.policiesChanged();

    const account = await ctx.store.accounts.get(accountId);
    return {
      ResourceDirectory: {
        ResourceDirectoryId: directory.directoryId,
        MasterAccountId: accountId,
        MasterAccountName: masterAccountName(account, accountId),
        RootFolderId: directory.rootFolderId,
        CreateTime: createdAt,
      },
    };
  },
});
