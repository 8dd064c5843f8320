import { describe, expect, it } from "vitest";
import { NonceCache } from "../../../src/cloud/http/index.js";

const at = (ms: number) => new Date(ms);

describe("NonceCache", () => {
  it("refuses a nonce it holds until the nonce expires, then takes it again", () => {
    const cache = new NonceCache();
    expect(cache.remember("a", at(1000), at(0))).toBe("new");
    expect(cache.remember("a", at(1000), at(999))).toBe("replayed");
    expect(cache.remember("a", at(3000), at(1000))).toBe("new");
    expect(cache.remember("a", at(3000), at(2999))).toBe("replayed");
  });

  it("answers expired for a request whose window ends at or before the latest clock it was given", () => {
    const cache = new NonceCache();
    expect(cache.remember("a", at(1000), at(1000))).toBe("expired");
    expect(cache.remember("b", at(1001), at(1000))).toBe("new");
    expect(cache.size).toBe(1);
  });

  it("judges expiry by the latest clock, so a slow replay cannot slip past a dropped entry", () => {
    // X is taken at 10 and held until 1000. Y's request, read at 1001, drops X from the front. A
    // replay of X whose clock was read at 990 (it then waited for its body) reaches the cache after
    // Y: it must not be taken as new.
    const cache = new NonceCache();
    expect(cache.remember("x", at(1000), at(10))).toBe("new");
    expect(cache.remember("y", at(2000), at(1001))).toBe("new");
    expect(cache.remember("x", at(1000), at(990))).toBe("expired");
    // Before any later clock, the same late-arriving replay is refused as a replay.
    const fresh = new NonceCache();
    fresh.remember("x", at(1000), at(10));
    expect(fresh.remember("x", at(1000), at(990))).toBe("replayed");
  });

  it("drops expired entries from the front as new ones arrive, without being full", () => {
    const cache = new NonceCache({ maxEntries: 1000 });
    for (let i = 0; i < 10; i++) cache.remember(`old-${i}`, at(100 + i), at(0));
    expect(cache.size).toBe(10);
    cache.remember("new", at(10_000), at(105));
    // old-0 … old-5 expired at 100 … 105; old-6 … old-9 and the new one remain.
    expect(cache.size).toBe(5);
    expect(cache.remember("old-6", at(10_000), at(105))).toBe("replayed");
    expect(cache.remember("old-5", at(10_000), at(105))).toBe("new");
  });

  it("when full of live entries, drops the oldest one only and keeps refusing the others", () => {
    const cache = new NonceCache({ maxEntries: 3 });
    for (const key of ["k1", "k2", "k3"]) expect(cache.remember(key, at(1_000_000), at(0))).toBe("new");
    expect(cache.remember("k4", at(1_000_000), at(1))).toBe("new");
    expect(cache.size).toBe(3);
    for (const key of ["k2", "k3", "k4"]) expect(cache.remember(key, at(1_000_000), at(2))).toBe("replayed");
    // k1 was the oldest: its replay protection is what the bound gave up.
    expect(cache.remember("k1", at(1_000_000), at(2))).toBe("new");
    expect(cache.size).toBe(3);
  });

  it("keeps an entry that expires early behind later ones until it reaches the front", () => {
    const cache = new NonceCache({ maxEntries: 100 });
    cache.remember("late", at(5000), at(0));
    cache.remember("early", at(200), at(0));
    cache.remember("next", at(5000), at(300));
    // "early" expired at 200 but sits behind "late"; it is no longer refused all the same.
    expect(cache.size).toBe(3);
    expect(cache.remember("early", at(5000), at(300))).toBe("new");
    expect(cache.size).toBe(3);
  });

  it("holds at most its bound over a long run of distinct nonces", () => {
    const cache = new NonceCache({ maxEntries: 1000 });
    for (let i = 0; i < 50_000; i++) {
      expect(cache.remember(`n${i}`, at(i + 900_000), at(i))).toBe("new");
      expect(cache.size).toBeLessThanOrEqual(1000);
    }
    expect(cache.remember("n49999", at(2_000_000), at(50_000))).toBe("replayed");
  });

  it("does not end a nonce's protection when an older, expired record of it is dropped", () => {
    const cache = new NonceCache({ maxEntries: 3 });
    cache.remember("b", at(10_000), at(0));
    cache.remember("a", at(100), at(0));
    // "a" expired at 100 and is taken again: its old record stays behind "b" in the order.
    expect(cache.remember("a", at(5000), at(150))).toBe("new");
    // Full: "b" goes, then the old record of "a" reaches the front and goes too, but not "a" itself.
    expect(cache.remember("d", at(10_000), at(200))).toBe("new");
    expect(cache.remember("a", at(5000), at(300))).toBe("replayed");
    expect(cache.remember("b", at(10_000), at(300))).toBe("new");
  });
});
