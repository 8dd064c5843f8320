import type {
  Account,
  ControlPolicy,
  RdFolder,
  RdMember,
  ResourceDirectory,
  Timestamp,
} from "../../model/index.js";
import type { ControlPolicyStatus } from "../../model/index.js";
import { describedIn } from "./full-aliyun-access.js";
import type { Language } from "./names.js";

// The wire shapes of ResourceManager 2020-03-31, field for field as @alicloud/resourcemanager20200331's
// response models name them. Folders and members carry times with milliseconds
// (`2019-02-19T09:34:50.757Z`), control policies whole seconds (`2021-03-18T09:24:19Z`), as in
// Alibaba's examples. Optional fields left undefined are left out by both renderers.

/** Control policy dates: UTC, whole seconds. */
export function policyTime(timestamp: Timestamp): string {
  return timestamp.replace(/\.\d+Z$/, "Z");
}

/** The feature's status as the wire spells it (Enabled, PendingEnable, Disabled, PendingDisable). */
export function enablementStatus(status: ControlPolicyStatus): string {
  switch (status) {
    case "Enabled":
      return "Enabled";
    case "Disabled":
      return "Disabled";
    case "Enabling":
      return "PendingEnable";
    case "Disabling":
      return "PendingDisable";
  }
}

/** The management account's name as the directory shows it. */
export function masterAccountName(account: Account | undefined, accountId: string): string {
  return account?.displayName ?? accountId;
}

/** CreateFolder's, UpdateFolder's and (with the path) GetFolder's Folder. */
export function folderView(folder: RdFolder, resourceDirectoryPath?: string): Record<string, unknown> {
  return {
    FolderId: folder.folderId,
    FolderName: folder.folderName,
    ParentFolderId: folder.parentFolderId,
    CreateTime: folder.createdAt,
    ResourceDirectoryPath: resourceDirectoryPath,
  };
}

/** ListFoldersForParent's Folders.Folder[]. */
export function listedFolder(folder: RdFolder): Record<string, unknown> {
  return { FolderId: folder.folderId, FolderName: folder.folderName, CreateTime: folder.createdAt };
}

/** The login name of a member: the one CreateResourceAccount gave it, else the account's name. */
export function accountName(member: RdMember, account: Account): string {
  return member.accountName ?? account.alias ?? account.displayName;
}

/**
 * The fields every Account view shares. [decision] The local cloud keeps no modification time for
 * members, so ModifyTime is the join time.
 */
export function accountView(
  directory: ResourceDirectory,
  member: RdMember,
  account: Account,
): Record<string, unknown> {
  return {
    AccountId: member.accountId,
    DisplayName: account.displayName,
    FolderId: member.folderId,
    JoinMethod: member.joinMethod,
    JoinTime: member.joinedAt,
    ModifyTime: member.joinedAt,
    ResourceDirectoryId: directory.directoryId,
    Status: member.joinMethod === "created" ? "CreateSuccess" : "InviteSuccess",
    Type: member.accountType,
  };
}

/** CreateControlPolicy's, UpdateControlPolicy's and ListControlPolicies' ControlPolicy (GetControlPolicy adds the document). */
export function controlPolicyView(
  policy: ControlPolicy,
  attachmentCount: number,
  language: Language,
  withDocument = false,
): Record<string, unknown> {
  return {
    PolicyId: policy.policyId,
    PolicyName: policy.policyName,
    PolicyType: policy.policyType,
    Description: describedIn(policy, language),
    EffectScope: policy.effectScope,
    // A string in Alibaba's model.
    AttachmentCount: String(attachmentCount),
    CreateDate: policyTime(policy.createdAt),
    UpdateDate: policyTime(policy.updatedAt),
    PolicyDocument: withDocument ? policy.document : undefined,
  };
}
