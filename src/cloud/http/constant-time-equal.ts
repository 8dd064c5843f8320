import { createHash, timingSafeEqual } from "node:crypto";

// Signatures are compared without leaking, through timing, how many leading characters matched.
// Hashing both sides first gives timingSafeEqual the equal lengths it needs, so the length of the
// expected value does not leak either.
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right);
}
