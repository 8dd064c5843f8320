import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FindingsStoreError, openFindingsStore, scanInventory } from "../../../src/guardrail/index.js";
import type { FindingsStore, InventoryAccount, ScanHistory } from "../../../src/guardrail/index.js";
import {
  PAYMENTS,
  STOREFRONT,
  account,
  exampleSpec,
  golden,
  instance,
  region,
  systemImage,
} from "./fixtures.js";

const SPEC = exampleSpec();
const BAD = systemImage("ubuntu");
const GOOD = golden();

const T1 = new Date("2026-05-01T00:00:00Z");
const T2 = new Date("2026-05-02T00:00:00Z");
const T3 = new Date("2026-05-03T00:00:00Z");
const T4 = new Date("2026-05-04T00:00:00Z");

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "imageguard-findings-"));
  file = join(dir, "findings.db");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `i-…: good|bad` per instance of app-storefront in cn-hangzhou. */
function storefront(instances: Record<string, "good" | "bad">): InventoryAccount {
  return account(STOREFRONT, "app-storefront", "Production", [
    region(
      "cn-hangzhou",
      Object.entries(instances).map(([id, kind]) => instance(id, kind === "good" ? "m-golden" : "ubuntu")),
      [GOOD, BAD],
    ),
  ]);
}

function payments(instances: Record<string, "good" | "bad">): InventoryAccount {
  return account(PAYMENTS, "app-payments", "Production", [
    region(
      "cn-hangzhou",
      Object.entries(instances).map(([id, kind]) => instance(id, kind === "good" ? "m-golden" : "ubuntu")),
      [GOOD, BAD],
    ),
  ]);
}

async function scan(store: FindingsStore, accounts: InventoryAccount[], at: Date): Promise<ScanHistory> {
  const result = scanInventory({ accounts }, SPEC, at);
  return store.recordScan({ startedAt: at.toISOString(), finishedAt: at.toISOString(), result });
}

const statuses = (history: ScanHistory) =>
  Object.fromEntries(history.seen.map((seen) => [seen.key.split("/")[2], seen.status]));

describe("findings store: history over scans", () => {
  it("Given four scans, findings are new, seen again, resolved when gone, and reopened when back", async () => {
    const store = await openFindingsStore({ file });

    // Scan 1: two findings appear.
    const first = await scan(
      store,
      [storefront({ "i-1": "bad", "i-2": "good" }), payments({ "i-3": "bad" })],
      T1,
    );
    expect(first.scanId).toBe(1);
    expect(statuses(first)).toEqual({ "i-1": "new", "i-3": "new" });
    expect(first.resolved).toEqual([]);

    // Scan 2: i-1 seen again, i-2 turns bad; app-payments cannot be reached, so i-3 is not resolved.
    const unreachable = { ...payments({}), error: { code: "NoPermission", message: "denied" } };
    const second = await scan(store, [storefront({ "i-1": "bad", "i-2": "bad" }), unreachable], T2);
    expect(statuses(second)).toEqual({ "i-1": "open", "i-2": "new" });
    expect(second.seen.find((seen) => seen.key.endsWith("i-1"))?.firstSeen).toBe(T1.toISOString());
    expect(second.resolved).toEqual([]);

    // Scan 3: i-1 is fixed, i-3's account is listed completely without it: both resolved.
    const third = await scan(store, [storefront({ "i-1": "good", "i-2": "bad" }), payments({})], T3);
    expect(statuses(third)).toEqual({ "i-2": "open" });
    expect(third.resolved.map((finding) => [finding.instanceId, finding.resolvedAt])).toEqual([
      ["i-1", T3.toISOString()],
      ["i-3", T3.toISOString()],
    ]);

    // Scan 4: i-1 is bad again: the same finding opens again, first seen still at scan 1.
    const fourth = await scan(store, [storefront({ "i-1": "bad", "i-2": "bad" }), payments({})], T4);
    expect(statuses(fourth)).toEqual({ "i-1": "reopened", "i-2": "open" });

    const all = await store.findings();
    expect(
      all.map((f) => [
        f.instanceId,
        f.verdict,
        f.firstSeen,
        f.lastSeen,
        f.resolvedAt ?? null,
        f.reopenedAt ?? null,
      ]),
    ).toEqual([
      ["i-1", "untrusted-owner", T1.toISOString(), T4.toISOString(), null, T4.toISOString()],
      ["i-2", "untrusted-owner", T2.toISOString(), T4.toISOString(), null, null],
      ["i-3", "untrusted-owner", T1.toISOString(), T1.toISOString(), T3.toISOString(), null],
    ]);
    expect((await store.findings({ open: true })).map((f) => f.instanceId)).toEqual(["i-1", "i-2"]);
    expect((await store.findings({ open: false })).map((f) => f.instanceId)).toEqual(["i-3"]);
    expect((await store.scans()).map((s) => [s.id, s.judgedAt, s.summary.counts.findings])).toEqual([
      [4, T4.toISOString(), 2],
      [3, T3.toISOString(), 1],
      [2, T2.toISOString(), 2],
      [1, T1.toISOString(), 2],
    ]);
    await store.close();
  });

  it("Given a region that could not be listed, its findings stay open while the account's other regions resolve", async () => {
    const store = await openFindingsStore({ file });
    const both = (hangzhou: string[], shanghai: "listed" | "failed") =>
      account(STOREFRONT, "app-storefront", "Production", [
        region(
          "cn-hangzhou",
          hangzhou.map((id) => instance(id, "ubuntu")),
          [BAD],
        ),
        shanghai === "listed"
          ? region("cn-shanghai", [], [])
          : {
              regionId: "cn-shanghai",
              error: { code: "Throttling.User", message: "x" },
              instances: [],
              images: [],
            },
      ]);
    await scan(
      store,
      [
        account(STOREFRONT, "app-storefront", "Production", [
          region("cn-hangzhou", [instance("i-h", "ubuntu")], [BAD]),
          region("cn-shanghai", [instance("i-s", "ubuntu")], [BAD]),
        ]),
      ],
      T1,
    );
    const second = await scan(store, [both([], "failed")], T2);
    expect(second.resolved.map((f) => f.instanceId)).toEqual(["i-h"]);
    const third = await scan(store, [both([], "listed")], T3);
    expect(third.resolved.map((f) => f.instanceId)).toEqual(["i-s"]);
    await store.close();
  });

  it("Given a verdict that changes, or an instance that becomes exempt, the finding stays one row with the latest verdict", async () => {
    const store = await openFindingsStore({ file });
    await scan(store, [storefront({ "i-1": "bad" })], T1);
    const exempting = exampleSpec(
      `  - { id: keep, instance: i-1, reason: r, approver: a, expiresAt: "2026-12-31" }`,
    );
    const result = scanInventory({ accounts: [storefront({ "i-1": "bad" })] }, exempting, T2);
    const history = await store.recordScan({
      startedAt: T2.toISOString(),
      finishedAt: T2.toISOString(),
      result,
    });
    expect(statuses(history)).toEqual({ "i-1": "open" });
    const [finding] = await store.findings();
    expect(finding).toMatchObject({
      verdict: "exempt",
      firstSeen: T1.toISOString(),
      lastSeen: T2.toISOString(),
      details: { exemption: { verdict: "untrusted-owner", expiresAt: "2026-12-31" }, mode: "enforce" },
    });
    await store.close();
  });

  it("Given the store closed and opened again, the history is still there (WAL, one migration applied once)", async () => {
    const first = await openFindingsStore({ file });
    await scan(first, [storefront({ "i-1": "bad" })], T1);
    await first.close();
    const again = await openFindingsStore({ file });
    const history = await scan(again, [storefront({ "i-1": "bad" })], T2);
    expect(statuses(history)).toEqual({ "i-1": "open" });
    expect(history.scanId).toBe(2);
    await again.close();
    // WAL mode is recorded in the database file itself.
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("Given a path in a directory that does not exist, opening fails with a message and a help", async () => {
    const error = await openFindingsStore({ file: join(dir, "missing", "findings.db") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FindingsStoreError);
    expect((error as FindingsStoreError).message).toMatch(
      /^cannot open the findings database `.*findings\.db`/,
    );
    expect((error as FindingsStoreError).help).toContain("--findings FILE");
  });
});
