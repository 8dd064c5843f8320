// Collecting the inventory from a cloud through src/client: every account of the Resource
// Directory (members through their ResourceDirectoryAccountAccessRole, the management account with
// the caller's own keys), every region each account has (DescribeRegions) or the regions asked for,
// every instance of each region (DescribeInstances to its last page), then the images those
// instances use (look-up-images.ts: by id, every status; an id no owner alias knows is deleted).
//
// Failures are data: an account whose role cannot be assumed, or a region that cannot be listed, is
// recorded as such and the rest goes on; the scan then neither judges nor resolves what it could
// not see. Calls are bounded by `concurrency` (region listings in flight across all accounts);
// throttling is retried with backoff by the client itself.
import { forEachMemberAccount } from "../../client/index.js";
import type { CloudClient } from "../../client/index.js";
import { collectionFailure } from "./collection-failure.js";
import { foundImageFacts, lookUpImages } from "./look-up-images.js";
import { folderChains } from "./folder-chains.js";
import type { InventoryAccount, InventoryRegion, ScanInventory } from "./types.js";

export interface CollectProgress {
  readonly accountsTotal: number;
  readonly accountsDone: number;
  /** Grows as each account's regions become known. */
  readonly regionsTotal: number;
  readonly regionsDone: number;
  /** What just finished: `app-payments cn-hangzhou`. */
  readonly last?: string;
}

export interface CollectOptions {
  /** Only these regions (no DescribeRegions); default every region each account has. */
  readonly regions?: readonly string[];
  /** Region listings in flight at once across all accounts, and accounts worked on at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (progress: CollectProgress) => void;
}

export async function collectInventory(
  client: CloudClient,
  options: CollectOptions = {},
): Promise<ScanInventory> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const limit = createLimiter(concurrency);
  const progress = progressTracker(options.onProgress);

  const directory = await client.rd.getDirectory();
  if (directory === undefined) {
    // No Resource Directory: the caller's own account is the whole organisation (account scopes apply).
    const identity = await client.whoami();
    progress.addAccounts(1);
    const name = identity.accountId;
    const regions = await collectAccount(client, name, options.regions, limit, progress);
    progress.accountDone();
    return { accounts: [{ accountId: identity.accountId, name, folders: [], management: false, regions }] };
  }

  const [accounts, folders] = await Promise.all([client.rd.listAccounts(), client.rd.listFolders()]);
  progress.addAccounts(accounts.length);
  // Accounts whose `fn` ran; forEachMemberAccount does not say whether a failure came before it.
  const started = new Set<string>();
  const outcomes = await forEachMemberAccount(
    client,
    async (member, account) => {
      started.add(account.accountId);
      try {
        return await collectAccount(member, account.displayName, options.regions, limit, progress);
      } finally {
        progress.accountDone();
      }
    },
    { concurrency, includeManagementAccount: true },
  );
  const chains = folderChains(folders);
  return {
    accounts: outcomes.map((outcome): InventoryAccount => {
      const base = {
        accountId: outcome.account.accountId,
        name: outcome.account.displayName,
        folders: chains.get(outcome.account.folderId) ?? [],
        management: outcome.account.isManagementAccount,
      };
      if (outcome.ok) return { ...base, regions: outcome.value };
      if (!started.has(outcome.account.accountId)) progress.accountDone();
      return { ...base, error: collectionFailure(outcome.error), regions: [] };
    }),
  };
}

type Limit = <T>(task: () => Promise<T>) => Promise<T>;

async function collectAccount(
  member: CloudClient,
  accountName: string,
  only: readonly string[] | undefined,
  limit: Limit,
  progress: ProgressTracker,
): Promise<InventoryRegion[]> {
  const regionIds =
    only !== undefined
      ? [...only]
      : (await limit(() => member.ecs.describeRegions())).map((region) => region.regionId);
  progress.addRegions(regionIds.length);
  return Promise.all(
    regionIds.map((regionId) =>
      limit(() => collectRegion(member, regionId)).finally(() =>
        progress.regionDone(`${accountName} ${regionId}`),
      ),
    ),
  );
}

async function collectRegion(member: CloudClient, regionId: string): Promise<InventoryRegion> {
  try {
    const instances = await member.ecs.describeInstances({ regionId });
    const imageIds = [...new Set(instances.map((instance) => instance.imageId).filter((id) => id !== ""))];
    return {
      regionId,
      instances: instances.map((instance) => ({
        instanceId: instance.instanceId,
        name: instance.instanceName,
        imageId: instance.imageId,
        status: instance.status,
      })),
      images: await lookUpImages(member, regionId, imageIds, foundImageFacts),
    };
  } catch (error) {
    // Instances without their images would be judged "image deleted": judge none of them.
    return { regionId, error: collectionFailure(error), instances: [], images: [] };
  }
}

/** At most `n` tasks in flight; the others wait in order. */
function createLimiter(n: number): Limit {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) active -= 1;
      else next();
    }
  };
}

interface ProgressTracker {
  addAccounts(n: number): void;
  accountDone(): void;
  addRegions(n: number): void;
  regionDone(last: string): void;
}

function progressTracker(onProgress: ((progress: CollectProgress) => void) | undefined): ProgressTracker {
  const state = { accountsTotal: 0, accountsDone: 0, regionsTotal: 0, regionsDone: 0 };
  const tell = (last?: string) => onProgress?.({ ...state, ...(last === undefined ? {} : { last }) });
  return {
    addAccounts(n) {
      state.accountsTotal += n;
      tell();
    },
    accountDone() {
      state.accountsDone += 1;
      tell();
    },
    addRegions(n) {
      state.regionsTotal += n;
      tell();
    },
    regionDone(last) {
      state.regionsDone += 1;
      tell(last);
    },
  };
}
