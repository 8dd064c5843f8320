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
  const range = usableRangeOf(vSwitch.cidrBlock);
  if (range === undefined || wanted <= 0) return [];
  // The private addresses the account's live instances hold in the vSwitch (as vpc/network.ts's
  // addressesInUse), read as one column rather than as the instances.
  const inUse = await store.instances.privateAddressesInUse({
    accountId: vSwitch.accountId,
    regionId: vSwitch.regionId,
    vSwitchId: vSwitch.vSwitchId,
  });
  const { first, last } = range;
  // Compared as numbers: formatting every address below the first free one, to look it up among
  // strings, cost a launch more than reading them.
  const used: number[] = [];
  let highest = first - 1;
  for (const text of inUse) {
    const address = addressNumber(text);
    if (address === undefined || address < first || address > last) continue;
    used.push(address);
    if (address > highest) highest = address;
  }
  // Lowest free first, so a vSwitch fills from the bottom and its addresses in use are usually
  // exactly first..highest (distinct numbers, so as many as that range holds): then the free ones
  // start above the highest and nothing below it needs a look. A hole left by a deleted instance
  // sends the search back to the bottom.
  const holeFree = used.length === highest - first + 1;
  const taken = holeFree ? undefined : new Set(used);
  const free: string[] = [];
  for (let address = holeFree ? highest + 1 : first; address <= last && free.length < wanted; address++) {
    if (taken?.has(address) !== true) free.push(dotted(address));
  }
  return free;
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

/**
 * The number of an address written as the allocator writes them (`a.b.c.d`, no leading zeros);
 * undefined for any other text, which then matches no address, as it did when compared as text.
 * One text per number, so distinct texts (the store answers a set) give distinct numbers.
 */
function addressNumber(text: string): number | undefined {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let octets = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : DOT;
    if (code === DOT) {
      if (digits === 0 || ++octets > 4) return undefined;
      address = address * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (code - ZERO);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? address : undefined;
}

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** `a.b.c.d` of an unsigned 32-bit number: cidr.ts's formatAddress, as one template. */
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
