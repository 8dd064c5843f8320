// RAM's quotas, from Alibaba Cloud's "Limits" page of RAM (the current edition: 5,000 users, 300
// groups, 1,000 roles, 1,500 custom policies per account; 20 system and 10 custom policies per
// identity; 5 versions per custom policy; 2 AccessKey pairs per user).
//
// [decision] Groups per user: Alibaba now allows 10, but the project's authorization spec (§1) fixes
// 5, the figure of RAM's published error list (`LimitExceeded.User.Group`: "The maximum number of
// groups a RAM user can join is 5"); the local cloud follows the spec.
// [decision] The account's own (root) AccessKeys are held to the same 2 pairs as a RAM user's.
export const RAM_LIMITS = {
  usersPerAccount: 5000,
  groupsPerAccount: 300,
  rolesPerAccount: 1000,
  customPoliciesPerAccount: 1500,
  groupsPerUser: 5,
  accessKeysPerUser: 2,
  systemPoliciesPerIdentity: 20,
  customPoliciesPerIdentity: 10,
  versionsPerPolicy: 5,
} as const;

/** Name and text lengths, from the per-API parameter tables of RAM 2015-05-01. */
export const RAM_LENGTHS = {
  userName: 64,
  displayName: 128,
  comments: 128,
  groupName: 64,
  roleName: 64,
  roleDescription: 1024,
  policyName: 128,
  policyDescription: 1024,
  /** RAM's MaxItems: 1..1000, default 100. */
  maxItems: 1000,
  defaultMaxItems: 100,
} as const;

/** A role's MaxSessionDuration in seconds: 3600..43200, default 3600. */
export const SESSION_DURATION = { min: 3600, max: 43200, default: 3600 } as const;
