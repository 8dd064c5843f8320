import type { SecurityGroup, Vpc, VSwitch } from "../../model/index.js";
import type { Store } from "../../store/store.js";
import { parseCidr, usableRange } from "./support/cidr.js";

// Lookups of network resources as one account sees them: another account's VPC, vSwitch or
// security group is "not found", never "forbidden", so its existence does not leak.
//
// Every launch looks up its security groups (and its vSwitch, when named), which change far less
// often than they are launched into: the rows come from the store's hot cache, kept until a write
// changes the network (VPCs, vSwitches, groups). They are shared between calls: read them only.

export async function ownedVpc(store: Store, accountId: string, vpcId: string): Promise<Vpc | undefined> {
  const vpc = await store.cached(`vpc:${vpcId}`, ["network"], () => store.network.vpcs.get(vpcId));
  return vpc?.accountId === accountId ? vpc : undefined;
}

export async function ownedVSwitch(
  store: Store,
  accountId: string,
  vSwitchId: string,
): Promise<VSwitch | undefined> {
  const vSwitch = await store.cached(`vswitch:${vSwitchId}`, ["network"], () =>
    store.network.vSwitches.get(vSwitchId),
  );
  return vSwitch?.accountId === accountId ? vSwitch : undefined;
}

export async function ownedSecurityGroup(
  store: Store,
  accountId: string,
  securityGroupId: string,
): Promise<SecurityGroup | undefined> {
  const group = await store.cached(`security-group:${securityGroupId}`, ["network"], () =>
    store.network.securityGroups.get(securityGroupId),
  );
  return group?.accountId === accountId ? group : undefined;
}

/** DescribeVSwitches' `AvailableIpAddressCount`: usable addresses not held by an instance. */
export async function availableAddressCount(store: Store, vSwitch: VSwitch): Promise<number> {
  const cidr = parseCidr(vSwitch.cidrBlock);
  if (cidr === undefined) return 0;
  const used = await store.instances.count({
    accountId: vSwitch.accountId,
    regionId: vSwitch.regionId,
    vSwitchId: vSwitch.vSwitchId,
  });
  return Math.max(0, usableRange(cidr).count - used);
}
