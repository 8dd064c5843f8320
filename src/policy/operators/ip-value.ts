// IP addresses and CIDR blocks as condition values. Every address is held as 128 bits (four 32-bit
// words); an IPv4 address is its IPv4-mapped IPv6 form `::ffff:a.b.c.d`, and an IPv4 block `/n` the
// block `/96+n` of it. So `10.0.0.0/8` matches both `10.1.2.3` and `::ffff:10.1.2.3` (what a
// dual-stack listener reports for an IPv4 client), and `::/0` matches every address.

/** A CIDR block: the network's four words with the host bits cleared, the prefix length (0–128) and its masks. */
export interface IpBlock {
  readonly words: readonly [number, number, number, number];
  readonly prefix: number;
  readonly masks: readonly [number, number, number, number];
}

/** Reads an address (`10.0.0.1`, `2001:db8::1`, `::ffff:10.0.0.1`) into `out`; false when it is not one. */
export function readIpAddress(raw: string, out: Uint32Array): boolean {
  if (raw.includes(":")) return readIpv6(raw, out);
  const v4 = readIpv4(raw, 0, raw.length);
  if (v4 < 0) return false;
  out[0] = 0;
  out[1] = 0;
  out[2] = 0xffff;
  out[3] = v4;
  return true;
}

/** Reads an address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`); host bits are cleared. */
export function parseIpBlock(raw: string): IpBlock | undefined {
  const slash = raw.indexOf("/");
  const address = slash < 0 ? raw : raw.slice(0, slash);
  const words = new Uint32Array(4);
  if (!readIpAddress(address, words)) return undefined;
  const isV4 = !address.includes(":");
  let prefix = 128;
  if (slash >= 0) {
    const length = raw.slice(slash + 1);
    if (!/^\d{1,3}$/.test(length)) return undefined;
    const n = Number(length);
    if (n > (isV4 ? 32 : 128)) return undefined;
    prefix = isV4 ? 96 + n : n;
  }
  const masks: [number, number, number, number] = [
    wordMask(prefix, 0),
    wordMask(prefix, 1),
    wordMask(prefix, 2),
    wordMask(prefix, 3),
  ];
  return {
    words: [
      ((words[0] as number) & masks[0]) >>> 0,
      ((words[1] as number) & masks[1]) >>> 0,
      ((words[2] as number) & masks[2]) >>> 0,
      ((words[3] as number) & masks[3]) >>> 0,
    ],
    prefix,
    masks,
  };
}

/** True when the address in `address` lies in `block`; the last word first, where addresses differ most. */
export function blockContains(block: IpBlock, address: Uint32Array): boolean {
  const { words, masks } = block;
  return (
    ((address[3] as number) & masks[3]) >>> 0 === words[3] &&
    ((address[2] as number) & masks[2]) >>> 0 === words[2] &&
    ((address[1] as number) & masks[1]) >>> 0 === words[1] &&
    ((address[0] as number) & masks[0]) >>> 0 === words[0]
  );
}

function wordMask(prefix: number, word: number): number {
  const bits = prefix - word * 32;
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

// Dotted quad in raw[from, to): four decimal parts 0–255 without leading zeros (`010` is octal to some
// tools and decimal to others, so it is refused). Returns the 32-bit value, or -1.
function readIpv4(raw: string, from: number, to: number): number {
  let value = 0;
  let parts = 0;
  let i = from;
  while (parts < 4) {
    const start = i;
    let part = 0;
    while (i < to) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) break;
      part = part * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || part > 255 || (digits > 1 && raw.charCodeAt(start) === 48)) return -1;
    value = value * 256 + part;
    parts++;
    if (parts < 4) {
      if (i >= to || raw.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === to ? value : -1;
}

function readIpv6(raw: string, out: Uint32Array): boolean {
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  const n = raw.length;
  if (raw.startsWith("::")) {
    gap = 0;
    i = 2;
  } else if (raw.charCodeAt(0) === 58) {
    return false;
  }
  while (i < n) {
    const start = i;
    let group = 0;
    while (i < n && i - start < 5) {
      const h = hexValue(raw.charCodeAt(i));
      if (h < 0) break;
      group = group * 16 + h;
      i++;
    }
    if (i < n && raw.charCodeAt(i) === 46) {
      // An embedded IPv4 tail (`::ffff:1.2.3.4`) takes the last two groups.
      const v4 = readIpv4(raw, start, n);
      if (v4 < 0) return false;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4) return false;
    groups.push(group);
    if (i === n) break;
    if (raw.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && raw.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = groups.length;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  if (groups.length > 8 || (gap < 0 && groups.length !== 8) || (gap >= 0 && groups.length > 7)) return false;
  const full = new Array<number>(8).fill(0);
  if (gap < 0) {
    for (let g = 0; g < 8; g++) full[g] = groups[g] as number;
  } else {
    for (let g = 0; g < gap; g++) full[g] = groups[g] as number;
    const tail = groups.length - gap;
    for (let g = 0; g < tail; g++) full[8 - tail + g] = groups[gap + g] as number;
  }
  for (let w = 0; w < 4; w++) out[w] = ((full[2 * w] as number) * 65536 + (full[2 * w + 1] as number)) >>> 0;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
