import { invalidRegionId } from "../../http/index.js";
import { findRegion, newRegionalId } from "../../model/index.js";
import type { Region, SecurityGroup, Vpc, VSwitch } from "../../model/index.js";
import type { Store } from "../../store/store.js";
import { contains, formatCidr, overlaps, parseCidr, size, type Cidr } from "./support/cidr.js";
import { listAll } from "./support/paging.js";
import { DEFAULT_NETWORK } from "./limits.js";

// Every account has, in every region, a default VPC with a default vSwitch in each zone, and a
// default security group in that VPC: what Alibaba creates the first time an account launches an
// instance without naming a network. The local cloud makes them on first use instead, so
// RunInstances without a VSwitchId, and DescribeVpcs on a fresh account, behave as they do for an
// account that has used the region before.

export interface DefaultNetwork {
  readonly vpc: Vpc;
  /** The default vSwitch of each zone, by zone id. */
  readonly vSwitches: ReadonlyMap<string, VSwitch>;
  readonly securityGroup: SecurityGroup;
}

/**
 * Creates whatever of the account's default network in `regionId` is missing (all of it on first
 * use) and returns it. Idempotent; run it inside the caller's transaction. A default VPC that lost
 * its security group gets a new one: "default" is how the local cloud finds it again.
 *
 * Every launch without a vSwitch asks this, and reading the VPC, its vSwitches and its groups cost
 * more than the launch's own writes, so the answer comes from the store's hot cache while no write
 * changed the network. The cache takes the network's version before it calls the reader, so an
 * answer whose reader had to create something is stale at once and read again next time: only a
 * network found complete is kept, and the creating is done by the caller's transaction, in which the
 * reader runs. The answer is shared between calls (DefaultNetwork is read-only).
 */
export async function ensureDefaultNetwork(
  store: Store,
  accountId: string,
  regionId: string,
  now: Date,
): Promise<DefaultNetwork> {
  const region = findRegion(regionId);
  if (region === undefined) throw invalidRegionId();
  return store.cached(`default-network:${accountId}:${regionId}`, ["network"], () =>
    readOrCreate(store, accountId, region, now),
  );
}

async function readOrCreate(
  store: Store,
  accountId: string,
  region: Region,
  now: Date,
): Promise<DefaultNetwork> {
  const regionId = region.regionId;
  const createdAt = now.toISOString();

  let vpc = await store.network.vpcs.getDefault(accountId, regionId);
  if (vpc === undefined) {
    vpc = {
      vpcId: newRegionalId("vpc", regionId),
      accountId,
      regionId,
      cidrBlock: DEFAULT_NETWORK.vpcCidr,
      isDefault: true,
      status: "Available",
      vRouterId: newRegionalId("vrouter", regionId),
      createdAt,
    };
    await store.network.vpcs.insert(vpc);
  }
  const vpcId = vpc.vpcId;

  const inVpc = await listAll((paging) =>
    store.network.vSwitches.list({ accountId, regionId, vpcId }, paging),
  );
  // In the region's zone order, so "the first zone" means the same thing to every caller.
  const vSwitches = new Map<string, VSwitch>();
  const taken: Cidr[] = inVpc.map((vSwitch) => parseCidr(vSwitch.cidrBlock)).filter((c) => c !== undefined);
  const vpcCidr = parseCidr(vpc.cidrBlock);
  for (const zone of region.zones) {
    const existing = inVpc.find((vSwitch) => vSwitch.isDefault && vSwitch.zoneId === zone.zoneId);
    if (existing !== undefined) {
      vSwitches.set(zone.zoneId, existing);
      continue;
    }
    const block =
      vpcCidr === undefined ? undefined : freeBlock(vpcCidr, DEFAULT_NETWORK.vSwitchPrefix, taken);
    // A VPC whose block is used up gets no default vSwitch in the remaining zones; launches there
    // then need an explicit VSwitchId, as they would on Alibaba.
    if (block === undefined) continue;
    const vSwitch: VSwitch = {
      vSwitchId: newRegionalId("vswitch", regionId),
      accountId,
      regionId,
      vpcId,
      zoneId: zone.zoneId,
      cidrBlock: formatCidr(block),
      isDefault: true,
      status: "Available",
      createdAt,
    };
    await store.network.vSwitches.insert(vSwitch);
    taken.push(block);
    vSwitches.set(zone.zoneId, vSwitch);
  }

  const groups = await listAll((paging) =>
    store.network.securityGroups.list({ accountId, regionId, vpcId }, paging),
  );
  let securityGroup = groups.find(isDefaultSecurityGroup);
  if (securityGroup === undefined) {
    securityGroup = {
      securityGroupId: newRegionalId("securitygroup", regionId),
      accountId,
      regionId,
      vpcId,
      securityGroupName: DEFAULT_NETWORK.securityGroupName,
      description: DEFAULT_NETWORK.securityGroupDescription,
      securityGroupType: "normal",
      createdAt,
    };
    await store.network.securityGroups.insert(securityGroup);
  }
  return { vpc, vSwitches, securityGroup };
}

export function isDefaultSecurityGroup(group: SecurityGroup): boolean {
  return (
    group.securityGroupName === DEFAULT_NETWORK.securityGroupName &&
    group.description === DEFAULT_NETWORK.securityGroupDescription
  );
}

/** The first block of `prefix` bits inside `outer` that overlaps none of `taken`. */
function freeBlock(outer: Cidr, prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  if (prefix < outer.prefix) return undefined;
  const step = 2 ** (32 - prefix);
  for (let network = outer.network; network < outer.network + size(outer); network += step) {
    const candidate = { network, prefix };
    if (contains(outer, candidate) && !taken.some((block) => overlaps(block, candidate))) return candidate;
  }
  return undefined;
}
