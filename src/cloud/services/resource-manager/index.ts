import type { DeclaredHandler } from "../declared-parameters.js";
import { attachControlPolicy } from "./attach-control-policy.js";
import { createControlPolicy } from "./create-control-policy.js";
import { createFolder } from "./create-folder.js";
import { createResourceAccount } from "./create-resource-account.js";
import { deleteControlPolicy } from "./delete-control-policy.js";
import { deleteFolder } from "./delete-folder.js";
import { detachControlPolicy } from "./detach-control-policy.js";
import { disableControlPolicy } from "./disable-control-policy.js";
import { enableControlPolicy } from "./enable-control-policy.js";
import { enableResourceDirectory } from "./enable-resource-directory.js";
import { getAccount } from "./get-account.js";
import { getControlPolicy } from "./get-control-policy.js";
import { getControlPolicyEnablementStatus } from "./get-control-policy-enablement-status.js";
import { getFolder } from "./get-folder.js";
import { getResourceDirectory } from "./get-resource-directory.js";
import { listAccounts } from "./list-accounts.js";
import { listAccountsForParent } from "./list-accounts-for-parent.js";
import { listControlPolicies } from "./list-control-policies.js";
import { listControlPolicyAttachmentsForTarget } from "./list-control-policy-attachments-for-target.js";
import { listFoldersForParent } from "./list-folders-for-parent.js";
import { listTargetAttachmentsForControlPolicy } from "./list-target-attachments-for-control-policy.js";
import { moveAccount } from "./move-account.js";
import { updateControlPolicy } from "./update-control-policy.js";
import { updateFolder } from "./update-folder.js";

// Resource Directory (ResourceManager 2020-03-31): one handler per API action.
export const resourceManagerHandlers: readonly DeclaredHandler[] = [
  // the directory
  enableResourceDirectory,
  getResourceDirectory,
  // folders
  createFolder,
  getFolder,
  listFoldersForParent,
  updateFolder,
  deleteFolder,
  // member accounts
  createResourceAccount,
  getAccount,
  listAccounts,
  listAccountsForParent,
  moveAccount,
  // control policies
  enableControlPolicy,
  disableControlPolicy,
  getControlPolicyEnablementStatus,
  createControlPolicy,
  getControlPolicy,
  listControlPolicies,
  updateControlPolicy,
  deleteControlPolicy,
  attachControlPolicy,
  detachControlPolicy,
  listControlPolicyAttachmentsForTarget,
  listTargetAttachmentsForControlPolicy,
];

export { ACCESS_ROLE_NAME, accessRoleTrustPolicy } from "./member-account.js";
export { FULL_ALIYUN_ACCESS_ID } from "./full-aliyun-access.js";
