import { randomInt } from "node:crypto";
import type { VSwitch } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { formatAddress, parseCidr, usableRange } from "../../vpc/support/cidr.js";

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
  const range = usableRangeOf(vSwitch.cidrBlock);
  if (range === undefined || wanted <= 0) return [];
  const { first, last } = range;
  // Of the private addresses the account's live instances hold in the vSwitch, the store answers how many and the highest without reading them (it keeps
  // their count as instances change), as numbers.
  const owner = { accountId: vSwitch.accountId, regionId: vSwitch.regionId, vSwitchId: vSwitch.vSwitchId };
  const { held, highest = first - 1 } = await store.instances.privateAddressSpan({ ...owner, first, last });
  // Lowest free first, so a vSwitch fills from the bottom and its addresses held are usually
  // exactly first..highest (as many as that range holds): then the free ones start above the
  // highest and nothing below it needs a look, however many instances the vSwitch has.
  if (held === highest - first + 1) return ascending(highest + 1, last, wanted);
  // A hole left by a deleted instance: the held addresses from the bottom, a page at a time, until
  // enough holes are found below them.
  const free: string[] = [];
  let next = first;
  for (;;) {
    const page = await store.instances.heldPrivateAddresses({ ...owner, from: next, last, limit: PAGE });
    for (const address of page) {
      while (next < address && free.length < wanted) free.push(formatAddress(next++));
      if (free.length === wanted) return free;
      next = Math.max(next, address + 1);
    }
    if (page.length < PAGE) break;
  }
  return [...free, ...ascending(next, last, wanted - free.length)];
}

const PAGE = 256;

/** Up to `count` addresses from `from` to `last`, written out. */
function ascending(from: number, last: number, count: number): string[] {
  const out: string[] = [];
  for (let address = from; address <= last && out.length < count; address++) out.push(formatAddress(address));
  return out;
}

// The usable range of each vSwitch block seen, parsed once: a launch asks it every time.
const RANGES = new Map<string, { readonly first: number; readonly last: number } | undefined>();
const MAX_RANGES = 10_000;

function usableRangeOf(cidrBlock: string): { readonly first: number; readonly last: number } | undefined {
  if (RANGES.has(cidrBlock)) return RANGES.get(cidrBlock);
  const cidr = parseCidr(cidrBlock);
  const range = cidr === undefined ? undefined : usableRange(cidr);
  if (RANGES.size >= MAX_RANGES) RANGES.clear();
  RANGES.set(cidrBlock, range);
  return range;
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
