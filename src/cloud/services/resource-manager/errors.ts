import { CloudError } from "../../http/index.js";

// Resource Directory's error codes (ResourceManager 2020-03-31), with Alibaba's wording and HTTP
// statuses as its API reference lists them per action. SDK users and Terraform match on them
// (`EntityNotExists.Folder` to treat a delete as done, `EntityNotExists.ResourceDirectory` to
// enable the directory first). Where Alibaba documents no code for a refusal (duplicate control
// policy names, attachment conflicts, the attachment quota, a disabled Control Policy feature) the
// code is ours, formed like Alibaba's neighbouring ones, and marked [decision] where it is made.

// ---- the directory ------------------------------------------------------------------------------

const NOT_ENABLED =
  "The resource directory for the account is not enabled. We recommend that you first enable the resource directory for the account.";

/** `EntityNotExists.ResourceDirectory` 404: the caller manages no resource directory. */
export function directoryNotEnabled(detail?: string): CloudError {
  return new CloudError(
    "EntityNotExists.ResourceDirectory",
    404,
    detail === undefined ? NOT_ENABLED : `${NOT_ENABLED} ${detail}`,
  );
}

/** GetResourceDirectory for an account that is neither a management account nor a member. */
export function resourceDirectoryNotInUse(): CloudError {
  return new CloudError(
    "ResourceDirectoryNotInUse",
    404,
    "The specified account is not an Alibaba Cloud account or a member account of the resource directory.",
  );
}

export function directoryAlreadyEnabled(): CloudError {
  return new CloudError(
    "EntityAlreadyExists.ResourceDirectory",
    409,
    "The resource directory for the account is already enabled. We recommend that you do not enable the resource directory again.",
  );
}

export function accountInAnotherDirectory(): CloudError {
  return new CloudError(
    "NotSupport.AccountInAnotherResourceDirectory",
    409,
    "The specified account is an Alibaba Cloud account or already exists in another resource directory.",
  );
}

/**
 * [decision] The local cloud holds one resource directory; Alibaba Cloud would let another
 * standalone account enable its own. The code is ours, so no SDK user mistakes it for Alibaba's.
 */
export function onlyOneDirectory(managementAccountId: string): CloudError {
  return new CloudError(
    "NotSupport.MultipleResourceDirectories",
    409,
    `The local cloud holds one resource directory, already enabled by account \`${managementAccountId}\`; it cannot hold a second one.`,
  );
}

// ---- parameters ---------------------------------------------------------------------------------

/** `MissingParameter.FolderId`, `MissingParameter.Folder.Name`, …: "You must specify …". */
export function missingRdParameter(suffix: string, what: string): CloudError {
  return new CloudError(`MissingParameter.${suffix}`, 400, `You must specify ${what}.`);
}

/** `InvalidParameter.FolderId`, `InvalidParameter.Folder.Name.Length`, …. */
export function invalidRdParameter(suffix: string, message: string): CloudError {
  return new CloudError(`InvalidParameter.${suffix}`, 400, message);
}

// ---- folders ------------------------------------------------------------------------------------

export function folderNotExists(folderId: string): CloudError {
  return new CloudError(
    "EntityNotExists.Folder",
    404,
    `The resource directory folder does not exist: \`${folderId}\`.`,
  );
}

export function folderDepthExceeded(limit: number): CloudError {
  return new CloudError("LimitExceeded.Folder.Depth", 409, `The folder depth exceeds the limit of ${limit}.`);
}

/** Alibaba lists it with the 400s of CreateFolder and UpdateFolder. */
export function folderNameUsed(folderName: string): CloudError {
  return new CloudError(
    "InvalidParameter.Folder.Name.AlreadyUsed",
    400,
    `The name already exists under the same parent. Please change to another name: \`${folderName}\`.`,
  );
}

export function folderHasSubFolders(folderId: string): CloudError {
  return new CloudError(
    "DeleteConflict.Folder.SubFolder",
    409,
    `This folder has sub folders: \`${folderId}\`.`,
  );
}

export function folderHasAccounts(folderId: string): CloudError {
  return new CloudError("DeleteConflict.Folder.Account", 409, `This folder has accounts: \`${folderId}\`.`);
}

// ---- member accounts ----------------------------------------------------------------------------

export function accountNotExists(accountId: string): CloudError {
  return new CloudError(
    "EntityNotExists.Account",
    404,
    `This resource directory account does not exist: \`${accountId}\`.`,
  );
}

export function displayNameUsed(displayName: string): CloudError {
  return new CloudError(
    "InvalidParameter.Account.DisplayName.AlreadyUsed",
    409,
    `The displayname of account has been used: \`${displayName}\`.`,
  );
}

/** The account name (`<prefix>@<directory>.aliyunid.com`) is taken. */
export function accountNameUsed(accountName: string): CloudError {
  return new CloudError(
    "EntityAlreadyExists.ResourceDirectory.Account",
    409,
    `The email address that the system generates when you create a member account already exists: \`${accountName}\`. Choose another AccountNamePrefix.`,
  );
}

// ---- control policies ---------------------------------------------------------------------------

export function controlPolicyNotExists(policyId: string): CloudError {
  return new CloudError(
    "EntityNotExists.ControlPolicy",
    404,
    `The specified control policy does not exist: \`${policyId}\`.`,
  );
}

/** [decision] Alibaba documents no code for a duplicate name; formed as RAM's `EntityAlreadyExists.Policy`. */
export function controlPolicyNameUsed(policyName: string): CloudError {
  return new CloudError(
    "EntityAlreadyExists.ControlPolicy",
    409,
    `The control policy does already exist: \`${policyName}\`.`,
  );
}

/** CreateControlPolicy's PolicyDocument (409) and UpdateControlPolicy's NewPolicyDocument (400), as documented. */
export function policyDocumentTooLong(parameter: string, status: number, detail: string): CloudError {
  return new CloudError(
    `InvalidParameter.${parameter}.Length`,
    status,
    `The maximum length of the policy document is exceeded. It must not exceed 4096 characters. ${detail}`,
  );
}

/**
 * [decision] System control policies are Alibaba's: they can be neither changed nor deleted.
 * Formed as Alibaba's `DeleteConflict.SystemResourceControlPolicy` of the newer API version.
 */
export function systemControlPolicyImmutable(policyName: string, verb: "modified" | "deleted"): CloudError {
  return new CloudError(
    verb === "deleted" ? "DeleteConflict.SystemControlPolicy" : "NotSupport.SystemControlPolicy",
    409,
    `The system control policy cannot be ${verb}: \`${policyName}\`.`,
  );
}

/** [decision] Alibaba says a custom policy must be detached before it is deleted, without naming a code. */
export function controlPolicyStillAttached(policyName: string, count: number): CloudError {
  return new CloudError(
    "DeleteConflict.ControlPolicy.Attachment",
    409,
    `The control policy \`${policyName}\` is attached to ${count} target(s); detach it with DetachControlPolicy before deleting it.`,
  );
}

/**
 * [decision] Attaching while the Control Policy feature is not enabled: Alibaba says disabled
 * policies "can no longer be attached"; the code is formed as the newer API version's
 * `InvalidResourceControlPolicyEnablementStatus`.
 */
export function controlPolicyNotEnabled(status: string): CloudError {
  return new CloudError(
    "InvalidControlPolicyEnablementStatus",
    409,
    `The control policy enablement status is not valid to perform this operation: the Control Policy feature is \`${status}\`; call EnableControlPolicy first.`,
  );
}

export function targetNotExists(targetId: string): CloudError {
  return new CloudError(
    "EntityNotExists.Target",
    404,
    `The specified target does not exist in the resource directory: \`${targetId}\`.`,
  );
}

/** [decision] The policy is already attached to the node. */
export function attachmentExists(policyName: string, targetId: string): CloudError {
  return new CloudError(
    "EntityAlreadyExists.ControlPolicyAttachment",
    409,
    `The control policy \`${policyName}\` is already attached to \`${targetId}\`.`,
  );
}

/** [decision] The policy is not attached to the node. */
export function attachmentNotExists(policyName: string, targetId: string): CloudError {
  return new CloudError(
    "EntityNotExists.ControlPolicyAttachment",
    404,
    `The control policy \`${policyName}\` is not attached to \`${targetId}\`.`,
  );
}

/** [decision] Alibaba allows 10 control policies per node and names no code for the 11th. */
export function attachmentLimitExceeded(targetId: string, limit: number): CloudError {
  return new CloudError(
    "LimitExceeded.ControlPolicyAttachment",
    409,
    `The number of control policies attached to \`${targetId}\` exceeds the limit of ${limit}; detach one first.`,
  );
}

/** Alibaba's code and wording: a node always keeps at least one control policy. */
export function cannotDetachLast(policyName: string, targetId: string): CloudError {
  return new CloudError(
    "NotSupport.DetachLastControlPolicy",
    400,
    `It is not detach the last control policy on the target node: \`${policyName}\` is the only control policy attached to \`${targetId}\`. Attach another control policy to the node first (with FullAliyunAccess detached, the node allows only what its remaining policies allow).`,
  );
}
