// The recorded calls of a whole organisation, from the connected cloud's ActionTrail (LookupEvents):
// the management account's with the caller's keys, each member's through its
// ResourceDirectoryAccountAccessRole, since ActionTrail answers each account for its own events
// only. Each account is looked up in every region asked for; global services' events, which every
// region serves, and events on the seam of two lookup windows come more than once and are kept once
// (by `eventId`).
//
// The trail is read up to `until` (the command's start), so the calls this very command makes —
// reading the organisation, assuming the access roles, looking events up — are not replayed as if
// they were the organisation's own.
import { forEachMemberAccount } from "../../client/index.js";
import type { ActionTrailEvent, CloudClient, MemberAccount } from "../../client/index.js";
import { collectionFailure } from "../scan/collection-failure.js";
import { checkCaller, OrgReadError, selectAccounts } from "./read-cloud-org.js";
import type { OrgReadFailure } from "./types.js";

export interface ReadCloudTrailOptions {
  /** Inclusive. */
  readonly since: Date;
  /** Exclusive: events at or after it are left out. */
  readonly until: Date;
  /** Regions whose events are looked up (default the connection's region). */
  readonly regions?: readonly string[];
  /** Only these accounts' events (ids or display names); default every account. */
  readonly accounts?: readonly string[];
  /** Accounts looked up at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (progress: { accountsTotal: number; accountsDone: number; events: number }) => void;
}

export interface TrailAccountRead {
  readonly accountId: string;
  readonly name: string;
  readonly ok: boolean;
  /** Events found in the account (before duplicates across regions were dropped). */
  readonly events: number;
  readonly error?: OrgReadFailure;
}

export interface CloudTrailRead {
  /** Oldest first; each event once. */
  readonly events: readonly ActionTrailEvent[];
  readonly accounts: readonly TrailAccountRead[];
  readonly regions: readonly string[];
  /** Events served more than once (global events in several regions, window seams). */
  readonly duplicates: number;
}

export async function readCloudTrail(
  client: CloudClient,
  options: ReadCloudTrailOptions,
): Promise<CloudTrailRead> {
  // A `--since` of this very millisecond is an empty range, not a mistake: only the future is refused.
  if (options.until.getTime() < options.since.getTime()) {
    throw new OrgReadError(
      "empty-time-range",
      `\`--since\` (${options.since.toISOString()}) is after the time the trail is read up to (${options.until.toISOString()})`,
      "give a time in the past, e.g. `--since 7d`",
    );
  }
  const regions = [...new Set(options.regions ?? [client.regionId])];
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  let done = 0;
  let total = 0;
  let found = 0;
  const report = () => options.onProgress?.({ accountsTotal: total, accountsDone: done, events: found });

  const lookUp = async (member: CloudClient): Promise<ActionTrailEvent[]> => {
    const events: ActionTrailEvent[] = [];
    for (const regionId of regions) {
      const before = found;
      const inRegion = await member.trail.lookupEvents({
        startTime: options.since,
        endTime: options.until,
        regionId,
        onPage: (count) => {
          found = before + count;
          report();
        },
      });
      events.push(...inRegion);
    }
    return events;
  };

  const identity = await client.whoami();
  const directory = await client.rd.getDirectory();
  const perAccount: { read: TrailAccountRead; events: ActionTrailEvent[] }[] = [];
  if (directory === undefined) {
    if (options.accounts !== undefined && !options.accounts.includes(identity.accountId)) {
      throw new OrgReadError(
        "unknown-account",
        `account \`${identity.accountId}\` is in no resource directory, so ${options.accounts.map((a) => `\`${a}\``).join(", ")} cannot be read`,
        "leave out `--account`: the connected account is the whole organisation",
      );
    }
    total = 1;
    report();
    const events = await lookUp(client);
    done = 1;
    report();
    perAccount.push({
      read: { accountId: identity.accountId, name: identity.accountId, ok: true, events: events.length },
      events,
    });
  } else {
    checkCaller(identity, directory);
    const accounts = await client.rd.listAccounts();
    const selected = selectAccounts(accounts, options.accounts);
    total = selected.size;
    report();
    const outcomes = await forEachMemberAccount(
      client,
      async (member) => {
        try {
          return await lookUp(member);
        } finally {
          done++;
          report();
        }
      },
      {
        concurrency,
        includeManagementAccount: true,
        accounts: (a: MemberAccount) => selected.has(a.accountId),
      },
    );
    for (const outcome of outcomes) {
      const base = { accountId: outcome.account.accountId, name: outcome.account.displayName };
      if (outcome.ok) {
        perAccount.push({ read: { ...base, ok: true, events: outcome.value.length }, events: outcome.value });
      } else {
        perAccount.push({
          read: { ...base, ok: false, events: 0, error: collectionFailure(outcome.error) },
          events: [],
        });
      }
    }
  }

  const seen = new Set<string>();
  const events: ActionTrailEvent[] = [];
  let duplicates = 0;
  const until = options.until.getTime();
  const since = options.since.getTime();
  for (const event of perAccount.flatMap((entry) => entry.events)) {
    // The lookup is to the second; the command's own first calls may share that second.
    const time = timeOf(event);
    if (!Number.isNaN(time) && (time >= until || time < since)) continue;
    const id = event["eventId"];
    if (typeof id === "string" && id !== "") {
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
    }
    events.push(event);
  }
  // Stable: events of one time keep the order they were listed in; events without a time go last.
  const key = (event: ActionTrailEvent): number => {
    const time = timeOf(event);
    return Number.isNaN(time) ? Infinity : time;
  };
  events.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { events, accounts: perAccount.map((entry) => entry.read), regions, duplicates };
}

function timeOf(event: ActionTrailEvent): number {
  const time = event["eventTime"];
  return typeof time === "string" ? Date.parse(time) : Number.NaN;
}
