// When a failed call is sent again, and how long to wait first.
//
// Retried: throttling (`Throttling`, `Throttling.User`, `Throttling.Api`, … and HTTP 429), server
// errors (HTTP 5xx, `ServiceUnavailable`, `InternalError`) and connections that broke (reset, timed
// out). Throttling is retried for every call, since the cloud refused it before doing anything; a
// server error or a broken connection leaves a write's outcome unknown, so those are retried only
// for calls that are safe to repeat (reads, and writes carrying a ClientToken). A refused connection
// is never retried: nothing listens there, and waiting will not change that.
//
// The wait is exponential with "equal jitter" (half the exponential step plus a random share of the
// other half), and never shorter than what the cloud asked for in `x-acs-retry-after` (milliseconds,
// which openapi-core hands over as `retryAfter`), capped at `maxDelayMs`.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 20_000 };

/** What happened to one attempt, as far as retrying cares. */
export type FailureKind = "throttled" | "server-error" | "connection-broken" | "final";

export function failureKind(code: string, httpStatus: number | undefined): FailureKind {
  if (code.startsWith("Throttling") || httpStatus === 429) return "throttled";
  if (code === "ConnectionReset" || code === "Timeout") return "connection-broken";
  if (
    (httpStatus !== undefined && httpStatus >= 500) ||
    code === "ServiceUnavailable" ||
    code === "InternalError"
  )
    return "server-error";
  return "final";
}

export function shouldRetry(kind: FailureKind, idempotent: boolean): boolean {
  if (kind === "throttled") return true;
  if (kind === "server-error" || kind === "connection-broken") return idempotent;
  return false;
}

/**
 * The wait before attempt `attempt + 1`, `attempt` counting from 1. `random` is in [0, 1).
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = step / 2 + random() * (step / 2);
  const floor =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, floor)));
}

export function validRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const whole = (value: number, min: number): number =>
    Number.isFinite(value) ? Math.max(min, Math.floor(value)) : min;
  return {
    maxAttempts: whole(policy.maxAttempts, 1),
    baseDelayMs: whole(policy.baseDelayMs, 0),
    maxDelayMs: whole(policy.maxDelayMs, 0),
  };
}
