// The store keeps counts of live instances (per type, per vSwitch's held addresses) as instances
// change, instead of counting when asked. A slip in keeping them would drift silently, so the
// contract walks a random sequence of launches, stops, starts, type and address changes, deletes,
// account removals and failed (rolled-back) batches, and after each step compares every answer
// built on the counts with a recount from the instances themselves.
import { expect } from "vitest";
import { REGION, account, allPages, at, dotted, instance, ipNumber } from "./fixtures.js";
import type { Instance, InstanceStatus } from "../../../src/cloud/model/index.js";
import type { Store } from "../../../src/cloud/store/index.js";

const REGIONS = [REGION, "cn-shanghai"] as const;
const TYPES = ["ecs.g7.large", "ecs.g7.xlarge", "ecs.c7.large"] as const;
// Two vSwitches of the same range: 172.16.0.1 to 172.16.0.30 (a /27's usable range).
const VSWITCHES = ["vsw-1", "vsw-2"] as const;
// Not `(172 << 24) + …`: a shift is 32-bit signed, and 172 << 24 is negative.
const FIRST = ipNumber("172.16.0.1");
const LAST = FIRST + 29;

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function everyInstance(store: Store, accountId: string, regionId: string): Promise<Instance[]> {
  return allPages((token) =>
    store.instances.list(
      { accountId, regionId, statuses: ["Pending", "Starting", "Running", "Stopping", "Stopped", "Deleted"] },
      { maxResults: 100, ...(token === undefined ? {} : { nextToken: token }) },
    ),
  );
}

/** Every answer built on the counts equals a recount of the instances. */
export async function expectCountsToMatchRecount(store: Store, accounts: readonly string[]): Promise<void> {
  for (const accountId of accounts) {
    for (const regionId of REGIONS) {
      const live = (await everyInstance(store, accountId, regionId)).filter((i) => i.status !== "Deleted");
      const byType = new Map<string, number>();
      for (const i of live) byType.set(i.instanceType, (byType.get(i.instanceType) ?? 0) + 1);
      const counted = await store.instances.countByType({ accountId, regionId });
      expect(Object.fromEntries(counted), `types of ${accountId} in ${regionId}`).toEqual(
        Object.fromEntries(byType),
      );
      for (const vSwitchId of VSWITCHES) {
        const held = live
          .filter((i) => i.vSwitchId === vSwitchId && i.privateIpAddress !== undefined)
          // The store holds only addresses written the standard way (no `.03`), as contract-hot-paths pins.
          .filter((i) => dotted(ipNumber(i.privateIpAddress!)) === i.privateIpAddress)
          .map((i) => ipNumber(i.privateIpAddress!))
          .filter((n) => n >= FIRST && n <= LAST)
          .sort((a, b) => a - b);
        const owner = { accountId, regionId, vSwitchId };
        const span = await store.instances.privateAddressSpan({ ...owner, first: FIRST, last: LAST });
        expect(span, `addresses of ${vSwitchId} of ${accountId} in ${regionId}`).toEqual({
          held: held.length,
          highest: held.at(-1),
        });
        const listed = await store.instances.heldPrivateAddresses({
          ...owner,
          from: FIRST,
          last: LAST,
          limit: 1000,
        });
        expect(listed).toEqual(held);
      }
    }
  }
}

/** Walks `steps` random writes on `store` (accounts given exist), checking the counts after each. */
export async function walkRandomWrites(
  store: Store,
  accounts: readonly string[],
  seed: number,
  steps: number,
) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  let serial = 0;

  /** A free address of the vSwitch (live instances hold distinct ones), or an odd text now and then. */
  async function addressFor(
    tx: Store,
    accountId: string,
    regionId: string,
    vSwitchId: string,
    taken: Set<number>,
  ) {
    if (next() < 0.05) return "10.0.0.1"; // outside the vSwitch's range
    if (next() < 0.05) return undefined;
    const live = (await everyInstance(tx, accountId, regionId)).filter(
      (i) => i.status !== "Deleted" && i.vSwitchId === vSwitchId && i.privateIpAddress !== undefined,
    );
    for (const i of live) taken.add(ipNumber(i.privateIpAddress!));
    const free = [];
    for (let n = FIRST; n <= LAST; n++) if (!taken.has(n)) free.push(n);
    if (free.length === 0) return undefined;
    const chosen = pick(free);
    taken.add(chosen);
    return dotted(chosen);
  }

  async function launch(tx: Store, accountId: string) {
    const regionId = pick(REGIONS);
    const vSwitchId = pick(VSWITCHES);
    const taken = new Set<number>();
    const batch: Instance[] = [];
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
      const privateIpAddress = await addressFor(tx, accountId, regionId, vSwitchId, taken);
      const status: InstanceStatus = pick(["Running", "Stopped", "Pending", "Deleted"]);
      batch.push(
        instance(`i-${seed}-${serial++}`, accountId, {
          regionId,
          zoneId: `${regionId}-b`,
          vSwitchId,
          instanceType: pick(TYPES),
          status,
          ...(status === "Deleted" ? { deletedAt: at(5) } : {}),
          ...(privateIpAddress === undefined ? {} : { privateIpAddress }),
        }),
      );
    }
    await tx.instances.insertMany(batch);
  }

  async function someInstance(tx: Store, accountId: string): Promise<Instance | undefined> {
    const all = [
      ...(await everyInstance(tx, accountId, REGIONS[0])),
      ...(await everyInstance(tx, accountId, REGIONS[1])),
    ];
    return all.length === 0 ? undefined : pick(all);
  }

  async function change(tx: Store, accountId: string) {
    const target = await someInstance(tx, accountId);
    if (!target) return;
    const kind = next();
    if (kind < 0.3)
      await tx.instances.update(target.instanceId, {
        status: pick(["Running", "Stopped", "Deleted", "Starting"]),
      });
    else if (kind < 0.45) await tx.instances.update(target.instanceId, { instanceType: pick(TYPES) });
    else if (kind < 0.6) {
      const address = await addressFor(tx, accountId, target.regionId, target.vSwitchId, new Set());
      await tx.instances.update(target.instanceId, { privateIpAddress: address ?? null });
    } else if (kind < 0.7) await tx.instances.update(target.instanceId, { instanceName: "renamed" });
    else await tx.instances.markDeleted([target.instanceId, "i-missing"], at(9));
  }

  for (let step = 0; step < steps; step++) {
    const accountId = pick(accounts);
    const roll = next();
    if (roll < 0.4) await launch(store, accountId);
    else if (roll < 0.8) await change(store, accountId);
    else if (roll < 0.95) {
      // a batch that fails after its writes: none of them may stay counted
      await expect(
        store.transaction(async (tx) => {
          await launch(tx, accountId);
          await change(tx, accountId);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
    } else {
      await store.accounts.delete(accountId);
      await store.accounts.insert(account(accountId));
    }
    await expectCountsToMatchRecount(store, accounts);
  }
}
