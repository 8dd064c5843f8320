// Remembers signature nonces for as long as a replay of the same request could still pass the clock
// check, so that a captured request cannot be sent twice.
//
// Only requests whose signature has already been verified are remembered: an unauthenticated caller
// cannot fill the cache. It is bounded all the same; when full it first drops expired entries and
// then the oldest ones (a Map iterates in insertion order), which can only reopen replay for a nonce
// older than `maxEntries` newer requests — far beyond what a local cloud sees in 15 minutes.

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
    const known = this.#expiries.get(key);
    if (known !== undefined && known > now.getTime()) return false;
    if (known !== undefined) this.#expiries.delete(key);
    if (this.#expiries.size >= this.#maxEntries) this.#evict(now.getTime());
    this.#expiries.set(key, expiresAt.getTime());
    return true;
  }

  #evict(now: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry <= now) this.#expiries.delete(key);
    }
    for (const key of this.#expiries.keys()) {
      if (this.#expiries.size < this.#maxEntries) break;
      this.#expiries.delete(key);
    }
  }
}
