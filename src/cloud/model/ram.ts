import type { Timestamp } from "./common.js";

export interface RamUser {
  readonly accountId: string;
  /** 16 digits; stays when the user is renamed. */
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string;
  readonly email?: string;
  readonly mobilePhone?: string;
  readonly comments?: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
  readonly lastLoginAt?: Timestamp;
}

export interface RamGroup {
  readonly accountId: string;
  /** Stays when the group is renamed. */
  readonly groupId: string;
  readonly groupName: string;
  readonly comments?: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A user's membership of a group (at most 5 groups per user; the services enforce it). */
export interface GroupMembership {
  readonly groupId: string;
  readonly userId: string;
  readonly joinedAt: Timestamp;
}

export interface RamRole {
  readonly accountId: string;
  /** 19 digits. */
  readonly roleId: string;
  readonly roleName: string;
  /** `acs:ram::<account>:role/<role name in lower case>`; unique. */
  readonly arn: string;
  readonly description?: string;
  /** The trust policy, as text. */
  readonly assumeRolePolicyDocument: string;
  /** Seconds, 3600..43200. */
  readonly maxSessionDuration: number;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export type RamPolicyType = "System" | "Custom";

/** Names a RAM policy: system policies are global, custom ones belong to an account. */
export type RamPolicyRef =
  | { readonly policyType: "System"; readonly policyName: string }
  | { readonly policyType: "Custom"; readonly accountId: string; readonly policyName: string };

export type RamPolicy = RamPolicyRef & {
  readonly description?: string;
  /** e.g. `v3`. */
  readonly defaultVersion: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
};

/** One version of a policy (at most 5 per custom policy; the services enforce it). */
export interface RamPolicyVersion {
  /** `v1`, `v2`, …: never reused after a version is deleted. */
  readonly versionId: string;
  /** The policy document, as text. */
  readonly document: string;
  readonly isDefaultVersion: boolean;
  readonly createdAt: Timestamp;
}

export type RamPrincipalType = "User" | "Group" | "Role";

/** A RAM identity a policy can be attached to, by id (names can change). */
export interface RamPrincipalRef {
  readonly principalType: RamPrincipalType;
  /** The user id, group id or role id. */
  readonly principalId: string;
}

export type PolicyAttachment = RamPrincipalRef & {
  /** The account the principal lives in (system policies are attached in many accounts). */
  readonly accountId: string;
  readonly policy: RamPolicyRef;
  readonly attachedAt: Timestamp;
};

/** A policy attached to a principal with its default version's document: what authorization reads. */
export type AttachedPolicyDocument = RamPrincipalRef & {
  readonly policy: RamPolicyRef;
  readonly versionId: string;
  readonly document: string;
};

export type AccessKeyStatus = "Active" | "Inactive";

/** Who an AccessKey signs for: the account's root identity or one RAM user. */
export type AccessKeyOwner = { readonly type: "root" } | { readonly type: "user"; readonly userId: string };

/** A long-lived AccessKey. The secret is stored encrypted and read only through `getWithSecret`. */
export interface AccessKey {
  /** `LTAI` + 20 characters. */
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly owner: AccessKeyOwner;
  readonly status: AccessKeyStatus;
  readonly createdAt: Timestamp;
  readonly lastUsedAt?: Timestamp;
}

export interface AccessKeyWithSecret extends AccessKey {
  readonly accessKeySecret: string;
}
