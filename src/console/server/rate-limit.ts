// Sign-in attempts per AccessKey id in a sliding window: guessing a key's secret through the console
// is no faster than through the API.
//
// An attempt is counted when it starts, before the cloud is asked: counted only once the cloud had
// refused it, any number of concurrent guesses passed the check before the first was recorded. A
// success forgets the key's attempts; a failure needs nothing more.
//
// The key is the AccessKey id tried, not the source address: every console client is on a loopback
// address, so one user's failures locked every user out; and since all of 127.0.0.0/8 is loopback,
// adding the address to the key would only multiply a local guesser's attempts.

export interface RateLimitOptions {
  /** Attempts allowed per key without a success within `windowMs` (default 10). */
  readonly maxFailures: number;
  /** Default 10 minutes. */
  readonly windowMs: number;
  /**
   * Keys remembered at once (default 10 000), so that guesses at many AccessKey ids cannot grow the
   * limiter without end; see `makeRoom` for which is forgotten.
   */
  readonly maxKeys: number;
}

export const DEFAULT_SIGN_IN_LIMIT: RateLimitOptions = {
  maxFailures: 10,
  windowMs: 10 * 60 * 1000,
  maxKeys: 10_000,
};

/** An admitted attempt, counted against its key until the window passes or a success clears it. */
export interface SignInAttempt {
  /** The pair was right: the key's attempts are forgotten. */
  succeeded(): void;
  /** The cloud could not judge the pair (it failed or was unreachable): not held against the key. */
  withdraw(): void;
}

export type Admission =
  | { readonly admitted: true; readonly attempt: SignInAttempt }
  | { readonly admitted: false; readonly retryAfterSeconds: number };

export interface FailureLimiter {
  /** Counts an attempt with `key` and admits it, or, when the key is at its limit, says how long to wait. */
  admit(key: string): Admission;
}

/** One attempt; an object so that withdrawing removes this one, not another at the same millisecond. */
interface Counted {
  readonly at: number;
}

export function createFailureLimiter(now: () => number, options: RateLimitOptions): FailureLimiter {
  const attempts = new Map<string, Counted[]>();

  const recent = (key: string, at: number): Counted[] => {
    const kept = (attempts.get(key) ?? []).filter((attempt) => at - attempt.at < options.windowMs);
    if (kept.length === 0) attempts.delete(key);
    else attempts.set(key, kept);
    return kept;
  };

  // Forgets expired keys, then, if still full, the key with the fewest attempts (the oldest of
  // those): a key under attack has many, so guesses at other ids cannot wipe its count cheaply.
  const makeRoom = (at: number): void => {
    let fewest: { key: string; count: number } | undefined;
    for (const key of [...attempts.keys()]) {
      const count = recent(key, at).length;
      if (count > 0 && (fewest === undefined || count < fewest.count)) fewest = { key, count };
    }
    if (attempts.size >= options.maxKeys && fewest !== undefined) attempts.delete(fewest.key);
  };

  return {
    admit(key) {
      const at = now();
      const kept = recent(key, at);
      if (kept.length >= options.maxFailures) {
        const oldest = kept[kept.length - options.maxFailures]?.at ?? at;
        return {
          admitted: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000)),
        };
      }
      if (kept.length === 0 && attempts.size >= options.maxKeys) makeRoom(at);
      const counted: Counted = { at };
      attempts.set(key, [...kept, counted]);
      return {
        admitted: true,
        attempt: {
          succeeded: () => {
            attempts.delete(key);
          },
          withdraw: () => {
            const left = (attempts.get(key) ?? []).filter((attempt) => attempt !== counted);
            if (left.length === 0) attempts.delete(key);
            else attempts.set(key, left);
          },
        },
      };
    },
  };
}
