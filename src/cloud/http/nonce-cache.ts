// Remembers signature nonces for as long as a replay of the same request could still pass the clock
// check, so that a captured request cannot be sent twice.
//
// Only requests whose signature has already been verified are remembered: an unauthenticated caller
// cannot fill the cache. It is bounded all the same; expired entries go as they reach the front of
// the arrival order, and when it is full the oldest one goes. That reopens replay for a nonce older
// than `maxEntries` newer requests: 100,000 by default (~23 MB), which is the last ~55 s at the
// local cloud's sustained rate of launches on the benchmark machine (bench/README.md) and less under
// a flood of cheaper calls. Raise `nonceCacheSize` where that matters (~230 bytes an entry).
//
// "Expired" is judged against the latest clock reading the cache has been given (a high-water
// mark), never against the reading of the request at hand. Requests reach the cache out of order: a
// request's clock is read when it arrives, and it may then wait for its body and its credential
// while later requests go through. An entry dropped because a later request's clock passed its
// expiry could otherwise let through a replay that arrived earlier but was slower. So a request
// whose own window ends at or before the high-water mark is refused as expired: its nonce may
// already be gone, and it cannot be told from a replay.

/** What the cache made of a request's nonce. */
export type NonceVerdict = "new" | "replayed" | "expired";

export interface NonceCacheOptions {
  maxEntries?: number;
}

export class NonceCache {
  readonly #maxEntries: number;
  /** Nonce → when it may be taken again (ms). */
  readonly #expiries = new Map<string, number>();
  // The same entries in the order they came, as a ring: the front is the oldest. Not the Map's own
  // order: V8 leaves a hole for each entry deleted from a Map and every new iterator walks over them
  // again, so a Map drained from the front costs more per request the longer it is used (16–80 µs
  // once 100,000 had gone through). A slot whose nonce has been taken again since is stale and is
  // passed over when it reaches the front.
  readonly #ringKeys: string[] = [];
  readonly #ringExpiries: number[] = [];
  #head = 0;
  #count = 0;
  /** The latest clock reading given (ms): what "expired" is judged against. */
  #latest = Number.NEGATIVE_INFINITY;

  constructor(options: NonceCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 100_000);
  }

  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Records `key` until `expiresAt` (the first instant at which a request signed with it is out of
   * the clock window) and answers `new`; or `replayed` when it holds `key` unexpired; or `expired`
   * when `expiresAt` is not after the latest clock reading it has seen.
   */
  remember(key: string, expiresAt: Date, now: Date): NonceVerdict {
    this.#latest = Math.max(this.#latest, now.getTime());
    const expiry = expiresAt.getTime();
    if (expiry <= this.#latest) return "expired";
    const known = this.#expiries.get(key);
    if (known !== undefined && known > this.#latest) return "replayed";
    this.#evict(this.#latest);
    this.#expiries.set(key, expiry);
    const tail = (this.#head + this.#count) % this.#maxEntries;
    this.#ringKeys[tail] = key;
    this.#ringExpiries[tail] = expiry;
    this.#count++;
    return "new";
  }

  // From the front: drops the expired entries, and, while the ring is full, the oldest one. Each
  // entry is dropped once, so this is constant time amortized. Entries mostly expire in the order
  // they came (every request carries a timestamp near the server's clock); one that expires early
  // behind a later one stays until it reaches the front, within the bound.
  #evict(now: number): void {
    while (this.#count > 0) {
      const key = this.#ringKeys[this.#head] as string;
      const expiry = this.#ringExpiries[this.#head] as number;
      if (expiry > now && this.#count < this.#maxEntries) return;
      // Only the slot that wrote the Map's entry removes it: an older slot of a nonce taken again
      // since (after it expired) must not end the newer one's protection.
      if (this.#expiries.get(key) === expiry) this.#expiries.delete(key);
      this.#ringKeys[this.#head] = "";
      this.#head = (this.#head + 1) % this.#maxEntries;
      this.#count--;
    }
  }
}
