import { randomInt } from "node:crypto";
import { newAccountId, newRamRoleId } from "../../model/index.js";
import type { Account, RamRole, RdMember, ResourceDirectory } from "../../model/index.js";
import type { Store } from "../../store/index.js";
import { ensureSystemPolicies } from "../ram/system-policies.js";
import { roleArn } from "../ram/role-arn.js";
import { ensureDefaultNetwork } from "../vpc/index.js";
import { accountNameUsed } from "./errors.js";
import { attachIfEnabled } from "./full-aliyun-access.js";
import { allMembers } from "./directory.js";

// A new member account of the resource-account type, as CreateResourceAccount makes it: the account
// with its own root identity (it has no AccessKey: Alibaba's resource accounts are reached through
// the access role below), its place in the directory, and the RAM role
// `ResourceDirectoryAccountAccessRole` that Alibaba creates in every member so that the management
// account can act in it: trusted by the management account, with AdministratorAccess attached.

export const ACCESS_ROLE_NAME = "ResourceDirectoryAccountAccessRole";
const ACCESS_ROLE_DESCRIPTION =
  "The role that the management account of the resource directory assumes to manage this member account.";
const ACCESS_ROLE_POLICY = "AdministratorAccess";
/** Alibaba's default for new roles. */
const ACCESS_ROLE_MAX_SESSION_SECONDS = 3600;

/** The trust policy: every RAM identity of the management account that is allowed sts:AssumeRole. */
export function accessRoleTrustPolicy(managementAccountId: string): string {
  return JSON.stringify({
    Statement: [
      {
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Principal: { RAM: [`acs:ram::${managementAccountId}:root`] },
      },
    ],
    Version: "1",
  });
}

/** `<prefix>@<directory id>.aliyunid.com`, the form Alibaba documents for resource accounts. */
export function memberAccountName(prefix: string, directory: ResourceDirectory): string {
  return `${prefix}@${directory.directoryId.toLowerCase()}.aliyunid.com`;
}

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Alibaba generates a prefix when none is given; ours is random lower-case letters and digits. */
function randomPrefix(): string {
  let out = "";
  for (let i = 0; i < 12; i++) out += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return out;
}

export interface NewMemberAccount {
  readonly displayName: string;
  readonly folderId: string;
  readonly accountNamePrefix?: string;
  /** Where the member's default network is made first (the region the request addressed). */
  readonly regionId: string;
}

export interface CreatedMember {
  readonly account: Account;
  readonly member: RdMember;
  readonly role: RamRole;
}

export async function createMemberAccount(
  store: Store,
  directory: ResourceDirectory,
  input: NewMemberAccount,
  now: Date,
): Promise<CreatedMember> {
  const at = now.toISOString();
  const takenNames = new Set(
    (await allMembers(store)).flatMap((member) =>
      member.accountName === undefined ? [] : [member.accountName],
    ),
  );
  let accountName: string;
  if (input.accountNamePrefix !== undefined) {
    accountName = memberAccountName(input.accountNamePrefix, directory);
    if (takenNames.has(accountName)) throw accountNameUsed(accountName);
  } else {
    do accountName = memberAccountName(randomPrefix(), directory);
    while (takenNames.has(accountName));
  }
  let accountId: string;
  do accountId = newAccountId();
  while ((await store.accounts.get(accountId)) !== undefined);

  const account: Account = { id: accountId, displayName: input.displayName, kind: "member", createdAt: at };
  await store.accounts.insert(account);
  const member: RdMember = {
    accountId,
    folderId: input.folderId,
    joinMethod: "created",
    accountType: "ResourceAccount",
    joinedAt: at,
    accountName,
  };
  await store.directory.insertMember(member);
  await attachIfEnabled(store, { targetId: accountId, targetType: "Account" }, at);

  // AdministratorAccess is a system policy: seeded here if the cloud has not seeded it yet.
  await ensureSystemPolicies(store, now);
  const role: RamRole = {
    accountId,
    roleId: newRamRoleId(),
    roleName: ACCESS_ROLE_NAME,
    arn: roleArn(accountId, ACCESS_ROLE_NAME),
    description: ACCESS_ROLE_DESCRIPTION,
    assumeRolePolicyDocument: accessRoleTrustPolicy(directory.managementAccountId),
    maxSessionDuration: ACCESS_ROLE_MAX_SESSION_SECONDS,
    createdAt: at,
    updatedAt: at,
  };
  await store.ram.roles.insert(role);
  await store.ram.policies.attach({
    principalType: "Role",
    principalId: role.roleId,
    accountId,
    policy: { policyType: "System", policyName: ACCESS_ROLE_POLICY },
    attachedAt: at,
  });

  await ensureDefaultNetwork(store, accountId, input.regionId, now);
  return { account, member, role };
}
