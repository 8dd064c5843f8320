import { hash, timingSafeEqual } from "node:crypto";

// Signatures are compared without leaking, through timing, how many leading characters matched.
// Hashing both sides first gives timingSafeEqual the equal lengths it needs, so the length of the
// expected value does not leak either.
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash("sha256", a, "buffer"), hash("sha256", b, "buffer"));
}
