import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreContract } from "./contract.js";
import { runHotPathContract } from "./contract-hot-paths.js";
import { COUNTER_ACCOUNT, REGION, TAGS_PER_INSTANCE, account, customImage, systemImage } from "./fixtures.js";
import { openSqliteStore } from "../../../src/cloud/store/index.js";
import type { ExecutedQuery, Store } from "../../../src/cloud/store/index.js";

const dir = mkdtempSync(join(tmpdir(), "imageguard-store-"));
const masterKey = randomBytes(32);
const fileFor = (name: string) => join(dir, `${name}.sqlite`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Real files, as in production (WAL needs a file); `:memory:` is covered below.
runStoreContract("sqlite", (database) => openSqliteStore({ file: fileFor(database), masterKey }));
runHotPathContract("sqlite", (database) => openSqliteStore({ file: fileFor(database), masterKey }));

function raw(file: string): BetterSqlite3.Database {
  return new BetterSqlite3(file);
}

describe("sqlite backend", () => {
  it("opens in memory for tests", async () => {
    const store = await openSqliteStore({ file: ":memory:", masterKey });
    await store.accounts.insert(account("1000000000000001"));
    expect(await store.accounts.get("1000000000000001")).toBeDefined();
    await store.close();
  });

  it("puts the database file in WAL mode", async () => {
    const file = fileFor("wal");
    await (await openSqliteStore({ file, masterKey })).close();
    const db = raw(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("keeps secrets encrypted at rest, bound to their row", async () => {
    const file = fileFor("secrets");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account("1000000000000001"));
    const secret = "PlaintextSecretThatMustNotAppear";
    for (const id of ["LTAIaaaa", "LTAIbbbb"]) {
      await store.ram.accessKeys.insert({
        accessKeyId: id,
        accountId: "1000000000000001",
        owner: { type: "root" },
        status: "Active",
        createdAt: "2024-01-01T00:00:00.000Z",
        accessKeySecret: secret,
      });
    }
    await store.close();

    const db = raw(file);
    db.pragma("wal_checkpoint(TRUNCATE)");
    const rows = db
      .prepare("select access_key_id, secret_sealed from access_keys order by access_key_id")
      .all() as {
      access_key_id: string;
      secret_sealed: string;
    }[];
    expect(rows.every((r) => r.secret_sealed.startsWith("v1.") && !r.secret_sealed.includes(secret))).toBe(
      true,
    );
    expect(rows[0]!.secret_sealed).not.toBe(rows[1]!.secret_sealed); // fresh IV per value
    // a sealed secret moved to another row does not open there
    db.prepare("update access_keys set secret_sealed = ? where access_key_id = 'LTAIbbbb'").run(
      rows[0]!.secret_sealed,
    );
    db.close();
    expect(readFileSync(file).includes(Buffer.from(secret))).toBe(false);

    const reopened = await openSqliteStore({ file, masterKey });
    expect((await reopened.ram.accessKeys.getWithSecret("LTAIaaaa"))?.accessKeySecret).toBe(secret);
    await expect(reopened.ram.accessKeys.getWithSecret("LTAIbbbb")).rejects.toMatchObject({
      code: "secret-undecryptable",
    });
    await reopened.close();
  });

  it("refuses to open with another master key, or one of the wrong size", async () => {
    const file = fileFor("keys");
    await (await openSqliteStore({ file, masterKey })).close();
    await expect(openSqliteStore({ file, masterKey: randomBytes(32) })).rejects.toMatchObject({
      code: "master-key-mismatch",
    });
    await expect(openSqliteStore({ file, masterKey: randomBytes(16) })).rejects.toMatchObject({
      code: "invalid-master-key",
    });
    // the refused opens changed nothing
    await (await openSqliteStore({ file, masterKey })).close();
  });

  it("drives a two-tag image filter from the tag index, with no full scan, whatever the planner statistics", async () => {
    const at0 = "2026-01-01T00:00:00.000Z";
    // Given a store opened empty (its planner statistics describe empty tables), then filled
    const file = fileFor("plan");
    const queries: ExecutedQuery[] = [];
    const store = await openSqliteStore({ file, masterKey, onQuery: (q) => queries.push(q) });
    await seedImages(store, 3, 200);
    // (images shared with the caller and another account, so that the listing has its
    // shared-images branch; none carries environment=production)
    for (let i = 1; i < 40; i++) {
      if (i % 5 === 0) continue;
      await store.images.share(REGION, `m-1-${i}`, ["1000000000000000", "1000000000000002"], at0);
    }
    queries.length = 0;
    // When one account lists images with two tag filters
    const tags = [
      { key: "environment", value: "production" },
      { key: "status", value: "approved" },
    ];
    const filter = { regionId: REGION, callerAccountId: "1000000000000000", tags };
    const page = await store.images.list(filter, { pageNumber: 1, pageSize: 10 });
    expect(page.totalCount).toBe(20);
    await store.close();

    // Then, with stale statistics and with fresh ones alike, the plan starts from the tag index
    const db = raw(file);
    const selects = queries.filter((q) => q.sql.startsWith("select"));
    const plansNow = () =>
      selects.map((q) =>
        (db.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[])
          .map((row) => row.detail)
          .join("\n"),
      );
    const stale = plansNow();
    db.exec("analyze");
    const fresh = plansNow();
    db.close();
    expect(fresh).toEqual(stale);
    // two candidate counts (one per filter), whether anything is shared with the caller, the page
    // (own images ∪ shared images), a count per branch
    expect(stale).toHaveLength(6);
    const [sizeA, sizeB, shareProbe, pagePlan, ownCount, sharedCount] = stale as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    expect(shareProbe).toBe(
      "SEARCH image_shares USING COVERING INDEX image_shares_by_account (account_id=? AND region_id=?)",
    );
    const pairIndex =
      "SEARCH d USING COVERING INDEX tags_by_pair (account_id=? AND region_id=? AND resource_type=? AND tag_key=? AND tag_value=?)";
    const capped = `CO-ROUTINE c\n${pairIndex}\nSCAN c`; // a count of at most N index entries
    expect([sizeA, sizeB]).toEqual([capped, capped]);
    // own images: candidates from the (account, pair) index, the other tag probed index-only on
    // the candidate's id, and only then the image row
    const ownImages = [
      pairIndex,
      "SEARCH t EXISTS USING COVERING INDEX tags_by_account (account_id=? AND region_id=? AND resource_type=? AND resource_id=? AND tag_key=? AND tag_value=?)",
      "SEARCH i USING INDEX sqlite_autoindex_images_1 (region_id=? AND image_id=?)",
    ].join("\n");
    expect(pagePlan).toContain(ownImages);
    expect(ownCount).toBe(ownImages);
    // shared images: the caller's shares drive, both tags are probed, then the image row
    expect(sharedCount).toBe(
      [
        "SEARCH s USING COVERING INDEX image_shares_by_account (account_id=? AND region_id=?)",
        "SEARCH t EXISTS USING INDEX sqlite_autoindex_tags_1 (region_id=? AND resource_type=? AND resource_id=? AND tag_key=?)",
        "SEARCH t EXISTS USING INDEX sqlite_autoindex_tags_1 (region_id=? AND resource_type=? AND resource_id=? AND tag_key=?)",
        "SEARCH i USING COVERING INDEX sqlite_autoindex_images_1 (region_id=? AND image_id=?)",
      ].join("\n"),
    );
    // the rarer pair drives (status=approved: 20 images; environment=production: 40)
    expect(selects[4]!.parameters.slice(0, 5)).toEqual([
      "1000000000000000",
      REGION,
      "image",
      "status",
      "approved",
    ]);
    // "SCAN <table>" would be a full pass over a table (scanning a branch's few rows is fine)
    for (const plan of stale) expect(plan).not.toMatch(/^SCAN (d|i|t|s)$/m);
  });

  it("serialises read-modify-write transactions of two processes on one file", async () => {
    const file = fileFor("two-processes");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account(COUNTER_ACCOUNT, { displayName: "0" }));
    await store.close();
    const perProcess = 40;
    const results = await Promise.all(
      [1, 2].map(() => runWriter(["increment", file, masterKey.toString("hex"), String(perProcess)])),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const reopened = await openSqliteStore({ file, masterKey });
    expect((await reopened.accounts.get(COUNTER_ACCOUNT))?.displayName).toBe(String(2 * perProcess));
    await reopened.close();
  });

  it("keeps every acknowledged commit, whole, when the writing process is killed with SIGKILL", async () => {
    const file = fileFor("kill-9");
    const store = await openSqliteStore({ file, masterKey });
    await store.accounts.insert(account(COUNTER_ACCOUNT));
    await store.close();

    const acknowledged = await runUntilKilled(["ack-loop", file, masterKey.toString("hex")], 300);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const db = raw(file);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();

    const reopened = await openSqliteStore({ file, masterKey });
    const present = await reopened.instances.count({ accountId: COUNTER_ACCOUNT });
    // every acknowledged commit is there; at most the one in flight at the kill is there unacknowledged
    expect(present - acknowledged.length).toBeGreaterThanOrEqual(0);
    expect(present - acknowledged.length).toBeLessThanOrEqual(1);
    for (const i of [...acknowledged, acknowledged.length]) {
      const instance = await reopened.instances.get(`i-${i}`);
      if (i === acknowledged.length && instance === undefined) continue;
      expect(instance?.instanceId).toBe(`i-${i}`);
      // no commit is there in part
      expect(
        await reopened.tags.count({ regionId: REGION, resourceType: "instance", resourceId: `i-${i}` }),
      ).toBe(TAGS_PER_INSTANCE);
    }
    await reopened.close();
  });
});

// ---------------------------------------------------------------------------------------------

const writerScript = fileURLToPath(new URL("./writer-process.ts", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));

function startWriter(args: string[]) {
  return spawn(process.execPath, ["--import", "tsx", writerScript, ...args], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function runWriter(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startWriter(args);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Starts an ack-loop writer, SIGKILLs it once `atLeast` commits are acknowledged; returns their numbers. */
function runUntilKilled(args: string[], atLeast: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = startWriter(args);
    let buffered = "";
    let stderr = "";
    const acknowledged: number[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? ""; // a line cut by the kill is not an acknowledgement
      for (const line of lines) acknowledged.push(Number(line));
      if (acknowledged.length >= atLeast && !child.killed) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

/** `perAccount` custom images for each of `accounts` accounts, a fifth of them production, a tenth approved. */
async function seedImages(store: Store, accounts: number, perAccount: number): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.images.insert(systemImage("aliyun_3_x64_20G_alibase_20240819.vhd"));
    for (let a = 0; a < accounts; a++) {
      const accountId = String(1000000000000000 + a);
      await tx.accounts.insert(account(accountId));
      for (let i = 0; i < perAccount; i++) {
        const imageId = `m-${a}-${i}`;
        await tx.images.insert(customImage(imageId, accountId));
        await tx.tags.set({ regionId: REGION, resourceType: "image", resourceId: imageId }, accountId, [
          { key: "environment", value: i % 5 === 0 ? "production" : "dev" },
          { key: "status", value: i % 10 === 0 ? "approved" : "draft" },
        ]);
      }
    }
  });
}
