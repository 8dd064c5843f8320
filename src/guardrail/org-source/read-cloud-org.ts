// Reading the organisation from a connected cloud, through src/client only: the Resource Directory
// (folders, accounts, control-policy enablement, every node's own attachments and the documents of
// the control policies attached) with the caller's keys, and every account's RAM principals — the
// management account's with the caller's keys, each member's through its
// ResourceDirectoryAccountAccessRole (forEachMemberAccount).
//
// Alibaba Cloud refuses AssumeRole to root identities and answers the directory's management APIs
// only to the management account, so the caller must be a RAM user or role of the management
// account (the demo's `security-admin`); both are checked up front with a message saying so. An
// account in no directory is read alone, by whoever it is.
//
// A member whose principals cannot be read is data (`ok: false`), not the end of the read: the
// caller decides what an incomplete organisation is worth. Retries and paging are the client's.
import { forEachMemberAccount, mapWithConcurrency } from "../../client/index.js";
import type {
  CloudClient,
  ControlPolicy,
  ControlPolicyAttachment,
  MemberAccount,
  ResourceDirectory,
} from "../../client/index.js";
import type {
  CloudAccountRead,
  CloudDirectoryRead,
  CloudOrgRead,
  OrgReadProgress,
  ReadCloudOrgOptions,
} from "./types.js";
import { collectionFailure } from "../scan/collection-failure.js";

/** The system control policy Alibaba attaches to every node; its meaning is built in, not read. */
const FULL_ALIYUN_ACCESS = "FullAliyunAccess";

/** Something about the request itself, not the cloud: an account filter naming no account. */
export class OrgReadError extends Error {
  override readonly name = "OrgReadError";
  constructor(
    readonly code: string,
    message: string,
    readonly help: string,
  ) {
    super(message);
  }
}

export async function readCloudOrg(
  client: CloudClient,
  options: ReadCloudOrgOptions = {},
): Promise<CloudOrgRead> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const progress = tracker(options.onProgress);
  const identity = await client.whoami();
  const caller = { kind: identity.kind, accountId: identity.accountId, arn: identity.arn };
  const directory = await client.rd.getDirectory();

  if (directory === undefined) {
    const wanted = options.accounts;
    if (wanted !== undefined && !wanted.includes(identity.accountId)) {
      throw new OrgReadError(
        "unknown-account",
        `account \`${identity.accountId}\` is in no resource directory, so ${wanted.map((a) => `\`${a}\``).join(", ")} cannot be read`,
        "leave out `--account`: the connected account is the whole organisation",
      );
    }
    progress.start(1);
    const principals = await client.ram.listPrincipals();
    progress.done(identity.accountId);
    return {
      caller,
      accounts: [
        { accountId: identity.accountId, name: identity.accountId, management: false, ok: true, principals },
      ],
    };
  }

  checkCaller(identity, directory);
  const [folders, accounts] = await Promise.all([client.rd.listFolders(), client.rd.listAccounts()]);
  const selected = selectAccounts(accounts, options.accounts);
  const enabled = directory.controlPolicyStatus === "Enabled";
  const [controlPart, outcomes] = await Promise.all([
    enabled
      ? readControlPolicies(
          client,
          [...folders.map((f) => f.folderId), ...accounts.map((a) => a.accountId)],
          concurrency,
        )
      : Promise.resolve({ attachments: {}, controlPolicies: [] }),
    (async () => {
      progress.start(selected.size);
      // Accounts whose `fn` ran; forEachMemberAccount does not say whether a failure came before it.
      const started = new Set<string>();
      const results = await forEachMemberAccount(
        client,
        async (member, account) => {
          started.add(account.accountId);
          try {
            return await member.ram.listPrincipals();
          } finally {
            progress.done(label(account));
          }
        },
        { concurrency, includeManagementAccount: true, accounts: (a) => selected.has(a.accountId) },
      );
      for (const outcome of results) {
        if (!outcome.ok && !started.has(outcome.account.accountId)) progress.done(label(outcome.account));
      }
      return results;
    })(),
  ]);

  const directoryRead: CloudDirectoryRead = {
    directoryId: directory.directoryId,
    rootFolderId: directory.rootFolderId,
    managementAccountId: directory.managementAccountId,
    controlPolicyStatus: directory.controlPolicyStatus,
    folders,
    accounts,
    ...controlPart,
  };
  const read: CloudAccountRead[] = outcomes.map((outcome) => {
    const base = {
      accountId: outcome.account.accountId,
      name: outcome.account.displayName,
      management: outcome.account.isManagementAccount,
    };
    return outcome.ok
      ? { ...base, ok: true, principals: outcome.value }
      : { ...base, ok: false, error: collectionFailure(outcome.error) };
  });
  // The management account first: it is the one read with the caller's own keys.
  read.sort((a, b) => Number(b.management) - Number(a.management));
  return { caller, directory: directoryRead, accounts: read };
}

export function checkCaller(
  identity: { kind: string; accountId: string; arn: string },
  directory: ResourceDirectory,
): void {
  if (identity.accountId !== directory.managementAccountId) {
    throw new OrgReadError(
      "not-management-account",
      `account \`${identity.accountId}\` is a member of resource directory \`${directory.directoryId}\`, not its management account \`${directory.managementAccountId}\`: only the management account can read the directory and reach every member`,
      "connect with a RAM user or role of the management account, e.g. the demo's `--profile security-admin`",
    );
  }
  if (identity.kind === "root") {
    throw new OrgReadError(
      "root-cannot-assume-role",
      `the credentials in use are the root identity of the management account \`${identity.accountId}\`, and Alibaba Cloud refuses AssumeRole to root identities, so the member accounts cannot be reached`,
      "use a RAM user of the management account that may call sts:AssumeRole, e.g. the demo's `--profile security-admin`",
    );
  }
}

/** The accounts whose principals are read; a filter naming no account is refused, with the names there are. */
export function selectAccounts(
  accounts: readonly MemberAccount[],
  wanted: readonly string[] | undefined,
): Set<string> {
  if (wanted === undefined) return new Set(accounts.map((a) => a.accountId));
  const selected = new Set<string>();
  const unknown: string[] = [];
  for (const name of wanted) {
    const matches = accounts.filter((a) => a.accountId === name || a.displayName === name);
    if (matches.length === 0) unknown.push(name);
    if (matches.length > 1) {
      throw new OrgReadError(
        "ambiguous-account",
        `${matches.length} accounts are named \`${name}\``,
        `name one by its id: ${matches.map((a) => `\`${a.accountId}\``).join(", ")}`,
      );
    }
    for (const match of matches) selected.add(match.accountId);
  }
  if (unknown.length > 0) {
    const known = accounts.slice(0, 12).map((a) => `\`${a.displayName}\` (${a.accountId})`);
    throw new OrgReadError(
      "unknown-account",
      `no account ${unknown.map((a) => `\`${a}\``).join(", ")} in the resource directory`,
      `name accounts by id or display name: ${known.join(", ")}${accounts.length > known.length ? ", …" : ""}`,
    );
  }
  return selected;
}

/** Every node's own attachments, and the documents of the control policies attached (other than FullAliyunAccess). */
async function readControlPolicies(
  client: CloudClient,
  targets: readonly string[],
  concurrency: number,
): Promise<{
  attachments: Record<string, readonly ControlPolicyAttachment[]>;
  controlPolicies: ControlPolicy[];
}> {
  const lists = await mapWithConcurrency(targets, concurrency, (target) =>
    client.rd.listControlPolicyAttachments(target),
  );
  const attachments: Record<string, readonly ControlPolicyAttachment[]> = {};
  targets.forEach((target, i) => (attachments[target] = lists[i] ?? []));
  const ids = new Map<string, string>();
  for (const attachment of lists.flat()) {
    if (attachment.policyType === "System" && attachment.policyName === FULL_ALIYUN_ACCESS) continue;
    ids.set(attachment.policyId, attachment.policyName);
  }
  const controlPolicies = await mapWithConcurrency([...ids.keys()], concurrency, (id) =>
    client.rd.getControlPolicy(id),
  );
  return { attachments, controlPolicies };
}

function label(account: MemberAccount): string {
  return `${account.displayName} (${account.accountId})`;
}

function tracker(onProgress: ((progress: OrgReadProgress) => void) | undefined): {
  start(total: number): void;
  done(last: string): void;
} {
  const state = { accountsTotal: 0, accountsDone: 0 };
  return {
    start(total) {
      state.accountsTotal = total;
      onProgress?.({ ...state });
    },
    done(last) {
      state.accountsDone += 1;
      onProgress?.({ ...state, last });
    },
  };
}
