// Answers to hot reads kept in memory for as long as what they were read from is unchanged. Every
// RunInstances reads the account's default network and the image's facts (row, tags, shares),
// which almost never change, and reading them costs more than the launch's own writes.
//
// Validity is by version, never by time. The store's data is split into a few areas; every write a
// repository makes to an area bumps that area's version, and an answer is kept with the versions of
// the areas it was read from, taken *before* it was read (a write landing while it is read leaves it
// stale, never wrong). A transaction's writes that are rolled back bump their areas again
// (kysely-store.ts), and a group whose COMMIT failed clears everything: an answer read from writes
// that never became real is never served.
//
// One process owns a data directory (serve.lock), so every write goes through this store and this
// cache sees it. Cached answers are shared between calls: they must be treated as immutable.

/** What a cached answer may be read from; a write to any of it bumps the area. */
export type CacheArea =
  /** VPCs, vSwitches, security groups and their tags. */
  | "network"
  /** Images, their tags and their shares. */
  | "images";

const MAX_ENTRIES = 20_000;

interface Entry {
  readonly value: unknown;
  readonly areas: readonly CacheArea[];
  readonly versions: readonly number[];
  readonly epoch: number;
}

export class HotCache {
  readonly #versions = new Map<CacheArea, number>();
  readonly #entries = new Map<string, Entry>();
  #epoch = 0;

  /** A write (or the rollback of one) changed `area`. */
  changed(area: CacheArea): void {
    this.#versions.set(area, (this.#versions.get(area) ?? 0) + 1);
  }

  /** Forgets everything, including answers being read right now. */
  clear(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  async get<T>(key: string, areas: readonly CacheArea[], load: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry !== undefined && this.#fresh(entry, areas)) return entry.value as T;
    const epoch = this.#epoch;
    const versions = areas.map((area) => this.#versions.get(area) ?? 0);
    const value = await load();
    if (epoch === this.#epoch) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { value, areas, versions, epoch });
    }
    return value;
  }

  #fresh(entry: Entry, areas: readonly CacheArea[]): boolean {
    if (entry.epoch !== this.#epoch || entry.areas.length !== areas.length) return false;
    for (let i = 0; i < areas.length; i++) {
      const area = areas[i] as CacheArea;
      if (entry.areas[i] !== area || entry.versions[i] !== (this.#versions.get(area) ?? 0)) return false;
    }
    return true;
  }
}
