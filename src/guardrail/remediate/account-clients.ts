// A client for any account of the organisation, on demand: the caller's own account with its own
// keys, a member account through its ResourceDirectoryAccountAccessRole (sessions cached until
// shortly before they expire). Remediation needs this rather than forEachMemberAccount because the
// accounts it works in are only known as it goes: an approved image is tagged in its owner's account.
import { ACCESS_ROLE_NAME, ConnectionError, createRoleSessionCache, roleArn } from "../../client/index.js";
import type { CallerIdentity, CloudClient, RoleSessionCache } from "../../client/index.js";

/** A client whose calls act in `accountId`. Rejects when the account cannot be reached. */
export interface AccountClients {
  (accountId: string): Promise<CloudClient>;
  /** The caller's own client: the organisation's directory is read with it (scopes are judged from it). */
  readonly callerClient: CloudClient;
}

export interface AccountClientsOptions {
  /** Shows in the members' audit trails (default `imageguard-remediate`). */
  readonly sessionName?: string;
  readonly cache?: RoleSessionCache;
}

export function accountClients(client: CloudClient, options: AccountClientsOptions = {}): AccountClients {
  const cache = options.cache ?? createRoleSessionCache();
  const sessionName = options.sessionName ?? "imageguard-remediate";
  let identity: Promise<CallerIdentity> | undefined;
  const clientFor = async (accountId: string): Promise<CloudClient> => {
    identity ??= client.whoami();
    const me = await identity;
    if (me.accountId === accountId) return client;
    if (me.kind === "root") {
      throw new ConnectionError([
        {
          code: "root-cannot-assume-role",
          message: `the credentials in use are the root identity of account \`${me.accountId}\`, and Alibaba Cloud refuses AssumeRole to root identities, so account \`${accountId}\` cannot be reached`,
          help: "use a RAM user of the management account, e.g. the demo's security-admin profile (--profile security-admin)",
        },
      ]);
    }
    const arn = roleArn(accountId, ACCESS_ROLE_NAME);
    const session = await cache.session(`${me.arn} -> ${arn}`, () =>
      client.sts.assumeRole({ roleArn: arn, sessionName }),
    );
    return client.withCredentials(session.credentials);
  };
  return Object.assign(clientFor, { callerClient: client });
}
