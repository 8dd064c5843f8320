// Builders for store rows with valid defaults: a test names only what it is about.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  Account,
  Image,
  Instance,
  SecurityGroup,
  Vpc,
  VSwitch,
} from "../../../src/cloud/model/index.js";
import { openSqliteStore, type ExecutedQuery, type Store } from "../../../src/cloud/store/index.js";

const EPOCH = Date.UTC(2024, 0, 1);

/** A fixed instant `seconds` after 2024-01-01T00:00:00Z, as the store keeps times. */
export function at(seconds: number): string {
  return new Date(EPOCH + seconds * 1000).toISOString();
}

export const REGION = "cn-hangzhou";
/** The account writer-process.ts writes to. */
export const COUNTER_ACCOUNT = "1000000000000001";
export const TAGS_PER_INSTANCE = 3;
export const ZONE = "cn-hangzhou-h";

export function account(id: string, overrides: Partial<Account> = {}): Account {
  return { id, displayName: `account ${id}`, kind: "standalone", createdAt: at(0), ...overrides };
}

export function customImage(imageId: string, ownerAccountId: string, overrides: Partial<Image> = {}): Image {
  return {
    imageId,
    regionId: REGION,
    ownerAccountId,
    imageOwnerAlias: "self",
    imageName: `image ${imageId}`,
    status: "Available",
    osType: "linux",
    osName: "Ubuntu  22.04 64位",
    osNameEn: "Ubuntu  22.04 64 bit",
    platform: "Ubuntu",
    architecture: "x86_64",
    sizeGiB: 20,
    source: { type: "instance", instanceId: "i-source" },
    createdAt: at(100),
    ...overrides,
  };
}

export function systemImage(imageId: string, overrides: Partial<Image> = {}): Image {
  return {
    imageId,
    regionId: REGION,
    imageOwnerAlias: "system",
    imageName: imageId,
    status: "Available",
    osType: "linux",
    osName: "Alibaba Cloud Linux  3 64位",
    osNameEn: "Alibaba Cloud Linux  3 64 bit",
    platform: "Aliyun",
    architecture: "x86_64",
    sizeGiB: 20,
    createdAt: at(0),
    ...overrides,
  };
}

export function vpc(vpcId: string, accountId: string, overrides: Partial<Vpc> = {}): Vpc {
  return {
    vpcId,
    accountId,
    regionId: REGION,
    cidrBlock: "172.16.0.0/12",
    isDefault: false,
    status: "Available",
    vRouterId: `vrt-${vpcId}`,
    createdAt: at(10),
    ...overrides,
  };
}

export function vSwitch(
  vSwitchId: string,
  vpcId: string,
  accountId: string,
  overrides: Partial<VSwitch> = {},
): VSwitch {
  return {
    vSwitchId,
    accountId,
    regionId: REGION,
    vpcId,
    zoneId: ZONE,
    cidrBlock: "172.16.0.0/24",
    isDefault: false,
    status: "Available",
    createdAt: at(11),
    ...overrides,
  };
}

export function securityGroup(
  securityGroupId: string,
  vpcId: string,
  accountId: string,
  overrides: Partial<SecurityGroup> = {},
): SecurityGroup {
  return {
    securityGroupId,
    accountId,
    regionId: REGION,
    vpcId,
    securityGroupType: "normal",
    createdAt: at(12),
    ...overrides,
  };
}

export function instance(instanceId: string, accountId: string, overrides: Partial<Instance> = {}): Instance {
  const imageId = overrides.imageId ?? "m-golden";
  return {
    instanceId,
    accountId,
    regionId: REGION,
    zoneId: ZONE,
    instanceName: `instance ${instanceId}`,
    status: "Running",
    instanceType: "ecs.g7.large",
    imageId,
    vpcId: "vpc-1",
    vSwitchId: "vsw-1",
    securityGroupIds: ["sg-1"],
    instanceChargeType: "PostPaid",
    internetMaxBandwidthOut: 0,
    systemDisk: { diskId: `d-${instanceId}`, category: "cloud_essd", sizeGiB: 40, imageId },
    deletionProtection: false,
    createdAt: at(1000),
    ...overrides,
  };
}

/** An address as the store's address answers give it: an unsigned 32-bit number. */
export function ipNumber(text: string): number {
  return text.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** The dotted text of an unsigned 32-bit address, the way `ipNumber` reads it back. */
export function dotted(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Every item of a token-paged listing, walking NextToken to the end. */
export async function allPages<T>(
  page: (nextToken: string | undefined) => Promise<{ items: readonly T[]; nextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const result = await page(token);
    items.push(...result.items);
    token = result.nextToken;
    if (token === undefined) return items;
  }
  throw new Error("paging did not end");
}

/**
 * A SQLite store in a file of a new temporary directory named from `prefix`, with `onQuery` told of
 * every statement; `dispose` closes it and deletes the directory.
 */
export async function openTempStore(
  prefix: string,
  options: { onQuery?: (query: ExecutedQuery) => void } = {},
): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openSqliteStore({
    file: join(dir, "store.sqlite"),
    masterKey: randomBytes(32),
    ...(options.onQuery === undefined ? {} : { onQuery: options.onQuery }),
  });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
