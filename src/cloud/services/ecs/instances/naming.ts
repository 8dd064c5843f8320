import type { CloudError } from "../../../http/index.js";
import type { OsType } from "../../../model/index.js";
import { ECS_NAME, followsRule } from "../../vpc/support/names.js";
import {
  hostNameMalformed,
  hostNameTooLongForSuffix,
  instanceNameCustomMalformed,
  instanceNameMalformed,
  instanceNameTooLongForSuffix,
} from "./errors.js";

// Instance names and hostnames of a batch (RunInstances), after Alibaba's "Set sequential instance
// names or hostnames in batch":
// - `name_prefix[begin_number,bits]name_suffix` numbers the instances from begin_number (0..999999,
//   default 0), zero-padded to bits digits (1..6, default 6; 6 when begin_number has more digits);
//   the bracket may be written [], [,], [m,], [,n] or [m,n]. Without a prefix the text is an
//   ordinary name (and the brackets make it invalid).
// - `UniqueSuffix=true` appends 001, 002, … instead; it is ignored when the name is numbered with
//   brackets ([decision]: Alibaba documents this for a pattern without name_suffix and says nothing
//   of one with it).
// - A hostname may contain `${instance_id}`, replaced by the instance's id.

interface Sequence {
  readonly prefix: string;
  readonly begin: number;
  readonly bits: number;
  readonly suffix: string;
}

function parseSequence(name: string, malformed: () => CloudError): Sequence | undefined {
  if (!name.includes("[") && !name.includes("]")) return undefined;
  const match = /^([^[\]]*)\[([^[\]]*)\]([^[\]]*)$/.exec(name);
  if (match === null) throw malformed();
  const [, prefix = "", inner = "", suffix = ""] = match;
  // "This naming rule requires a prefix. If you omit the prefix, the system treats the name as a
  // regular name": the caller's validation of the plain name then refuses the brackets.
  if (prefix === "") return undefined;
  const parts = /^(?:|([0-9]*),([0-9]*))$/.exec(inner);
  if (parts === null) throw malformed();
  const beginText = parts[1] ?? "";
  const bitsText = parts[2] ?? "";
  if (beginText.length > 6 || bitsText.length > 1) throw malformed();
  const begin = beginText === "" ? 0 : Number(beginText);
  let bits = bitsText === "" ? 6 : Number(bitsText);
  if (bits < 1 || bits > 6) throw malformed();
  if (String(begin).length > bits) bits = 6;
  return { prefix, begin, bits, suffix };
}

function numbered(sequence: Sequence, index: number): string {
  return `${sequence.prefix}${String(sequence.begin + index).padStart(sequence.bits, "0")}${sequence.suffix}`;
}

const SUFFIX_DIGITS = 3;

/** The names of `count` instances, or undefined when the request gives none. */
function expand(
  raw: string | undefined,
  count: number,
  uniqueSuffix: boolean,
  errors: { readonly malformed: () => CloudError; readonly tooLongForSuffix: () => CloudError },
  maxLength: number,
): string[] | undefined {
  if (raw === undefined || raw === "") return undefined;
  const sequence = parseSequence(raw, errors.malformed);
  if (sequence !== undefined) return Array.from({ length: count }, (_, i) => numbered(sequence, i));
  if (!uniqueSuffix) return Array.from({ length: count }, () => raw);
  if ([...raw].length + SUFFIX_DIGITS > maxLength) throw errors.tooLongForSuffix();
  return Array.from({ length: count }, (_, i) => `${raw}${String(i + 1).padStart(SUFFIX_DIGITS, "0")}`);
}

/**
 * A function from (index in the batch, instance id) to the instance's name. Without InstanceName
 * an instance is named after its id (Alibaba's default).
 */
export function instanceNamer(
  raw: string | undefined,
  count: number,
  uniqueSuffix: boolean,
): (index: number, instanceId: string) => string {
  const names = expand(
    raw,
    count,
    uniqueSuffix,
    { malformed: instanceNameCustomMalformed, tooLongForSuffix: instanceNameTooLongForSuffix },
    ECS_NAME.max,
  );
  for (const name of names ?? []) if (!followsRule(name, ECS_NAME)) throw instanceNameMalformed();
  return (index, instanceId) => names?.[index] ?? instanceId;
}

/** A single instance's name (CreateInstance: no numbering). */
export function singleInstanceName(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!followsRule(raw, ECS_NAME)) throw instanceNameMalformed();
  return raw;
}

const HOST_LIMITS: Readonly<Record<OsType, { readonly min: number; readonly max: number }>> = {
  linux: { min: 2, max: 64 },
  windows: { min: 2, max: 15 },
};

/** Alibaba's hostname rules, which depend on the operating system. */
function isValidHostName(name: string, osType: OsType): boolean {
  const { min, max } = HOST_LIMITS[osType];
  if (name.length < min || name.length > max) return false;
  if (/^[.-]|[.-]$|\.\.|--/.test(name)) return false;
  if (osType === "windows") return /^[A-Za-z0-9-]+$/.test(name) && !/^[0-9]+$/.test(name);
  return /^[A-Za-z0-9.-]+$/.test(name);
}

/** Alibaba's default hostname: `iZ<id without i->Z`, shortened to 15 characters for Windows. */
function defaultHostName(instanceId: string, osType: OsType): string {
  const body = instanceId.replace(/^i-/, "");
  return osType === "windows" ? `iZ${body.slice(0, 12)}Z` : `iZ${body}Z`;
}

/** A function from (index, instance id) to the hostname; checked for every instance of the batch. */
export function hostNamer(
  raw: string | undefined,
  count: number,
  uniqueSuffix: boolean,
  osType: OsType,
): (index: number, instanceId: string) => string {
  const names = expand(
    raw,
    count,
    uniqueSuffix,
    { malformed: hostNameMalformed, tooLongForSuffix: hostNameTooLongForSuffix },
    HOST_LIMITS[osType].max,
  );
  // `${instance_id}` is checked with an id-shaped stand-in, so a bad name fails before ids are made.
  const sample = "i-bp1234567890abcdefgh";
  for (const name of names ?? []) {
    if (!isValidHostName(withInstanceId(name, sample), osType)) throw hostNameMalformed();
  }
  return (index, instanceId) => {
    const name = names?.[index];
    return name === undefined ? defaultHostName(instanceId, osType) : withInstanceId(name, instanceId);
  };
}

function withInstanceId(name: string, instanceId: string): string {
  return name.split("${instance_id}").join(instanceId);
}
