import { randomInt } from "node:crypto";
import type { VSwitch } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { parseCidr, usableRange } from "../../vpc/support/cidr.js";

// Addresses of new instances. A private address comes from the vSwitch's usable range, lowest free
// first (as DHCP in a fresh vSwitch would hand them out). A public address, given by RunInstances
// when InternetMaxBandwidthOut > 0, is drawn from 47.96.0.0/11, a block Alibaba Cloud announces
// in mainland China, so it looks like one; nothing routes to it.

/** Up to `wanted` free private addresses of the vSwitch, ascending. */
export async function freePrivateAddresses(
  store: Store,
  vSwitch: VSwitch,
  wanted: number,
): Promise<string[]> {
  const cidr = parseCidr(vSwitch.cidrBlock);
  if (cidr === undefined || wanted <= 0) return [];
  // The private addresses the account's live instances hold in the vSwitch (as vpc/network.ts's
  // addressesInUse), read as one column rather than as the instances.
  const used = await store.instances.privateAddressesInUse({
    accountId: vSwitch.accountId,
    regionId: vSwitch.regionId,
    vSwitchId: vSwitch.vSwitchId,
  });
  const { first, last } = usableRange(cidr);
  const free: string[] = [];
  for (let address = first; address <= last && free.length < wanted; address++) {
    const text = dotted(address);
    if (!used.has(text)) free.push(text);
  }
  return free;
}

/**
 * `a.b.c.d` of an unsigned 32-bit number: cidr.ts's formatAddress, as one template. A launch formats
 * every address below the first free one, so in a full vSwitch this ran hundreds of times a call.
 */
function dotted(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** `count` public addresses unused by the account's live instances in the region and by each other. */
export async function newPublicAddresses(
  store: Store,
  accountId: string,
  regionId: string,
  count: number,
): Promise<string[]> {
  if (count <= 0) return [];
  const taken = new Set(await store.instances.publicAddressesInUse({ accountId, regionId }));
  const fresh: string[] = [];
  while (fresh.length < count) {
    const address = `47.${96 + randomInt(32)}.${randomInt(256)}.${1 + randomInt(254)}`;
    if (taken.has(address)) continue;
    taken.add(address);
    fresh.push(address);
  }
  return fresh;
}
