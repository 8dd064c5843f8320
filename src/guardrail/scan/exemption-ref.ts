// An exemption as findings and remediation plans show it, and how its end reads.
import type { Exemption } from "../spec/types.js";
import type { ExemptionRef } from "./types.js";

export function exemptionRef(exemption: Exemption): ExemptionRef {
  return {
    id: exemption.id,
    reason: exemption.reason,
    approver: exemption.approver,
    expiresAt: exemption.expiresAt,
    endsAt: exemption.endsAt,
  };
}

/** A bare date holds through that day; a date-time until that instant. */
export function expiry(ref: Pick<ExemptionRef, "expiresAt">): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(ref.expiresAt) ? `through ${ref.expiresAt}` : `until ${ref.expiresAt}`;
}
