// Batches of instances written by a few multi-row INSERTs (src/cloud/store/repositories/instances.ts):
// every size reads back whole, with its security groups in order, in few statements, and a batch
// that fails leaves nothing. A real SQLite file. Given / When / Then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION, account, at, instance, openTempStore } from "../store/fixtures.js";
import type { Instance } from "../../../src/cloud/model/index.js";
import type { Store } from "../../../src/cloud/store/index.js";

const OWNER = "1000000000000031";
let store: Store;
let dispose: () => Promise<void>;
let inserts = 0;

beforeAll(async () => {
  ({ store, dispose } = await openTempStore("imageguard-insert-batches-", {
    onQuery: (query) => {
      if (query.sql.startsWith("insert into")) inserts++;
    },
  }));
  await store.accounts.insert(account(OWNER));
});
afterAll(() => dispose());

/** `count` instances named after `batch`, with one to three security groups each. */
function batchOf(batch: string, count: number): Instance[] {
  return Array.from({ length: count }, (_, i) =>
    instance(`i-${batch}-${i}`, OWNER, {
      securityGroupIds: ["sg-c", "sg-a", "sg-b"].slice(0, 1 + (i % 3)),
      privateIpAddress: i % 2 === 0 ? `172.16.0.${i % 250}` : undefined,
      createdAt: at(i),
    }),
  );
}

describe("inserting a batch of instances", () => {
  it.each([1, 2, 7, 100, 300])("reads a batch of %i back whole, groups in order", async (count) => {
    // Given a batch
    const batch = batchOf(`n${count}`, count);
    // When it is inserted
    inserts = 0;
    await store.instances.insertMany(batch);
    // Then every instance reads back as it was given
    for (const wanted of [batch[0]!, batch[count - 1]!, batch[Math.floor(count / 2)]!]) {
      expect(await store.instances.get(wanted.instanceId)).toEqual(wanted);
    }
    const listed = await store.instances.count({ accountId: OWNER, regionId: REGION });
    expect(listed).toBeGreaterThanOrEqual(count);
    // And it took one INSERT per power of two of instances and of memberships, and one for the
    // live counts it changed (its type's and its vSwitch's, instance-counts.ts)
    const memberships = batch.reduce((sum, one) => sum + one.securityGroupIds.length, 0);
    const chunks = (rows: number, max: number) => Math.floor(rows / max) + popCount(rows % max);
    expect(inserts).toBe(chunks(count, 128) + chunks(memberships, 512) + 1);
  });

  it("writes nothing of a batch that fails", async () => {
    // Given an instance already in the store
    await store.instances.insertMany([instance("i-taken", OWNER)]);
    // When a batch that repeats its id is inserted
    const batch = [...batchOf("failing", 5), instance("i-taken", OWNER)];
    await expect(store.instances.insertMany(batch)).rejects.toThrow();
    // Then none of the batch is there
    expect(await store.instances.get("i-failing-0")).toBeUndefined();
  });
});

function popCount(n: number): number {
  let bits = 0;
  for (let rest = n; rest > 0; rest >>= 1) bits += rest & 1;
  return bits;
}
