// RAM (2015-05-01). Sources: Alibaba's "RAM authorization" rule table (`acs:ram:*:<account>:user/<name>`,
// system policies as `acs:ram:*:system:policy/<name>`), the per-API tables (AttachPolicyToUser:
// Policy + User), and @alicloud/ram20150501 for parameter names.
import { PRODUCT_VERSIONS } from "../products.js";
import type { ArnTemplate, CatalogEntry, TagParam } from "../types.js";
import {
  ACCOUNT,
  ALL_RESOURCES,
  REQUEST_TAGS,
  TAG_KEYS,
  arn,
  param,
  roleParam,
  userOrCaller,
} from "./build.js";

type RamFields = Omit<CatalogEntry, "product" | "version" | "ramAction" | "docs" | "contextKeys"> & {
  readonly apiAction: string;
  readonly contextKeys?: CatalogEntry["contextKeys"];
};

function ram(fields: RamFields): CatalogEntry {
  return {
    product: "Ram",
    version: PRODUCT_VERSIONS.Ram,
    ramAction: `ram:${fields.apiAction}`,
    docs: `https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-${fields.apiAction.toLowerCase()}`,
    contextKeys: [],
    ...fields,
  };
}

// RAM is global: the checks name an empty region, as RAM's own ARNs do (`acs:ram::123:role/admin`),
// so both `acs:ram:*:123:user/*` and `acs:ram::123:user/*` patterns match them.
const users = arn("acs:ram::{AccountId}:user/*", { AccountId: ACCOUNT });
const user = arn(
  "acs:ram::{AccountId}:user/{UserName}",
  { AccountId: ACCOUNT, UserName: param("UserName") },
  { target: "UserName" },
);
const userOrSelf = arn(
  "acs:ram::{AccountId}:user/{UserName}",
  { AccountId: ACCOUNT, UserName: userOrCaller("UserName") },
  { target: "UserName" },
);
const groups = arn("acs:ram::{AccountId}:group/*", { AccountId: ACCOUNT });
const group = arn(
  "acs:ram::{AccountId}:group/{GroupName}",
  { AccountId: ACCOUNT, GroupName: param("GroupName") },
  { target: "GroupName" },
);
const roles = arn("acs:ram::{AccountId}:role/*", { AccountId: ACCOUNT });
// Users, groups and policies keep their names' case in their ARNs (and are found by the exact
// name); a role's ARN has its name in lower case, e.g. `acs:ram::123:role/aliyunecsinstancerole`.
// The local cloud finds a role by its exact name, whose ARN is that name lower-cased, so the
// check and the role acted on are always the same one.
const role = arn(
  "acs:ram::{AccountId}:role/{RoleName}",
  { AccountId: ACCOUNT, RoleName: roleParam("RoleName") },
  { target: "RoleName" },
);
const policies = arn("acs:ram::{AccountId}:policy/*", { AccountId: ACCOUNT });
const customPolicy = arn(
  "acs:ram::{AccountId}:policy/{PolicyName}",
  { AccountId: ACCOUNT, PolicyName: param("PolicyName") },
  { target: "PolicyName" },
);
/** A policy named by `PolicyName` + `PolicyType`: system policies live under the account `system`. */
const policy: readonly ArnTemplate[] = [
  { ...customPolicy, when: { param: "PolicyType", notEquals: "System" } },
  arn(
    "acs:ram::system:policy/{PolicyName}",
    { PolicyName: param("PolicyName") },
    { target: "PolicyName", when: { param: "PolicyType", equals: "System" } },
  ),
];

/** RAM's `Tag` is sent shrunk: one JSON array of `{Key, Value}`. */
const RAM_TAGS: TagParam = { param: "Tag", format: "json-pairs" };

const SELF_DECISION = "an absent `UserName` means the caller's own RAM user, so the check names that user";

export const ramActions: readonly CatalogEntry[] = [
  // users
  ram({
    apiAction: "CreateUser",
    access: "write",
    checkKind: "per-resource",
    resources: [users],
    description: "create a RAM user",
  }),
  ram({
    apiAction: "GetUser",
    access: "read",
    checkKind: "per-resource",
    resources: [user],
    description: "read a RAM user",
  }),
  ram({
    apiAction: "ListUsers",
    access: "list",
    checkKind: "list",
    resources: [users],
    description: "list RAM users",
  }),
  ram({
    apiAction: "UpdateUser",
    access: "write",
    checkKind: "per-resource",
    resources: [user],
    description: "change a RAM user's name or profile",
  }),
  ram({
    apiAction: "DeleteUser",
    access: "write",
    checkKind: "per-resource",
    resources: [user],
    description: "delete a RAM user",
  }),

  // access keys
  ram({
    apiAction: "CreateAccessKey",
    access: "write",
    checkKind: "per-resource",
    resources: [userOrSelf],
    description: "create an AccessKey pair for a RAM user",
    decision: SELF_DECISION,
  }),
  ram({
    apiAction: "ListAccessKeys",
    access: "list",
    checkKind: "per-resource",
    resources: [userOrSelf],
    description: "list a RAM user's AccessKey pairs",
    decision: SELF_DECISION,
  }),
  ram({
    apiAction: "UpdateAccessKey",
    access: "write",
    checkKind: "per-resource",
    resources: [userOrSelf],
    description: "enable or disable an AccessKey pair",
    decision: SELF_DECISION,
  }),
  ram({
    apiAction: "DeleteAccessKey",
    access: "write",
    checkKind: "per-resource",
    resources: [userOrSelf],
    description: "delete an AccessKey pair",
    decision: SELF_DECISION,
  }),

  // groups
  ram({
    apiAction: "CreateGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [groups],
    description: "create a RAM user group",
  }),
  ram({
    apiAction: "GetGroup",
    access: "read",
    checkKind: "per-resource",
    resources: [group],
    description: "read a RAM user group",
  }),
  ram({
    apiAction: "ListGroups",
    access: "list",
    checkKind: "list",
    resources: [groups],
    description: "list RAM user groups",
  }),
  ram({
    apiAction: "DeleteGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [group],
    description: "delete a RAM user group",
  }),
  ram({
    apiAction: "AddUserToGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [user, group],
    description: "add a RAM user to a group",
  }),
  ram({
    apiAction: "RemoveUserFromGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [user, group],
    description: "remove a RAM user from a group",
  }),
  ram({
    apiAction: "ListGroupsForUser",
    access: "list",
    checkKind: "per-resource",
    resources: [user],
    description: "list the groups a RAM user belongs to",
  }),
  ram({
    apiAction: "ListUsersForGroup",
    access: "list",
    checkKind: "per-resource",
    resources: [group],
    description: "list the RAM users in a group",
  }),

  // roles
  ram({
    apiAction: "CreateRole",
    access: "write",
    checkKind: "per-resource",
    resources: [role],
    contextKeys: [REQUEST_TAGS, TAG_KEYS],
    requestTags: RAM_TAGS,
    description: "create a RAM role with a trust policy",
    decision:
      "Alibaba's current table names the role being created (`role/{RoleName}`, lower case as role ARNs are); the 2017 page listed `role/*`. With the role's own ARN, a Deny on a role's name also stops its re-creation.",
  }),
  ram({
    apiAction: "GetRole",
    access: "read",
    checkKind: "per-resource",
    resources: [role],
    description: "read a RAM role and its trust policy",
  }),
  ram({
    apiAction: "ListRoles",
    access: "list",
    checkKind: "list",
    resources: [roles],
    description: "list RAM roles",
  }),
  ram({
    apiAction: "UpdateRole",
    access: "write",
    checkKind: "per-resource",
    resources: [role],
    description: "change a RAM role's trust policy, description or session duration",
  }),
  ram({
    apiAction: "DeleteRole",
    access: "write",
    checkKind: "per-resource",
    resources: [role],
    description: "delete a RAM role",
  }),

  // policies
  ram({
    apiAction: "CreatePolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [policies],
    contextKeys: [REQUEST_TAGS, TAG_KEYS],
    requestTags: RAM_TAGS,
    description: "create a custom policy",
  }),
  ram({
    apiAction: "GetPolicy",
    access: "read",
    checkKind: "per-resource",
    resources: policy,
    description: "read a policy and its default version",
  }),
  ram({
    apiAction: "ListPolicies",
    access: "list",
    checkKind: "list",
    resources: [policies],
    description: "list system and custom policies",
  }),
  ram({
    apiAction: "DeletePolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [customPolicy],
    description: "delete a custom policy",
  }),
  ram({
    apiAction: "CreatePolicyVersion",
    access: "write",
    checkKind: "per-resource",
    resources: [customPolicy],
    description: "add a version to a custom policy",
  }),
  ram({
    apiAction: "GetPolicyVersion",
    access: "read",
    checkKind: "per-resource",
    resources: policy,
    description: "read one version of a policy",
  }),
  ram({
    apiAction: "ListPolicyVersions",
    access: "list",
    checkKind: "per-resource",
    resources: policy,
    description: "list the versions of a policy",
  }),
  ram({
    apiAction: "DeletePolicyVersion",
    access: "write",
    checkKind: "per-resource",
    resources: [customPolicy],
    description: "delete a version of a custom policy",
  }),
  ram({
    apiAction: "SetDefaultPolicyVersion",
    access: "write",
    checkKind: "per-resource",
    resources: [customPolicy],
    description: "make a version of a custom policy the one in force",
  }),

  // attachments: the policy and the principal are separate checks, both must be allowed
  ram({
    apiAction: "AttachPolicyToUser",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, user],
    description: "attach a policy to a RAM user",
  }),
  ram({
    apiAction: "DetachPolicyFromUser",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, user],
    description: "detach a policy from a RAM user",
  }),
  ram({
    apiAction: "AttachPolicyToGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, group],
    description: "attach a policy to a RAM user group",
  }),
  ram({
    apiAction: "DetachPolicyFromGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, group],
    description: "detach a policy from a RAM user group",
  }),
  ram({
    apiAction: "AttachPolicyToRole",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, role],
    description: "attach a policy to a RAM role",
  }),
  ram({
    apiAction: "DetachPolicyFromRole",
    access: "write",
    checkKind: "per-resource",
    resources: [...policy, role],
    description: "detach a policy from a RAM role",
  }),
  ram({
    apiAction: "ListPoliciesForUser",
    access: "list",
    checkKind: "per-resource",
    resources: [user],
    description: "list the policies attached to a RAM user",
  }),
  ram({
    apiAction: "ListPoliciesForGroup",
    access: "list",
    checkKind: "per-resource",
    resources: [group],
    description: "list the policies attached to a RAM user group",
  }),
  ram({
    apiAction: "ListPoliciesForRole",
    access: "list",
    checkKind: "per-resource",
    resources: [role],
    description: "list the policies attached to a RAM role",
  }),
  ram({
    apiAction: "ListEntitiesForPolicy",
    access: "list",
    checkKind: "per-resource",
    resources: policy,
    description: "list the users, groups and roles a policy is attached to",
  }),

  // diagnostics and account
  ram({
    apiAction: "DecodeDiagnosticMessage",
    access: "read",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "decode the encoded diagnostic message of an access-denied error",
    decision: "not authorized at resource level (`*`): the message names resources of many kinds",
  }),
  ram({
    apiAction: "GetAccountAlias",
    access: "read",
    checkKind: "per-resource",
    resources: [arn("acs:ram::{AccountId}:*", { AccountId: ACCOUNT })],
    description: "read the account's alias",
    decision: "checks the account-wide ARN `acs:ram::<account>:*`",
  }),
];
