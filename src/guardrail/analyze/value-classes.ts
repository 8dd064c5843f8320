// Representative values of one condition key. The engine's operators cut a key's domain into
// finitely many classes fixed by the constants the policies compare it with: two values in one
// class make every condition on the key come out the same, so one value per class is enough.
//
// - String operators: the classes are the combinations of automaton states strings reach
//   (automaton.ts), found by a breadth-first walk; constants and `StringLike` witnesses fall out.
// - Numeric and Date operators: sorted constants cut the line into points and open intervals; each
//   constant, a point below the least, one between each neighbouring pair and one above the
//   greatest cover them.
// - IpAddress: each block is an interval of 128-bit addresses; its ends and the addresses just
//   outside them cover every class.
// - Bool: `true`, `false`.
// - Every family: one value no operator can read (fails closed), and — where the key may be
//   missing — "absent", which the caller adds.
// The families read disjoint sets of strings (a number is never a date or an address), so their
// representatives combine without loss. A key compared both as a string and as a number, date,
// address or boolean is the one case where classes of the two kinds intersect in ways the walk does
// not search; it is reported as a limit rather than silently treated as covered.
import { conditionOperators } from "../../policy/index.js";
import type { ConditionClause } from "../../policy/index.js";
import { accepts, exactAutomaton, explore, startState, wildcardAutomaton } from "./automaton.js";
import type { Automaton } from "./automaton.js";

export interface ValueClassOptions {
  /** Constants to separate besides the policies' own: golden values, trusted owners. */
  readonly extraConstants?: readonly string[];
  readonly preferred?: readonly string[];
  readonly nonEmpty?: boolean;
  /**
   * The value is always well-formed for its operators (the cloud writes `acs:CurrentTime`,
   * `acs:SourceIp`, `acs:SecureTransport` itself): no unreadable representative.
   */
  readonly readableOnly?: boolean;
  /** Only dates at or after this instant (requests are made from now on). */
  readonly notBefore?: Date;
  readonly maxStates: number;
}

export interface ValueClasses {
  readonly values: readonly string[];
  /** Why these values may not cover every class (empty when they provably do). */
  readonly limits: readonly string[];
  readonly capped: boolean;
}

/** Automata for the string tests of `clauses` (one per policy value) and for `extra` constants. */
export function stringAutomata(
  clauses: readonly ConditionClause[],
  extra: readonly string[] = [],
): Automaton[] {
  const automata: Automaton[] = [];
  const seen = new Set<string>();
  const add = (kind: string, value: string, make: () => Automaton): void => {
    const key = `${kind}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    automata.push(make());
  };
  for (const clause of clauses) {
    const family = conditionOperators[clause.operator].family;
    if (family !== "String") continue;
    const like = clause.operator === "StringLike" || clause.operator === "StringNotLike";
    const ignoreCase = clause.operator.endsWith("IgnoreCase");
    for (const value of clause.values) {
      if (like) add("like", value, () => wildcardAutomaton(value));
      else if (ignoreCase) add("ci", value, () => exactAutomaton(value, true));
      else add("eq", value, () => exactAutomaton(value));
    }
  }
  for (const value of extra) add("eq", value, () => exactAutomaton(value));
  return automata;
}

export function valueClasses(clauses: readonly ConditionClause[], options: ValueClassOptions): ValueClasses {
  const families = new Set(clauses.map((clause) => conditionOperators[clause.operator].family));
  const values: string[] = [];
  const limits: string[] = [];
  const add = (value: string): void => {
    if (options.nonEmpty === true && value === "") return;
    if (!values.includes(value)) values.push(value);
  };

  const automata = stringAutomata(clauses, options.extraConstants);
  const preferred = [...(options.preferred ?? []), ...(options.extraConstants ?? [])];
  for (const clause of clauses)
    if (conditionOperators[clause.operator].family === "String")
      preferred.push(...clause.values.filter((v) => !/[*?]/.test(v)));
  const walk = explore(
    automata.map((automaton) => ({ automaton, from: startState(automaton) })),
    {
      preferred,
      ...(options.nonEmpty === undefined ? {} : { nonEmpty: options.nonEmpty }),
      maxStates: options.maxStates,
    },
  );
  const walked = automata.length > 0 || clauses.length === 0 ? walk.witnesses : [];
  // A whole value is judged only by which tests accept it: one witness per acceptance vector
  // (the walk's states also tell prefixes apart, which matters only inside a longer string).
  const vectors = new Set<string>();
  for (const witness of walked) {
    const vector = witness.states
      .map((state, i) => (accepts(automata[i] as Automaton, state) ? "1" : "0"))
      .join("");
    if (vectors.has(vector)) continue;
    vectors.add(vector);
    add(witness.text);
  }

  const numeric = clauses.filter((clause) => conditionOperators[clause.operator].family === "Numeric");
  const dates = clauses.filter((clause) => conditionOperators[clause.operator].family === "Date");
  const ips = clauses.filter((clause) => conditionOperators[clause.operator].family === "Ip");
  if (numeric.length > 0) numericRepresentatives(numeric).forEach(add);
  if (dates.length > 0) {
    const result = dateRepresentatives(dates);
    result.values.forEach(add);
    limits.push(...result.limits);
  }
  if (ips.length > 0) ipRepresentatives(ips).forEach(add);
  if (families.has("Bool")) ["true", "false"].forEach(add);
  // A value no operator reads: the string walk's fresh witness is one unless the key has only
  // non-string tests, and then it must be added.
  if (families.size > 0 && !families.has("String") && options.readableOnly !== true) add("not-a-value");
  if (options.notBefore !== undefined) {
    // The class that holds `notBefore` is represented by it, every later class by its own value;
    // earlier classes cannot occur. A value that is no date stays unless values are well-formed.
    const start = options.notBefore.toISOString();
    const from = options.notBefore.getTime();
    const kept = values.filter((value) => {
      const ms = parseDateMs(value);
      return ms === undefined ? options.readableOnly !== true : ms >= from && value !== start;
    });
    values.length = 0;
    values.push(start, ...kept);
  }

  if (families.has("String") && families.size > 1) {
    limits.push(
      `compared both as a string and as ${[...families].filter((f) => f !== "String").join(", ")}: classes where the two kinds of test intersect are not searched`,
    );
  }
  return { values, limits, capped: walk.capped };
}

// ---------------------------------------------------------------------------------------------
// Numbers: the engine reads `[+-]digits[.digits][e±digits]` with Number().

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numericRepresentatives(clauses: readonly ConditionClause[]): string[] {
  const raw = clauses.flatMap((clause) => clause.values);
  const points = [...new Set(raw.filter((v) => NUMBER.test(v)).map(Number))]
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return [...raw, ...between(points, 1).map(formatNumber)];
}

function formatNumber(n: number): string {
  return String(n);
}

/** A point below the least, between each neighbouring pair (when one exists), above the greatest. */
function between(points: readonly number[], step: number): number[] {
  if (points.length === 0) return [];
  const out: number[] = [(points[0] as number) - step];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    const middle = a + (b - a) / 2;
    if (middle > a && middle < b) out.push(middle);
  }
  out.push((points[points.length - 1] as number) + step);
  return out.filter(Number.isFinite);
}

// ---------------------------------------------------------------------------------------------
// Dates: ISO 8601 with an offset, or a bare date (midnight UTC), as the engine reads them.

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export function parseDateMs(raw: string): number | undefined {
  const m = DATE.exec(raw);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let ms = daysFromCivil(year, month, day) * 86_400_000;
  if (m[4] !== undefined) {
    ms += ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6] ?? 0)) * 1000;
    if (m[7] !== undefined) ms += Number(`0.${m[7]}`) * 1000;
    const zone = m[8] as string;
    if (zone !== "Z") {
      const digits = zone.replace(":", "");
      const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
      ms += zone.startsWith("-") ? offset : -offset;
    }
  }
  return ms;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), as the engine
// counts them; `Date.UTC` would read years 0–99 as 1900–1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function dateRepresentatives(clauses: readonly ConditionClause[]): { values: string[]; limits: string[] } {
  const raw = clauses.flatMap((clause) => clause.values);
  const parsed = raw.map(parseDateMs).filter((ms): ms is number => ms !== undefined);
  const limits: string[] = [];
  if (parsed.some((ms) => !Number.isInteger(ms))) {
    limits.push("a date constant has a sub-millisecond fraction: classes are searched at millisecond steps");
  }
  const points = [...new Set(parsed.map(Math.round))].sort((a, b) => a - b);
  const values = [...raw];
  for (const ms of between(points, 1)) {
    const whole = Math.floor(ms);
    if (whole >= -62_167_219_200_000 && whole <= 253_402_300_799_999)
      values.push(new Date(whole).toISOString());
  }
  return { values, limits };
}

// ---------------------------------------------------------------------------------------------
// IP addresses as 128-bit numbers; IPv4 is its IPv4-mapped form `::ffff:a.b.c.d`, as the engine holds it.

const MAX_ADDRESS = (1n << 128n) - 1n;
const V4_MAPPED = 0xffffn << 32n;

function ipRepresentatives(clauses: readonly ConditionClause[]): string[] {
  const out: string[] = [];
  for (const raw of clauses.flatMap((clause) => clause.values)) {
    const block = parseIpBlock(raw);
    if (block === undefined) continue;
    for (const point of [block.low - 1n, block.low, block.high, block.high + 1n]) {
      if (point >= 0n && point <= MAX_ADDRESS) out.push(formatAddress(point));
    }
  }
  return out;
}

export function parseIpBlock(raw: string): { low: bigint; high: bigint } | undefined {
  const slash = raw.indexOf("/");
  const text = slash < 0 ? raw : raw.slice(0, slash);
  const v4 = !text.includes(":");
  const address = v4 ? parseV4(text) : parseV6(text);
  if (address === undefined) return undefined;
  const full = v4 ? V4_MAPPED | address : address;
  const prefix = slash < 0 ? 128 : (v4 ? 96 : 0) + Number(raw.slice(slash + 1));
  const hostBits = BigInt(128 - prefix);
  const low = (full >> hostBits) << hostBits;
  return { low, high: low + (1n << hostBits) - 1n };
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(text: string): bigint | undefined {
  let groups: string[];
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  let head = text;
  if (last.includes(".")) {
    tail = parseV4(last);
    if (tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const gap = head.indexOf("::");
  if (gap >= 0) {
    const left = head
      .slice(0, gap)
      .split(":")
      .filter((g) => g !== "");
    const right = head
      .slice(gap + 2)
      .split(":")
      .filter((g) => g !== "");
    groups = [...left, ...new Array<string>(8 - left.length - right.length).fill("0"), ...right];
  } else {
    groups = head.split(":");
  }
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  let value = groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail !== undefined) value = ((value >> 32n) << 32n) | tail;
  return value;
}

export function formatAddress(value: bigint): string {
  if (value >> 32n === 0xffffn) {
    const v4 = value & 0xffffffffn;
    return [24n, 16n, 8n, 0n].map((shift) => String((v4 >> shift) & 0xffn)).join(".");
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(":");
}
