import { describe, expect, it } from "vitest";
import { NonceCache } from "../../../src/cloud/http/index.js";

const at = (ms: number) => new Date(ms);

describe("NonceCache", () => {
  it("refuses a nonce it holds until the nonce expires, then takes it again", () => {
    const cache = new NonceCache();
    expect(cache.remember("a", at(1000), at(0))).toBe(true);
    expect(cache.remember("a", at(1000), at(999))).toBe(false);
    expect(cache.remember("a", at(3000), at(1000))).toBe(true);
    expect(cache.remember("a", at(3000), at(2999))).toBe(false);
  });

  it("drops expired entries from the front as new ones arrive, without being full", () => {
    const cache = new NonceCache({ maxEntries: 1000 });
    for (let i = 0; i < 10; i++) cache.remember(`old-${i}`, at(100 + i), at(0));
    expect(cache.size).toBe(10);
    cache.remember("new", at(10_000), at(105));
    // old-0 … old-5 expired at 100 … 105; old-6 … old-9 and the new one remain.
    expect(cache.size).toBe(5);
    expect(cache.remember("old-6", at(10_000), at(105))).toBe(false);
    expect(cache.remember("old-5", at(10_000), at(105))).toBe(true);
  });

  it("when full of live entries, drops the oldest one only and keeps refusing the others", () => {
    const cache = new NonceCache({ maxEntries: 3 });
    for (const key of ["k1", "k2", "k3"]) expect(cache.remember(key, at(1_000_000), at(0))).toBe(true);
    expect(cache.remember("k4", at(1_000_000), at(1))).toBe(true);
    expect(cache.size).toBe(3);
    for (const key of ["k2", "k3", "k4"]) expect(cache.remember(key, at(1_000_000), at(2))).toBe(false);
    // k1 was the oldest: its replay protection is what the bound gave up.
    expect(cache.remember("k1", at(1_000_000), at(2))).toBe(true);
    expect(cache.size).toBe(3);
  });

  it("keeps an entry that expires early behind later ones until it reaches the front", () => {
    const cache = new NonceCache({ maxEntries: 100 });
    cache.remember("late", at(5000), at(0));
    cache.remember("early", at(200), at(0));
    cache.remember("next", at(5000), at(300));
    // "early" expired at 200 but sits behind "late"; it is no longer refused all the same.
    expect(cache.size).toBe(3);
    expect(cache.remember("early", at(5000), at(300))).toBe(true);
    expect(cache.size).toBe(3);
  });

  it("holds at most its bound over a long run of distinct nonces", () => {
    const cache = new NonceCache({ maxEntries: 1000 });
    for (let i = 0; i < 50_000; i++) {
      expect(cache.remember(`n${i}`, at(i + 900_000), at(i))).toBe(true);
      expect(cache.size).toBeLessThanOrEqual(1000);
    }
    expect(cache.remember("n49999", at(2_000_000), at(50_000))).toBe(false);
  });

  it("does not end a nonce's protection when an older, expired record of it is dropped", () => {
    const cache = new NonceCache({ maxEntries: 3 });
    cache.remember("b", at(10_000), at(0));
    cache.remember("a", at(100), at(0));
    // "a" expired at 100 and is taken again: its old record stays behind "b" in the order.
    expect(cache.remember("a", at(5000), at(150))).toBe(true);
    // Full: "b" goes, then the old record of "a" reaches the front and goes too, but not "a" itself.
    expect(cache.remember("d", at(10_000), at(200))).toBe(true);
    expect(cache.remember("a", at(5000), at(300))).toBe(false);
    expect(cache.remember("b", at(10_000), at(300))).toBe(true);
  });
});
