import type {
  AccessKey,
  RamGroup,
  RamPolicy,
  RamPolicyVersion,
  RamRole,
  RamUser,
  Timestamp,
} from "../../model/index.js";

// The wire shapes of RAM 2015-05-01, field for field as @alicloud/ram20150501's response models
// name them. Each action takes the fields its own model has (CreateUser's User has no UpdateDate,
// GetUser's has LastLoginDate), so the renderers come in the variants the models need. Optional
// fields are left undefined, which both the JSON and the XML renderer leave out.

/** RAM writes times as `2015-01-23T12:33:18Z`: UTC, whole seconds. */
export function wireTime(timestamp: Timestamp): string {
  return timestamp.replace(/\.\d+Z$/, "Z");
}

/** CreateUser's User. */
export function createdUser(user: RamUser): Record<string, unknown> {
  return {
    UserId: user.userId,
    UserName: user.userName,
    DisplayName: user.displayName,
    Email: user.email,
    MobilePhone: user.mobilePhone,
    Comments: user.comments,
    CreateDate: wireTime(user.createdAt),
  };
}

/** UpdateUser's User and ListUsers' Users.User[]. */
export function listedUser(user: RamUser): Record<string, unknown> {
  return { ...createdUser(user), UpdateDate: wireTime(user.updatedAt) };
}

/** GetUser's User. */
export function fullUser(user: RamUser): Record<string, unknown> {
  return {
    ...listedUser(user),
    LastLoginDate: user.lastLoginAt === undefined ? undefined : wireTime(user.lastLoginAt),
  };
}

/** CreateGroup's Group. */
export function createdGroup(group: RamGroup): Record<string, unknown> {
  return {
    GroupId: group.groupId,
    GroupName: group.groupName,
    Comments: group.comments,
    CreateDate: wireTime(group.createdAt),
  };
}

/** GetGroup's Group and ListGroups' Groups.Group[]. */
export function listedGroup(group: RamGroup): Record<string, unknown> {
  return { ...createdGroup(group), UpdateDate: wireTime(group.updatedAt) };
}

/** CreateRole's Role. */
export function createdRole(role: RamRole): Record<string, unknown> {
  return {
    RoleId: role.roleId,
    RoleName: role.roleName,
    Arn: role.arn,
    Description: role.description,
    AssumeRolePolicyDocument: role.assumeRolePolicyDocument,
    MaxSessionDuration: role.maxSessionDuration,
    CreateDate: wireTime(role.createdAt),
  };
}

/** GetRole's and UpdateRole's Role. */
export function fullRole(role: RamRole): Record<string, unknown> {
  return { ...createdRole(role), UpdateDate: wireTime(role.updatedAt) };
}

/** ListRoles' Roles.Role[]: no trust policy in a listing. */
export function listedRole(role: RamRole): Record<string, unknown> {
  return {
    RoleId: role.roleId,
    RoleName: role.roleName,
    Arn: role.arn,
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    CreateDate: wireTime(role.createdAt),
    UpdateDate: wireTime(role.updatedAt),
  };
}

/** CreatePolicy's Policy. */
export function createdPolicy(policy: RamPolicy): Record<string, unknown> {
  return {
    PolicyName: policy.policyName,
    PolicyType: policy.policyType,
    Description: policy.description,
    DefaultVersion: policy.defaultVersion,
    CreateDate: wireTime(policy.createdAt),
  };
}

/** ListPolicies' Policies.Policy[]. */
export function listedPolicy(policy: RamPolicy, attachmentCount: number): Record<string, unknown> {
  return {
    ...createdPolicy(policy),
    UpdateDate: wireTime(policy.updatedAt),
    AttachmentCount: attachmentCount,
  };
}

/** GetPolicyVersion's PolicyVersion, GetPolicy's DefaultPolicyVersion and the version listings. */
export function policyVersion(version: RamPolicyVersion): Record<string, unknown> {
  return {
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    PolicyDocument: version.document,
    CreateDate: wireTime(version.createdAt),
  };
}

/** ListAccessKeys' AccessKeys.AccessKey[]: never the secret. */
export function listedAccessKey(key: AccessKey): Record<string, unknown> {
  return { AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: wireTime(key.createdAt) };
}
