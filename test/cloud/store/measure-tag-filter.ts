// A local measurement, not a test: the store's tag-filter and scan queries at the sizes the
// benchmark will use. Run: node --import tsx test/cloud/store/measure-tag-filter.ts
// Figures are recorded in docs/store.md.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openSqliteStore } from "../../../src/cloud/store/index.js";
import type { Store } from "../../../src/cloud/store/index.js";
import { REGION, account, customImage, instance, systemImage } from "./fixtures.js";

const IMAGES = 100_000;
const INSTANCES = 100_000;
const ACCOUNTS = 100;
const RUNS = 200;

// deterministic pseudo-random, so every run measures the same data
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const accountId = (a: number) => String(1000000000000000 + a);

function p(times: number[], q: number): string {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
}

/**
 * Wall-clock and CPU time per call. better-sqlite3 runs queries on this thread, so the process's
 * CPU time during a call is the store's own work, unaffected by other processes competing for
 * the machine (wall time is what a caller would wait on this machine, at this load).
 */
async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await fn(i); // warm the statement cache and the page cache
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn(i);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(
    `${label}: wall p50 ${p(wall, 0.5)} ms, p95 ${p(wall, 0.95)} ms; cpu p50 ${p(cpu, 0.5)} ms, p95 ${p(cpu, 0.95)} ms (${runs} runs)`,
  );
}

async function seed100k(store: Store, accounts: number): Promise<void> {
  const start = performance.now();
  await store.transaction(async (tx) => {
    await tx.images.insert(systemImage("aliyun_3_x64_20G_alibase_20240819.vhd"));
    for (let a = 0; a < ACCOUNTS; a++) await tx.accounts.insert(account(accountId(a)));
    for (let i = 0; i < IMAGES; i++) {
      const owner = accountId(i % accounts);
      const imageId = `m-${i.toString(36).padStart(18, "0")}`;
      await tx.images.insert(
        customImage(imageId, owner, { createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() }),
      );
      await tx.tags.set({ regionId: REGION, resourceType: "image", resourceId: imageId }, owner, [
        { key: "environment", value: random() < 0.2 ? "production" : "development" },
        { key: "status", value: random() < 0.05 ? "approved" : "draft" },
        { key: "team", value: `team-${Math.floor(random() * 10)}` },
      ]);
      // the management account's golden images are shared with every member
      if (accounts > 1 && i % accounts === 0 && i < 2_000) {
        await tx.images.share(
          REGION,
          imageId,
          Array.from({ length: ACCOUNTS - 1 }, (_, k) => accountId(k + 1)),
          at0(),
        );
      }
    }
  });
  console.log(
    `seeded ${IMAGES} images with 3 tags each over ${accounts} account(s) in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
}

const at0 = () => "2024-01-01T00:00:00.000Z";
const TWO_TAGS = [
  { key: "environment", value: "production" },
  { key: "status", value: "approved" },
];

async function describeImages(file: string, accounts: number): Promise<void> {
  const masterKey = randomBytes(32);
  let store = await openSqliteStore({ file, masterKey });
  await seed100k(store, accounts);
  const caller = (i: number) => accountId(accounts === 1 ? 0 : 1 + (i % (ACCOUNTS - 1)));
  for (const phase of [
    "right after loading (no planner statistics)",
    "after reopening (PRAGMA optimize ran)",
  ]) {
    console.log(`-- ${phase}`);
    const sample = await store.images.list(
      { regionId: REGION, callerAccountId: caller(0), tags: TWO_TAGS },
      { pageNumber: 1, pageSize: 10 },
    );
    console.log(`   caller ${caller(0)} sees ${sample.totalCount} images with both tags`);
    await time("   DescribeImages, 2 tag filters, PageSize 10 + TotalCount", RUNS, (i) =>
      store.images.list(
        { regionId: REGION, callerAccountId: caller(i), tags: TWO_TAGS },
        { pageNumber: 1, pageSize: 10 },
      ),
    );
    await time("   DescribeImages, 2 tag filters, MaxResults 10 (no count)", RUNS, (i) =>
      store.images.list({ regionId: REGION, callerAccountId: caller(i), tags: TWO_TAGS }, { maxResults: 10 }),
    );
    await time("   DescribeImages, no filter, PageSize 10 + TotalCount", RUNS, (i) =>
      store.images.list({ regionId: REGION, callerAccountId: caller(i) }, { pageNumber: 1, pageSize: 10 }),
    );
    await store.close();
    store = await openSqliteStore({ file, masterKey });
  }
  await store.close();
}

async function scans(file: string): Promise<void> {
  const store = await openSqliteStore({ file, masterKey: randomBytes(32) });
  const start = performance.now();
  await store.transaction(async (tx) => {
    for (let a = 0; a < ACCOUNTS; a++) await tx.accounts.insert(account(accountId(a)));
    const batch = [];
    for (let i = 0; i < INSTANCES; i++) {
      batch.push(
        instance(`i-${i.toString(36).padStart(18, "0")}`, accountId(i % ACCOUNTS), {
          imageId: `m-${i % 50}`,
          createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        }),
      );
      if (batch.length === 1_000) await tx.instances.insertMany(batch.splice(0));
    }
  });
  console.log(
    `seeded ${INSTANCES} instances over ${ACCOUNTS} accounts in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
  await time("scan: every instance of 100 accounts, MaxResults 100 pages", 5, async () => {
    let seen = 0;
    for (let a = 0; a < ACCOUNTS; a++) {
      let nextToken: string | undefined;
      do {
        const page = await store.instances.list(
          { accountId: accountId(a), regionId: REGION },
          { maxResults: 100, nextToken },
        );
        seen += page.items.length;
        nextToken = page.nextToken;
      } while (nextToken);
    }
    if (seen !== INSTANCES) throw new Error(`scan saw ${seen}`);
  });
  await time("scan: image usage of 100 accounts (instances per image)", 5, async () => {
    for (let a = 0; a < ACCOUNTS; a++)
      await store.instances.imageUsage({ accountId: accountId(a), regionId: REGION });
  });
  await time("DescribeInstances by image, one account, PageSize 10 + TotalCount", RUNS, (i) =>
    store.instances.list(
      { accountId: accountId(i % ACCOUNTS), regionId: REGION, imageId: `m-${i % 50}` },
      { pageNumber: 1, pageSize: 10 },
    ),
  );
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), "imageguard-measure-"));
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} cores`,
);
try {
  console.log(`== ${IMAGES} images across ${ACCOUNTS} accounts`);
  await describeImages(join(dir, "images-100.sqlite"), ACCOUNTS);
  console.log(`== ${IMAGES} images in one account (worst case: the tag filter matches ~1% of 100,000)`);
  await describeImages(join(dir, "images-1.sqlite"), 1);
  console.log(`== ${INSTANCES} instances across ${ACCOUNTS} accounts`);
  await scans(join(dir, "instances.sqlite"));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
