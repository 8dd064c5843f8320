// IPv4 CIDR blocks as VPC and vSwitch requests give them: parsing, containment, overlap, and the
// addresses a vSwitch hands to instances.

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefix: number;
}

const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/([0-9]|[12][0-9]|3[0-2])$`);

/** Undefined when the text is not `a.b.c.d/n` or has host bits set (`10.0.0.1/8`). */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const prefix = Number(match[5]);
  if ((address & ~maskOf(prefix)) >>> 0 !== 0) return undefined;
  return { network: address, prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `a.b.c.d` of an unsigned 32-bit number (written out plainly: launches format one each). */
export function formatAddress(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

export function size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** `inner` lies wholly inside `outer` (or is it). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.network & maskOf(outer.prefix)) >>> 0 === outer.network;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/**
 * Blocks Alibaba refuses as a VPC's CIDR block: shared address space, loopback, link-local and
 * multicast (the current CreateVpc reference), and `0.0.0.0/8`, which is no network at all.
 */
const RESERVED = [
  "0.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
].map((text) => parseCidr(text)!);

export function isReserved(cidr: Cidr): boolean {
  return RESERVED.some((reserved) => overlaps(reserved, cidr));
}

/**
 * The addresses a vSwitch gives out: Alibaba keeps the first and the last three of every vSwitch
 * block for itself (the vSwitch reference), so `192.168.1.0/24` offers `.1` to `.252`.
 */
export function usableRange(cidr: Cidr): {
  readonly first: number;
  readonly last: number;
  readonly count: number;
} {
  const first = cidr.network + 1;
  const last = cidr.network + size(cidr) - 4;
  return { first, last, count: Math.max(0, last - first + 1) };
}
