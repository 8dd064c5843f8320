import type { ConditionOperator, ValueTest } from "./operator.js";
import { blockContains, parseIpBlock, readIpAddress } from "./ip-value.js";
import type { IpBlock } from "./ip-value.js";

// One scratch buffer for the context address: conditions are evaluated synchronously and one at a
// time, and this keeps the hot path free of allocations. Within one request many conditions read the
// same `acs:SourceIp`, so the buffer keeps the last address read until another one comes.
const scratch = new Uint32Array(4);
let scratchRaw: string | undefined;
let scratchValid = false;

function readContextAddress(raw: string): boolean {
  if (raw !== scratchRaw) {
    scratchValid = readIpAddress(raw, scratch);
    scratchRaw = raw;
  }
  return scratchValid;
}

function compileIp(values: readonly string[]): (contextValue: string) => ValueTest {
  const blocks = values.map((raw) => parseIpBlock(raw) as IpBlock);
  return (v) => {
    // The context carries an address; a block there (`10.0.0.0/8`) is not one.
    if (!readContextAddress(v)) return "unreadable";
    for (const block of blocks) if (blockContains(block, scratch)) return true;
    return false;
  };
}

/** IPv4 and IPv6 addresses and CIDR blocks; IPv4-mapped IPv6 addresses count as their IPv4 address. */
export const ipAddress: ConditionOperator = {
  name: "IpAddress",
  negated: false,
  family: "Ip",
  checkPolicyValue: (raw) =>
    parseIpBlock(raw) === undefined ? `\`${raw}\` is not an IPv4 or IPv6 address or CIDR block` : undefined,
  compile: compileIp,
};

export const notIpAddress: ConditionOperator = { ...ipAddress, name: "NotIpAddress", negated: true };
