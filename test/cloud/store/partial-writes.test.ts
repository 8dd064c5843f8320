// A repository write of several statements joins the caller's transaction without a savepoint of
// its own, so when a later statement fails and the caller catches it and goes on, the earlier
// statements commit. The hot cache must forget what it read from those rows all the same. A trigger
// made through a second connection makes the later statement fail. Given / When / Then.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { REGION, account, customImage, securityGroup, vSwitch, vpc } from "./fixtures.js";
import type { ResourceType } from "../../../src/cloud/model/index.js";
import { openSqliteStore, type CacheArea, type Store } from "../../../src/cloud/store/index.js";

const dir = mkdtempSync(join(tmpdir(), "imageguard-partial-writes-"));
const OWNER = "1000000000000002";
let file: string;
let store: Store;
let run = 0;

beforeEach(async () => {
  file = join(dir, `store-${++run}.sqlite`);
  store = await openSqliteStore({ file, masterKey: randomBytes(32) });
  await store.accounts.insert(account(OWNER));
  await store.images.insert(customImage("m-1", OWNER, { regionId: REGION }));
  await store.network.vpcs.insert(vpc("vpc-1", OWNER));
  await store.network.vSwitches.insert(vSwitch("vsw-1", "vpc-1", OWNER));
  await store.network.securityGroups.insert(securityGroup("sg-1", "vpc-1", OWNER));
});
afterEach(() => store.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Makes every `event` on `table` (matching `when`) fail, as a constraint or an outage would. */
function failing(table: string, event: "insert" | "delete", when = "1"): void {
  const db = new BetterSqlite3(file);
  db.exec(
    `create trigger fail_${table} before ${event} on ${table} when ${when} begin select raise(abort, 'refused'); end`,
  );
  db.close();
}

/** The resource's tags through the hot cache, counting how often the store is really read. */
function cachedTags(area: CacheArea, resourceType: ResourceType, resourceId: string) {
  const read = { loads: 0 };
  const tags = () =>
    store.cached(`tags:${resourceType}:${resourceId}`, [area], async () => {
      read.loads++;
      const rows = await store.tags.list({ regionId: REGION, resourceType, resourceId });
      return rows.map((t) => `${t.key}=${t.value}`);
    });
  return { read, tags };
}

/** Runs `write` in a transaction that catches its failure and commits the rest. */
async function caughtAndCommitted(write: (tx: Store) => Promise<unknown>): Promise<void> {
  await store.transaction(async (tx) => {
    await expect(write(tx)).rejects.toThrow("refused");
  });
}

describe("a multi-statement write whose later statement fails in a caller's transaction", () => {
  it("tags.set: the keys written before the failing one are read again, not served stale", async () => {
    // Given an image's tags read through the cache
    const { read, tags } = cachedTags("images", "image", "m-1");
    expect(await tags()).toEqual([]);
    // When setting two keys fails at the second, and the caller commits anyway
    failing("tags", "insert", "new.tag_key = 'second'");
    await caughtAndCommitted((tx) =>
      tx.tags.set({ regionId: REGION, resourceType: "image", resourceId: "m-1" }, OWNER, [
        { key: "first", value: "1" },
        { key: "second", value: "2" },
      ]),
    );
    // Then the next answer is read again and has the key that was written
    expect(await tags()).toEqual(["first=1"]);
    expect(read.loads).toBe(2);
  });

  const deletes: {
    name: string;
    area: CacheArea;
    type: ResourceType;
    id: string;
    table: string;
    remove: (tx: Store) => Promise<boolean>;
  }[] = [
    {
      name: "images.delete",
      area: "images",
      type: "image",
      id: "m-1",
      table: "images",
      remove: (tx) => tx.images.delete(REGION, "m-1"),
    },
    {
      name: "vpcs.delete",
      area: "network",
      type: "vpc",
      id: "vpc-1",
      table: "vpcs",
      remove: (tx) => tx.network.vpcs.delete("vpc-1"),
    },
    {
      name: "vSwitches.delete",
      area: "network",
      type: "vswitch",
      id: "vsw-1",
      table: "vswitches",
      remove: (tx) => tx.network.vSwitches.delete("vsw-1"),
    },
    {
      name: "securityGroups.delete",
      area: "network",
      type: "securitygroup",
      id: "sg-1",
      table: "security_groups",
      remove: (tx) => tx.network.securityGroups.delete("sg-1"),
    },
  ];
  it.each(deletes)("$name: the tags deleted before the failing statement are not served", async (c) => {
    // Given a tagged resource whose tags were read through the cache
    await store.tags.set({ regionId: REGION, resourceType: c.type, resourceId: c.id }, OWNER, [
      { key: "team", value: "web" },
    ]);
    const { read, tags } = cachedTags(c.area, c.type, c.id);
    expect(await tags()).toEqual(["team=web"]);
    // When deleting the resource fails after its tags went, and the caller commits anyway
    failing(c.table, "delete");
    await caughtAndCommitted(c.remove);
    // Then the next answer is read again: the tags are gone
    expect(await tags()).toEqual([]);
    expect(read.loads).toBe(2);
  });
});
