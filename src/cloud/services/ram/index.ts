import type { DeclaredHandler } from "../declared-parameters.js";
import { addUserToGroup } from "./add-user-to-group.js";
import { attachPolicyToGroup } from "./attach-policy-to-group.js";
import { attachPolicyToRole } from "./attach-policy-to-role.js";
import { attachPolicyToUser } from "./attach-policy-to-user.js";
import { createAccessKey } from "./create-access-key.js";
import { createGroup } from "./create-group.js";
import { createPolicy } from "./create-policy.js";
import { createPolicyVersion } from "./create-policy-version.js";
import { createRole } from "./create-role.js";
import { createUser } from "./create-user.js";
import { decodeDiagnosticMessage } from "./decode-diagnostic-message.js";
import { deleteAccessKey } from "./delete-access-key.js";
import { deleteGroup } from "./delete-group.js";
import { deletePolicy } from "./delete-policy.js";
import { deletePolicyVersion } from "./delete-policy-version.js";
import { deleteRole } from "./delete-role.js";
import { deleteUser } from "./delete-user.js";
import { detachPolicyFromGroup } from "./detach-policy-from-group.js";
import { detachPolicyFromRole } from "./detach-policy-from-role.js";
import { detachPolicyFromUser } from "./detach-policy-from-user.js";
import { getAccountAlias } from "./get-account-alias.js";
import { getGroup } from "./get-group.js";
import { getPolicy } from "./get-policy.js";
import { getPolicyVersion } from "./get-policy-version.js";
import { getRole } from "./get-role.js";
import { getUser } from "./get-user.js";
import { listAccessKeys } from "./list-access-keys.js";
import { listEntitiesForPolicy } from "./list-entities-for-policy.js";
import { listGroups } from "./list-groups.js";
import { listGroupsForUser } from "./list-groups-for-user.js";
import { listPolicies } from "./list-policies.js";
import { listPoliciesForGroup } from "./list-policies-for-group.js";
import { listPoliciesForRole } from "./list-policies-for-role.js";
import { listPoliciesForUser } from "./list-policies-for-user.js";
import { listPolicyVersions } from "./list-policy-versions.js";
import { listRoles } from "./list-roles.js";
import { listUsers } from "./list-users.js";
import { listUsersForGroup } from "./list-users-for-group.js";
import { removeUserFromGroup } from "./remove-user-from-group.js";
import { setDefaultPolicyVersion } from "./set-default-policy-version.js";
import { updateAccessKey } from "./update-access-key.js";
import { updateRole } from "./update-role.js";
import { updateUser } from "./update-user.js";

// RAM (2015-05-01): one handler per API action.
export const ramHandlers: readonly DeclaredHandler[] = [
  // users
  createUser,
  getUser,
  listUsers,
  updateUser,
  deleteUser,
  // access keys
  createAccessKey,
  listAccessKeys,
  updateAccessKey,
  deleteAccessKey,
  // groups and memberships
  createGroup,
  getGroup,
  listGroups,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  listGroupsForUser,
  listUsersForGroup,
  // roles
  createRole,
  getRole,
  listRoles,
  updateRole,
  deleteRole,
  // policies and versions
  createPolicy,
  getPolicy,
  listPolicies,
  deletePolicy,
  createPolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
  // attachments
  attachPolicyToUser,
  detachPolicyFromUser,
  attachPolicyToGroup,
  detachPolicyFromGroup,
  attachPolicyToRole,
  detachPolicyFromRole,
  listPoliciesForUser,
  listPoliciesForGroup,
  listPoliciesForRole,
  listEntitiesForPolicy,
  // diagnostics and account
  decodeDiagnosticMessage,
  getAccountAlias,
];

export { ensureSystemPolicies, SYSTEM_POLICIES } from "./system-policies.js";
export type { SystemPolicyDefinition } from "./system-policies.js";
export { RAM_LIMITS } from "./limits.js";
