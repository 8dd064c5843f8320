import type { Timestamp } from "../../../model/index.js";

// How ECS and VPC responses write times and account ids.

/** `2024-01-30T12:00:00Z`: VPC, vSwitch and security group `CreationTime`. */
export function isoSeconds(time: Timestamp): string {
  return `${time.slice(0, 19)}Z`;
}

/** `2024-01-30T12:00Z`: ECS instance `CreationTime` and `StartTime` have minute precision. */
export function isoMinutes(time: Timestamp): string {
  return `${time.slice(0, 16)}Z`;
}

/** VPC's `OwnerId` is a number in the SDK models. */
export function ownerIdNumber(accountId: string): number {
  return Number(accountId);
}
