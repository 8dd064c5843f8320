// Remembers signature nonces for as long as a replay of the same request could still pass the clock
// check, so that a captured request cannot be sent twice.
//
// Only requests whose signature has already been verified are remembered: an unauthenticated caller
// cannot fill the cache. It is bounded all the same; expired entries go as they reach the front (a
// Map iterates in insertion order), and when it is full the oldest one goes, which can only reopen
// replay for a nonce older than `maxEntries` newer requests: 100,000 by default, about a minute of
// the local cloud's most sustained write load (bench/README.md), and far more of any other use.

export interface NonceCacheOptions {
  maxEntries?: number;
}

export class NonceCache {
  readonly #maxEntries: number;
  readonly #expiries = new Map<string, number>();

  constructor(options: NonceCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 100_000);
  }

  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Records `key` until `expiresAt` and returns true, or returns false when it is already recorded
   * and not yet expired (a replay).
   */
  remember(key: string, expiresAt: Date, now: Date): boolean {
    const nowMs = now.getTime();
    const known = this.#expiries.get(key);
    if (known !== undefined && known > nowMs) return false;
    if (known !== undefined) this.#expiries.delete(key);
    this.#evict(nowMs);
    this.#expiries.set(key, expiresAt.getTime());
    return true;
  }

  // From the oldest entry on: drops the expired ones at the front, and, while the cache is full, the
  // oldest one. Each entry is dropped once, so this is constant time amortized; it must not walk the
  // whole map, as a full cache would then cost a scan of every entry on every request. Entries
  // mostly expire in insertion order (every request carries a timestamp near the server's clock);
  // one that expires early behind a later one stays until it reaches the front, within the bound.
  #evict(now: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry > now && this.#expiries.size < this.#maxEntries) return;
      this.#expiries.delete(key);
    }
  }
}
