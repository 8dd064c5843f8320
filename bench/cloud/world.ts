// The benchmark's world: 100 accounts holding 100,000 custom images across five regions, tagged the
// way an organisation's images are (a few keys each, some high-cardinality, some missing), written
// straight into the store in batched transactions. Seeding through the API is not what is measured,
// and 100,000 CreateImage calls would take minutes. A seeded PRNG makes every run build the same
// shape (counts, tags, statuses); only the random ids differ.
import {
  newAccessKeyId,
  newAccessKeySecret,
  newAccountId,
  newRegionalId,
  type Image,
  type ImageStatus,
  type OsType,
  type TagPair,
} from "../../src/cloud/model/index.js";
import { performance } from "node:perf_hooks";
import type { Store } from "../../src/cloud/store/index.js";

export const HOME_REGION = "cn-hangzhou";

/** Where the images live; the weights are each region's share of an account's images. */
const REGION_WEIGHTS: readonly (readonly [string, number])[] = [
  [HOME_REGION, 45],
  ["cn-shanghai", 25],
  ["cn-beijing", 15],
  ["ap-southeast-1", 10],
  ["cn-shenzhen", 5],
];

/** A value and its probability; what is left to 1 means "the image does not carry this key". */
type Mix = readonly (readonly [string, number])[];

// The two keys the guardrail filters on. Drawn independently, so an image is golden (status
// approved AND environment production) with probability 0.12 x 0.25 = 3 %.
const STATUS_MIX: Mix = [
  ["approved", 0.12],
  ["pending", 0.25],
  ["deprecated", 0.2],
  ["rejected", 0.08],
];
const ENVIRONMENT_MIX: Mix = [
  ["production", 0.25],
  ["staging", 0.2],
  ["development", 0.3],
  ["test", 0.1],
];
const TEAMS = [
  "payments",
  "search",
  "ads",
  "identity",
  "data",
  "ml",
  "web",
  "mobile",
  "infra",
  "sre",
  "qa",
  "sec",
];
const IMAGE_STATUS_MIX: Mix = [
  ["Available", 0.9],
  ["Deprecated", 0.05],
  ["Creating", 0.03],
  ["CreateFailed", 0.02],
];

interface OsSpec {
  readonly tag: string;
  readonly osType: OsType;
  readonly osName: string;
  readonly osNameEn: string;
  readonly platform: string;
  readonly sizeGiB: number;
}

const OSES: readonly OsSpec[] = [
  {
    tag: "ubuntu",
    osType: "linux",
    osName: "Ubuntu  22.04 64位",
    osNameEn: "Ubuntu  22.04 64 bit",
    platform: "Ubuntu",
    sizeGiB: 20,
  },
  {
    tag: "alinux",
    osType: "linux",
    osName: "Alibaba Cloud Linux  3.2104 LTS 64位",
    osNameEn: "Alibaba Cloud Linux  3.2104 LTS 64 bit",
    platform: "Aliyun",
    sizeGiB: 20,
  },
  {
    tag: "centos",
    osType: "linux",
    osName: "CentOS  7.9 64位",
    osNameEn: "CentOS  7.9 64 bit",
    platform: "CentOS",
    sizeGiB: 20,
  },
  {
    tag: "windows",
    osType: "windows",
    osName: "Windows Server  2022 数据中心版 64位中文版",
    osNameEn: "Windows Server  2022 Datacenter 64-bit (Chinese)",
    platform: "Windows Server 2022",
    sizeGiB: 40,
  },
];

/** mulberry32: small, fast and good enough to shape test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(random: () => number, mix: Mix): string | undefined {
  let r = random();
  for (const [value, p] of mix) {
    if (r < p) return value;
    r -= p;
  }
  return undefined;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export interface WorldAccount {
  readonly accountId: string;
  readonly displayName: string;
  /** The account's root AccessKey. */
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly imageCount: number;
  /** Images per region. */
  readonly byRegion: ReadonlyMap<string, number>;
  /** Available images in HOME_REGION tagged status=approved and environment=production. */
  readonly goldenInHome: number;
  /** The newest of those: what a launch pipeline would pick. */
  readonly newestGoldenInHome: string;
}

export interface World {
  readonly accounts: readonly WorldAccount[];
  readonly imageCount: number;
  readonly tagCount: number;
  /** Share of all images carrying both golden tags (any status). */
  readonly goldenShare: number;
  readonly seedMs: number;
}

export interface WorldOptions {
  readonly accounts: number;
  readonly images: number;
  /** The first account's share of all images: one large image factory among ordinary accounts. */
  readonly largestShare: number;
  readonly seed: number;
  /** Images written per transaction. */
  readonly batch: number;
  readonly onProgress?: (written: number) => void;
}

/** How many images each account gets: the first `largestShare` of them, the rest spread 1:3 unevenly. */
function accountSizes(options: WorldOptions): number[] {
  const largest = Math.round(options.images * options.largestShare);
  const others = options.accounts - 1;
  const weights = Array.from({ length: others }, (_, i) => 1 + ((i * 37) % others) / (others / 2));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const sizes = weights.map((w) => Math.floor(((options.images - largest) * w) / total));
  // Rounding leftovers go to the ordinary accounts, so the total is exact.
  let left = options.images - largest - sizes.reduce((sum, n) => sum + n, 0);
  for (let i = 0; left > 0; i = (i + 1) % others, left--) sizes[i] = (sizes[i] as number) + 1;
  return [largest, ...sizes];
}

function tagsFor(random: () => number, os: OsSpec): TagPair[] {
  const tags: TagPair[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) tags.push({ key, value });
  };
  add("status", draw(random, STATUS_MIX));
  add("environment", draw(random, ENVIRONMENT_MIX));
  if (random() < 0.8) add("team", pick(random, TEAMS));
  if (random() < 0.6) add("cost-center", `cc-${1000 + Math.floor(random() * 40)}`);
  if (random() < 0.7) add("os", os.tag);
  // A build stamp: a key with thousands of distinct values, as CI pipelines write them.
  if (random() < 0.5) add("build", `2025.${1 + Math.floor(random() * 12)}.${Math.floor(random() * 500)}`);
  if (random() < 0.15) add("compliance", random() < 0.5 ? "cis-level-1" : "cis-level-2");
  return tags;
}

/** Writes the accounts (with root AccessKeys), their images and the images' tags. */
export async function buildWorld(store: Store, options: WorldOptions): Promise<World> {
  const started = performance.now();
  const random = prng(options.seed);
  const sizes = accountSizes(options);
  const createdAt = "2024-01-01T00:00:00.000Z";
  const base = Date.parse(createdAt);
  const twoYearsMs = 2 * 365 * 24 * 3600 * 1000;
  let written = 0;
  let tagCount = 0;
  let golden = 0;
  const accounts: WorldAccount[] = [];

  for (const [index, size] of sizes.entries()) {
    const accountId = newAccountId();
    const displayName = index === 0 ? "image-factory" : `team-${String(index).padStart(3, "0")}`;
    const accessKeyId = newAccessKeyId();
    const accessKeySecret = newAccessKeySecret();
    await store.transaction(async (tx) => {
      await tx.accounts.insert({ id: accountId, displayName, kind: "standalone", createdAt });
      await tx.ram.accessKeys.insert({
        accessKeyId,
        accessKeySecret,
        accountId,
        owner: { type: "root" },
        status: "Active",
        createdAt,
      });
    });

    const byRegion = new Map<string, number>();
    let goldenInHome = 0;
    let newestGolden: { id: string; at: string } | undefined;
    for (let start = 0; start < size; start += options.batch) {
      const end = Math.min(size, start + options.batch);
      await store.transaction(async (tx) => {
        for (let i = start; i < end; i++) {
          // Every account has at least one golden image at home: the launch benchmark needs one.
          const forceGolden = i === 0;
          const regionId = forceGolden
            ? HOME_REGION
            : (draw(random, normalise(REGION_WEIGHTS)) ?? HOME_REGION);
          const os = pick(random, OSES);
          let tags = tagsFor(random, os);
          if (forceGolden) {
            tags = [
              ...tags.filter((t) => t.key !== "status" && t.key !== "environment"),
              { key: "status", value: "approved" },
              { key: "environment", value: "production" },
            ];
          }
          const status = (forceGolden ? "Available" : draw(random, IMAGE_STATUS_MIX)) as ImageStatus;
          const imageId = newRegionalId("image", regionId);
          const at = new Date(base + Math.floor(random() * twoYearsMs)).toISOString();
          const image: Image = {
            imageId,
            regionId,
            ownerAccountId: accountId,
            imageOwnerAlias: "self",
            imageName: `${displayName}-${os.tag}-${String(i).padStart(6, "0")}`,
            status,
            osType: os.osType,
            osName: os.osName,
            osNameEn: os.osNameEn,
            platform: os.platform,
            architecture: "x86_64",
            sizeGiB: os.sizeGiB,
            source: { type: "instance", instanceId: newRegionalId("instance", regionId) },
            createdAt: at,
            ...(status === "Deprecated" ? { deprecatedAt: at } : {}),
          };
          await tx.images.insert(image);
          if (tags.length > 0) {
            await tx.tags.set({ regionId, resourceType: "image", resourceId: imageId }, accountId, tags);
          }
          tagCount += tags.length;
          byRegion.set(regionId, (byRegion.get(regionId) ?? 0) + 1);
          const isGolden =
            tags.some((t) => t.key === "status" && t.value === "approved") &&
            tags.some((t) => t.key === "environment" && t.value === "production");
          if (isGolden) golden++;
          if (isGolden && status === "Available" && regionId === HOME_REGION) {
            goldenInHome++;
            // The launch benchmark's image must boot the x86 types it launches, as every seeded image does.
            if (newestGolden === undefined || at > newestGolden.at) newestGolden = { id: imageId, at };
          }
        }
      });
      written += end - start;
      options.onProgress?.(written);
    }
    accounts.push({
      accountId,
      displayName,
      accessKeyId,
      accessKeySecret,
      imageCount: size,
      byRegion,
      goldenInHome,
      newestGoldenInHome: (newestGolden as { id: string }).id,
    });
  }
  return {
    accounts,
    imageCount: written,
    tagCount,
    goldenShare: golden / written,
    seedMs: performance.now() - started,
  };
}

function normalise(weights: readonly (readonly [string, number])[]): Mix {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  return weights.map(([value, w]) => [value, w / total] as const);
}
