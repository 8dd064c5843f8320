import type { CloudClient } from "./cloud-client.js";
import { ConnectionError } from "./errors.js";
import { mapWithConcurrency } from "./promise-pool.js";
import type { MemberAccount } from "./resource-directory.js";
import { createRoleSessionCache, type RoleSessionCache } from "./role-session-cache.js";

// Work in every member account of the caller's Resource Directory: assume the member's
// ResourceDirectoryAccountAccessRole (which Resource Directory creates in every account it creates,
// trusting the management account) and run `fn` with a client for that session.
//
// Alibaba Cloud refuses AssumeRole to an account's root identity, so the caller must be a RAM user
// or role of the management account; that is checked once, up front, with a message that says what
// to use instead. Each account's outcome is data: one account whose role is gone does not stop the
// others.

export const ACCESS_ROLE_NAME = "ResourceDirectoryAccountAccessRole";

export interface ForEachMemberAccountOptions {
  /** Accounts worked on at once (default 4). */
  readonly concurrency?: number;
  /** Default ResourceDirectoryAccountAccessRole. */
  readonly roleName?: string;
  /** Default `imageguard`; shows in the members' audit trails. */
  readonly sessionName?: string;
  /** 900 to the role's MaxSessionDuration; the cloud's default (3600) when absent. */
  readonly durationSeconds?: number;
  /** Share one across calls to assume each role once per session lifetime. */
  readonly cache?: RoleSessionCache;
  /** Which accounts to visit (default every member). */
  readonly accounts?: (account: MemberAccount) => boolean;
  /** Also run `fn` for the management account itself, with the caller's own client (default false). */
  readonly includeManagementAccount?: boolean;
}

export type MemberAccountOutcome<T> =
  | { readonly account: MemberAccount; readonly ok: true; readonly value: T }
  | { readonly account: MemberAccount; readonly ok: false; readonly error: unknown };

/** The ARN of `roleName` in `accountId` (RAM writes role names in ARNs in lower case). */
export function roleArn(accountId: string, roleName: string): string {
  return `acs:ram::${accountId}:role/${roleName.toLowerCase()}`;
}

export async function forEachMemberAccount<T>(
  client: CloudClient,
  fn: (member: CloudClient, account: MemberAccount) => Promise<T>,
  options: ForEachMemberAccountOptions = {},
): Promise<MemberAccountOutcome<T>[]> {
  const identity = await client.whoami();
  if (identity.kind === "root") {
    throw new ConnectionError([
      {
        code: "root-cannot-assume-role",
        message: `the credentials in use are the root identity of account \`${identity.accountId}\`, and Alibaba Cloud refuses AssumeRole to root identities`,
        help: "use a RAM user of the management account, e.g. the demo's security-admin profile (--profile security-admin)",
      },
    ]);
  }
  const directory = await client.rd.getDirectory();
  if (directory === undefined) {
    throw new ConnectionError([
      {
        code: "no-resource-directory",
        message: `account \`${identity.accountId}\` is in no resource directory, so it has no member accounts`,
        help: "connect with credentials of a Resource Directory's management account",
      },
    ]);
  }
  if (directory.managementAccountId !== identity.accountId) {
    throw new ConnectionError([
      {
        code: "not-management-account",
        message: `account \`${identity.accountId}\` is a member of resource directory \`${directory.directoryId}\`, not its management account \`${directory.managementAccountId}\``,
        help: "connect with a RAM user of the management account",
      },
    ]);
  }

  const roleName = options.roleName ?? ACCESS_ROLE_NAME;
  const sessionName = options.sessionName ?? "imageguard";
  const cache = options.cache ?? createRoleSessionCache();
  const accounts = (await client.rd.listAccounts()).filter(
    (account) =>
      (options.includeManagementAccount === true || !account.isManagementAccount) &&
      (options.accounts === undefined || options.accounts(account)),
  );

  return mapWithConcurrency(
    accounts,
    options.concurrency ?? 4,
    async (account): Promise<MemberAccountOutcome<T>> => {
      try {
        if (account.isManagementAccount) return { account, ok: true, value: await fn(client, account) };
        const arn = roleArn(account.accountId, roleName);
        // Keyed by the caller too: a cache shared by two identities must not hand one the other's session.
        const session = await cache.session(`${identity.arn} -> ${arn}`, () =>
          client.sts.assumeRole({
            roleArn: arn,
            sessionName,
            ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
          }),
        );
        return { account, ok: true, value: await fn(client.withCredentials(session.credentials), account) };
      } catch (error) {
        return { account, ok: false, error };
      }
    },
  );
}
