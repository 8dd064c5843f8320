import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { findRegion } from "./regions.js";

// Identifier formats of Alibaba Cloud, so ids made by the local cloud look like the real ones (and
// pass the SDKs' and users' own format checks). Only the services mint ids; the store keeps them.

const DIGITS = "0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function numericId(length: number): string {
  return String(1 + randomInt(9)) + randomFrom(DIGITS, length - 1);
}

/**
 * 16 digits, e.g. `1234567890123456`, led by 1–8: the SDK models type some owner ids as numbers, and
 * a 16-digit id from 9007199254740993 up would lose precision in a JavaScript client.
 */
export const newAccountId = (): string => String(1 + randomInt(8)) + randomFrom(DIGITS, 15);
/** 16 digits. */
export const newRamUserId = (): string => numericId(16);
/** 16 digits. */
export const newRamGroupId = (): string => numericId(16);
/** 19 digits. */
export const newRamRoleId = (): string => numericId(19);

/** `LTAI` + 20 characters. */
export const newAccessKeyId = (): string => "LTAI" + randomFrom(ALNUM, 20);
/** 30 characters. */
export const newAccessKeySecret = (): string => randomFrom(ALNUM, 30);
/** `STS.` + 28 characters. */
export const newStsAccessKeyId = (): string => "STS." + randomFrom(ALNUM, 28);
/** Opaque and long, as Alibaba's (`CAIS…`); only ever compared. */
export const newSecurityToken = (): string => "CAIS" + randomBytes(192).toString("base64");

export type RegionalIdKind = "image" | "instance" | "disk" | "securitygroup" | "vpc" | "vswitch" | "vrouter";

const REGIONAL_PREFIX: Readonly<Record<RegionalIdKind, { prefix: string; length: number }>> = {
  image: { prefix: "m-", length: 20 },
  instance: { prefix: "i-", length: 20 },
  disk: { prefix: "d-", length: 20 },
  securitygroup: { prefix: "sg-", length: 20 },
  vpc: { prefix: "vpc-", length: 21 },
  vswitch: { prefix: "vsw-", length: 21 },
  vrouter: { prefix: "vrt-", length: 21 },
};

// [decision] Regional ids grow with time: after the region's code come 8 base-36 digits of the
// millisecond they were made, then random characters. The store indexes rows by these ids (the
// instance's key, its tags' keys, its security-group links): an id that grows with time is
// appended to the right-most page of each index, where a random one dirties a random page of
// every index on every insert. The shape stays Alibaba's (prefix, region code, length, lower-case
// letters and digits); what is given up is that an id no longer hides when it was made. Ids stay
// unique through the random tail, at least 10 characters (36^10 ≈ 4·10^15 per millisecond). The
// time digits wrap in 2059 (36^8 ms): order only helps locality, so a wrap costs a little of that
// for a moment, never uniqueness.
const TIME_DIGITS = 8;
const TIME_WRAP = 36 ** TIME_DIGITS;

function timeDigits(now: number): string {
  return (now % TIME_WRAP).toString(36).padStart(TIME_DIGITS, "0");
}

/** e.g. `i-bpmx1epkjh9darr1ybxv` in cn-hangzhou: the region's code, the time, random characters. */
export function newRegionalId(kind: RegionalIdKind, regionId: string, now: number = Date.now()): string {
  const { prefix, length } = REGIONAL_PREFIX[kind];
  const code = findRegion(regionId)?.idCode ?? randomFrom(LOWER_ALNUM, 2);
  return prefix + code + timeDigits(now) + randomFrom(LOWER_ALNUM, length - code.length - TIME_DIGITS);
}

/** `rd-` + 6 characters. */
export const newDirectoryId = (): string => "rd-" + randomFrom(ALNUM, 6);
/** `r-` + 6 characters. */
export const newRootFolderId = (): string => "r-" + randomFrom(ALNUM, 6);
/** `fd-` + 10 characters. */
export const newFolderId = (): string => "fd-" + randomFrom(ALNUM, 10);
/** `cp-` + 16 characters. */
export const newControlPolicyId = (): string => "cp-" + randomFrom(ALNUM, 16);

/**
 * A time-ordered UUID (version 7, RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.
 * Still a UUID, as ActionTrail's event ids are, but the trail's key index takes each new event at
 * its end instead of on a random page (see newRegionalId). Made from a v4 UUID (Node's pooled
 * randomness) by putting the time in front and the version digit 7.
 */
export function newEventId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  // A v4 UUID is `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`; its last 19 characters keep their variant.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
