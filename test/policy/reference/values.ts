// The reference readers for condition values: numbers, dates, booleans, IP addresses and CIDR
// blocks, each written out by hand from spec §4 (no Date.parse, no net module, no engine code).
// Every reader returns `undefined` for a value it cannot read.

// ---------------------------------------------------------------------------------------------
// Numbers: `Number()` is only trusted on text that looks like a decimal number, because on its
// own it reads "", " 1 ", "0x10", "1_0"... too generously.

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function refReadNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates: ISO 8601. Accepted, as the engine documents in src/policy/operators/date-value.ts:
// `2019-08-12T17:00:00+08:00` / `...Z`, optional fraction, optional seconds (`T17:00+08:00`), the
// offset also as `+0800`; a date alone (`2019-08-12`) is midnight UTC. A date-time without an offset
// is refused. The instant is returned in nanoseconds since the epoch, as a BigInt, so equal instants
// written with different offsets compare equal exactly.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

export function refReadDate(text: string): bigint | undefined {
  const dateOnly = DATE_ONLY.exec(text);
  const m = dateOnly ?? DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = dateOnly ? 0 : Number(m[4]);
  const minute = dateOnly ? 0 : Number(m[5]);
  const second = dateOnly || m[6] === undefined ? 0 : Number(m[6]);
  const frac = dateOnly ? undefined : m[7];
  const offset = dateOnly ? "Z" : m[8]!;
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (offset !== "Z") {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const days = daysFromCivil(year, month, day);
  const seconds = BigInt(days) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  const nanos = frac === undefined ? 0n : BigInt(frac.padEnd(9, "0"));
  return seconds * 1_000_000_000n + nanos;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, counted one day at a time per year and month. */
function daysFromCivil(year: number, month: number, day: number): number {
  let days = 0;
  if (year >= 1970) {
    for (let y = 1970; y < year; y++) days += isLeapYear(y) ? 366 : 365;
  } else {
    for (let y = year; y < 1970; y++) days -= isLeapYear(y) ? 366 : 365;
  }
  for (let mo = 1; mo < month; mo++) days += daysInMonth(year, mo);
  return days + day - 1;
}

// ---------------------------------------------------------------------------------------------
// Booleans: the policy side is exactly `true` or `false` (validation sees to it); the context
// side's case is forgiven (engine decision, src/policy/operators/bool.ts); anything else is unreadable.

export function refReadBool(text: string): boolean | undefined {
  if (text.toLowerCase() === "true") return true;
  if (text.toLowerCase() === "false") return false;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDR blocks, as 128-bit BigInts. An IPv4 address is its IPv4-mapped IPv6 address
// `::ffff:a.b.c.d` and an IPv4 block `/n` the block `/96+n` of it (engine decision, documented in
// src/policy/operators/ip-value.ts: `10.0.0.0/8` matches `::ffff:10.1.2.3`, `::/0` matches everything).

const IPV4_MAPPED = 0xffffn << 32n;

/** A 128-bit address. */
export type RefIp = bigint;

export interface RefCidr {
  readonly value: bigint;
  /** 0–128, in the 128-bit space. */
  readonly prefix: number;
}

export function refReadIp(text: string): RefIp | undefined {
  const v4 = readIpv4(text);
  if (v4 !== undefined) return IPV4_MAPPED | v4;
  return readIpv6(text);
}

/** `a.b.c.d/n`, `x::y/n`, or a bare address (a block of one). */
export function refReadCidr(text: string): RefCidr | undefined {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const v4 = readIpv4(addressText);
  const value = v4 !== undefined ? IPV4_MAPPED | v4 : readIpv6(addressText);
  if (value === undefined) return undefined;
  if (slash < 0) return { value, prefix: 128 };
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (v4 !== undefined ? 32 : 128)) return undefined;
  return { value, prefix: v4 !== undefined ? 96 + prefix : prefix };
}

export function refCidrContains(block: RefCidr, ip: RefIp): boolean {
  const hostBits = BigInt(128 - block.prefix);
  return block.value >> hostBits === ip >> hostBits;
}

function readIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256n + BigInt(octet);
  }
  return value;
}

function readIpv6(text: string): bigint | undefined {
  // An embedded IPv4 address may stand for the last two groups (`::ffff:10.0.0.1`).
  let groupsText = text;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    const v4 = readIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    groupsText = text.slice(0, lastColon + 1) + "0"; // placeholder group, removed below
  }
  const halves = groupsText.split("::");
  if (halves.length > 2) return undefined;
  const readGroups = (s: string): bigint[] | undefined => {
    if (s === "") return [];
    const out: bigint[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  let groups: bigint[];
  if (halves.length === 2) {
    const head = readGroups(halves[0]!);
    let rest = readGroups(halves[1]!);
    if (!head || !rest) return undefined;
    if (tail.length > 0) rest = [...rest.slice(0, -1), ...tail];
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<bigint>(missing).fill(0n), ...rest];
  } else {
    let all = readGroups(halves[0]!);
    if (!all) return undefined;
    if (tail.length > 0) all = [...all.slice(0, -1), ...tail];
    if (all.length !== 8) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = value * 65536n + g;
  return value;
}
