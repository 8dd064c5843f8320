// The SQLite write path under load: checkpoints made off the request path, and transactions
// committed together that still fail one by one when the database is locked by another process.
// Real files in a temporary directory. Given / When / Then.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { COUNTER_ACCOUNT, account, instance } from "./fixtures.js";
import { openSqliteStore } from "../../../src/cloud/store/index.js";

const dir = mkdtempSync(join(tmpdir(), "imageguard-write-path-"));
const masterKey = randomBytes(32);
const fileFor = (name: string) => join(dir, `${name}.sqlite`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files this process holds open that SQLite made as temporary files (Linux names them `etilqs_…`). */
function openSqliteTempFiles(): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.includes("etilqs_") ? [target] : [];
    } catch {
      return [];
    }
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe("sqlite write path", () => {
  it("copies committed pages into the database file in the background, long before the WAL is full", async () => {
    // Given a store that has committed a few hundred small transactions
    const file = fileFor("background-checkpoint");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account(COUNTER_ACCOUNT));
    const before = statSync(file).size;
    for (let i = 0; i < 300; i++) {
      await store.transaction((tx) =>
        tx.instances.insertMany([instance(`i-${i}`, COUNTER_ACCOUNT, { description: "x".repeat(500) })]),
      );
    }

    // Then the database file grows while the store is open: those pages were checkpointed, though
    // the WAL (~1 MB here) is far from the writing connection's own threshold of 10,000 pages
    expect(await until(() => statSync(file).size > before, 5000)).toBe(true);
    await store.close();
  });

  it("rolls a failing transaction of a group back to its savepoint, kept in memory, and commits the others", async () => {
    // Given three transactions submitted together, each writing far more than the 64 KiB past which
    // SQLite moves a savepoint's journal to a temporary file by default; the second one fails
    const file = fileFor("savepoints");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account(COUNTER_ACCOUNT));
    const batch = (prefix: string) =>
      Array.from({ length: 60 }, (_, i) =>
        instance(`${prefix}-${i}`, COUNTER_ACCOUNT, { description: "x".repeat(2000) }),
      );
    const tempFilesSeen: string[] = [];
    const outcomes = await Promise.allSettled([
      store.transaction((tx) => tx.instances.insertMany(batch("i-a"))),
      store.transaction(async (tx) => {
        await tx.instances.insertMany(batch("i-b"));
        if (process.platform === "linux") tempFilesSeen.push(...openSqliteTempFiles());
        throw new Error("refused");
      }),
      store.transaction((tx) => tx.instances.insertMany(batch("i-c"))),
    ]);

    // Then the failing one left nothing and the others everything, after a reopen too; and the
    // savepoint's journal never went to a file
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await store.close();
    const reopened = await openSqliteStore({ file, masterKey });
    expect(await reopened.instances.count({ accountId: COUNTER_ACCOUNT })).toBe(120);
    expect(await reopened.instances.get("i-a-59")).toBeDefined();
    expect(await reopened.instances.get("i-b-0")).toBeUndefined();
    expect(await reopened.instances.get("i-c-0")).toBeDefined();
    expect(tempFilesSeen).toEqual([]);
    await reopened.close();
  });

  it("fails the waiting transactions when another process holds the write lock, and recovers after", async () => {
    // Given a store whose database another connection has locked for writing
    const file = fileFor("locked");
    const store = await openSqliteStore({ file, masterKey, busyTimeoutMs: 50 });
    await store.accounts.insert(account(COUNTER_ACCOUNT));
    const other = new BetterSqlite3(file);
    other.exec("begin immediate");

    // When transactions are submitted together while it holds the lock
    const attempts = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        store.transaction((tx) => tx.instances.insertMany([instance(`i-${n}`, COUNTER_ACCOUNT)])),
      ),
    );

    // Then each fails with SQLite's busy error (none hangs), and once the lock is gone they work
    expect(attempts.map((a) => a.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const attempt of attempts) {
      expect(String((attempt as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    }
    other.exec("rollback");
    other.close();
    await store.transaction((tx) => tx.instances.insertMany([instance("i-4", COUNTER_ACCOUNT)]));
    expect(await store.instances.count({ accountId: COUNTER_ACCOUNT })).toBe(1);
    await store.close();
  });

  it("finishes the transactions already submitted when the store closes, and refuses new ones", async () => {
    const file = fileFor("close");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account(COUNTER_ACCOUNT));
    const submitted = [1, 2, 3].map((n) =>
      store.transaction((tx) => tx.instances.insertMany([instance(`i-${n}`, COUNTER_ACCOUNT)])),
    );
    const closing = store.close();
    await expect(store.transaction(async () => undefined)).rejects.toMatchObject({ code: "closed" });
    await Promise.all(submitted);
    await closing;

    const reopened = await openSqliteStore({ file, masterKey });
    expect(await reopened.instances.count({ accountId: COUNTER_ACCOUNT })).toBe(3);
    await reopened.close();
  });
});
