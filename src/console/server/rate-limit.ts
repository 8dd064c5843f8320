// Failed sign-ins per source address in a sliding window: guessing AccessKey secrets through the
// console is no faster than through the API (where every attempt is audited as well).

export interface RateLimitOptions {
  /** Failed attempts allowed per address within `windowMs` (default 10). */
  readonly maxFailures: number;
  /** Default 10 minutes. */
  readonly windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMIT: RateLimitOptions = { maxFailures: 10, windowMs: 10 * 60 * 1000 };

export interface FailureLimiter {
  /** Seconds to wait when `address` is over the limit, else 0. */
  retryAfter(address: string): number;
  recordFailure(address: string): void;
}

export function createFailureLimiter(now: () => number, options: RateLimitOptions): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (address: string, at: number): number[] => {
    const kept = (failures.get(address) ?? []).filter((time) => at - time < options.windowMs);
    if (kept.length === 0) failures.delete(address);
    else failures.set(address, kept);
    return kept;
  };
  return {
    retryAfter(address) {
      const at = now();
      const kept = recent(address, at);
      if (kept.length < options.maxFailures) return 0;
      const oldest = kept[kept.length - options.maxFailures] ?? at;
      return Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000));
    },
    recordFailure(address) {
      const at = now();
      failures.set(address, [...recent(address, at), at]);
    },
  };
}
