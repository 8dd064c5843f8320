import { hash, timingSafeEqual } from "node:crypto";

// Signatures are compared without leaking, through timing, how many leading characters matched.
// Hashing both sides first gives timingSafeEqual the equal lengths it needs, so the length of the
// expected value does not leak either.
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash("sha256", a, "buffer"), hash("sha256", b, "buffer"));
}

/**
 * The same for a digest the server computed (a hex or base64 signature): its length is fixed by the
 * algorithm, public already, so the bytes are compared as they are, without hashing both sides
 * first. A value of another length, or holding characters outside ASCII, is simply unequal.
 */
export function constantTimeEqualDigest(expected: string, provided: string): boolean {
  if (provided.length !== expected.length) return false;
  const expectedBytes = Buffer.from(expected, "utf8");
  const providedBytes = Buffer.from(provided, "utf8");
  return providedBytes.length === expectedBytes.length && timingSafeEqual(expectedBytes, providedBytes);
}
