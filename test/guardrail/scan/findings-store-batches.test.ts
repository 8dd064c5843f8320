// The findings store records a scan set-based (chunks of keys and of rows in one transaction): the
// history must come out the same across chunk boundaries as it does for a handful of findings.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFindingsStore, scanInventory } from "../../../src/guardrail/index.js";
import type { FindingsStore, InventoryAccount, ScanHistory } from "../../../src/guardrail/index.js";
import { STOREFRONT, account, exampleSpec, golden, instance, region, systemImage } from "./fixtures.js";

const SPEC = exampleSpec();
const T1 = new Date("2026-05-01T00:00:00Z");
const T2 = new Date("2026-05-02T00:00:00Z");
const T3 = new Date("2026-05-03T00:00:00Z");
/** More than the store's chunks of keys (500) and rows (200), and not a multiple of either. */
const COUNT = 1_201;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "imageguard-findings-batches-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `COUNT` instances, `i-0000`…; those `bad` picks run an untrusted image. */
function storefront(bad: (index: number) => boolean): InventoryAccount {
  const instances = Array.from({ length: COUNT }, (_, index) =>
    instance(`i-${String(index).padStart(4, "0")}`, bad(index) ? "ubuntu" : "m-golden"),
  );
  return account(STOREFRONT, "app-storefront", "Production", [
    region("cn-hangzhou", instances, [golden(), systemImage("ubuntu")]),
  ]);
}

async function scan(store: FindingsStore, accounts: InventoryAccount[], at: Date): Promise<ScanHistory> {
  const result = scanInventory({ accounts }, SPEC, at);
  return store.recordScan({ startedAt: at.toISOString(), finishedAt: at.toISOString(), result });
}

const tally = (history: ScanHistory) => {
  const counts: Record<string, number> = {};
  for (const seen of history.seen) counts[seen.status] = (counts[seen.status] ?? 0) + 1;
  return counts;
};

describe("findings store: a scan with more findings than one batch", () => {
  it("Given 1,201 findings, then half fixed, then all back, every one is new, open, resolved and reopened as with a few", async () => {
    const store = await openFindingsStore({ file: join(dir, "findings.db") });
    const odd = (index: number) => index % 2 === 1;

    const first = await scan(store, [storefront(() => true)], T1);
    expect(tally(first)).toEqual({ new: COUNT });
    expect(first.seen.every((seen) => seen.firstSeen === T1.toISOString())).toBe(true);

    const second = await scan(store, [storefront((index) => !odd(index))], T2);
    expect(tally(second)).toEqual({ open: 601 });
    expect(second.resolved).toHaveLength(600);
    expect(second.resolved.every((finding) => odd(Number(finding.instanceId.slice(2))))).toBe(true);
    // In key order, as before batching.
    expect(second.resolved.map((finding) => finding.key)).toEqual(
      second.resolved.map((finding) => finding.key).sort(),
    );

    const third = await scan(store, [storefront(() => true)], T3);
    expect(tally(third)).toEqual({ open: 601, reopened: 600 });
    expect(third.seen.every((seen) => seen.firstSeen === T1.toISOString())).toBe(true);
    expect(third.seen.map((seen) => seen.key)).toEqual(
      Array.from(
        { length: COUNT },
        (_, index) => `${STOREFRONT}/cn-hangzhou/i-${String(index).padStart(4, "0")}`,
      ),
    );

    const all = await store.findings();
    expect(all).toHaveLength(COUNT);
    for (const finding of all) {
      expect(finding.firstSeen).toBe(T1.toISOString());
      expect(finding.firstScanId).toBe(first.scanId);
      expect(finding.lastSeen).toBe(T3.toISOString());
      expect(finding.lastScanId).toBe(third.scanId);
      expect(finding.resolvedAt).toBeUndefined();
      expect(finding.reopenedAt).toBe(
        odd(Number(finding.instanceId.slice(2))) ? T3.toISOString() : undefined,
      );
      expect(finding.details.accountName).toBe("app-storefront");
    }
    await store.close();
  });
});
