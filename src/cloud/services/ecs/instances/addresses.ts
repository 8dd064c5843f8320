import { randomInt } from "node:crypto";
import type { Instance, VSwitch } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { formatAddress, parseCidr, usableRange } from "../../vpc/support/cidr.js";
import { addressesInUse } from "../../vpc/network.js";

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
  const used = await addressesInUse(store, vSwitch);
  const { first, last } = usableRange(cidr);
  const free: string[] = [];
  for (let address = first; address <= last && free.length < wanted; address++) {
    const text = formatAddress(address);
    if (!used.has(text)) free.push(text);
  }
  return free;
}

/** `count` public addresses unused by `existing` and by each other. */
export function newPublicAddresses(existing: readonly Instance[], count: number): string[] {
  const taken = new Set(
    existing.map((instance) => instance.publicIpAddress).filter((ip) => ip !== undefined),
  );
  const fresh: string[] = [];
  while (fresh.length < count) {
    const address = `47.${96 + randomInt(32)}.${randomInt(256)}.${1 + randomInt(254)}`;
    if (taken.has(address)) continue;
    taken.add(address);
    fresh.push(address);
  }
  return fresh;
}
