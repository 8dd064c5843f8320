// The reference condition operators: one obvious function per operator, comparing one policy
// value with one context value. `"unreadable"` means the context value cannot be read for the
// operator (spec §4: errors fail closed). Policy values have passed validation, so reading them
// cannot fail; should it, the reference throws (that would be a validator bug worth seeing).
import type { ConditionOperatorName } from "../../../src/policy/index.js";
import { refWildcardMatch } from "./wildcard.js";
import {
  refCidrContains,
  refReadBool,
  refReadCidr,
  refReadDate,
  refReadIp,
  refReadNumber,
} from "./values.js";

export type RefValueTest = boolean | "unreadable";

export interface RefOperator {
  /** Negated operators are true for an absent key and, for several context values, when none matches. */
  readonly negated: boolean;
  /** The positive comparison (for a negated operator, that of its base operator). */
  readonly test: (policyValue: string, contextValue: string) => RefValueTest;
}

function mustRead<T>(value: T | undefined, what: string, raw: string): T {
  if (value === undefined) throw new Error(`reference: validated policy value \`${raw}\` is not a ${what}`);
  return value;
}

function stringEquals(p: string, c: string): RefValueTest {
  return p === c;
}

function stringEqualsIgnoreCase(p: string, c: string): RefValueTest {
  return p.toLowerCase() === c.toLowerCase();
}

function stringLike(p: string, c: string): RefValueTest {
  return refWildcardMatch(p, c, false);
}

function numeric(compare: (c: number, p: number) => boolean) {
  return (p: string, c: string): RefValueTest => {
    const pn = mustRead(refReadNumber(p), "number", p);
    const cn = refReadNumber(c);
    return cn === undefined ? "unreadable" : compare(cn, pn);
  };
}

function date(compare: (c: bigint, p: bigint) => boolean) {
  return (p: string, c: string): RefValueTest => {
    const pd = mustRead(refReadDate(p), "date", p);
    const cd = refReadDate(c);
    return cd === undefined ? "unreadable" : compare(cd, pd);
  };
}

function bool(p: string, c: string): RefValueTest {
  const pb = mustRead(refReadBool(p), "boolean", p);
  const cb = refReadBool(c);
  return cb === undefined ? "unreadable" : cb === pb;
}

function ipAddress(p: string, c: string): RefValueTest {
  const block = mustRead(refReadCidr(p), "CIDR block", p);
  const ip = refReadIp(c);
  return ip === undefined ? "unreadable" : refCidrContains(block, ip);
}

export const REF_OPERATORS: Readonly<Record<ConditionOperatorName, RefOperator>> = {
  StringEquals: { negated: false, test: stringEquals },
  StringNotEquals: { negated: true, test: stringEquals },
  StringEqualsIgnoreCase: { negated: false, test: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, test: stringEqualsIgnoreCase },
  StringLike: { negated: false, test: stringLike },
  StringNotLike: { negated: true, test: stringLike },
  NumericEquals: { negated: false, test: numeric((c, p) => c === p) },
  NumericNotEquals: { negated: true, test: numeric((c, p) => c === p) },
  NumericLessThan: { negated: false, test: numeric((c, p) => c < p) },
  NumericLessThanEquals: { negated: false, test: numeric((c, p) => c <= p) },
  NumericGreaterThan: { negated: false, test: numeric((c, p) => c > p) },
  NumericGreaterThanEquals: { negated: false, test: numeric((c, p) => c >= p) },
  DateEquals: { negated: false, test: date((c, p) => c === p) },
  DateNotEquals: { negated: true, test: date((c, p) => c === p) },
  DateLessThan: { negated: false, test: date((c, p) => c < p) },
  DateLessThanEquals: { negated: false, test: date((c, p) => c <= p) },
  DateGreaterThan: { negated: false, test: date((c, p) => c > p) },
  DateGreaterThanEquals: { negated: false, test: date((c, p) => c >= p) },
  Bool: { negated: false, test: bool },
  IpAddress: { negated: false, test: ipAddress },
  NotIpAddress: { negated: true, test: ipAddress },
};
