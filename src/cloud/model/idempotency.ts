import type { Timestamp } from "./common.js";

/**
 * The remembered outcome of a request made with a `ClientToken`: a retry with the same parameters
 * gets the same response; with other parameters, `IdempotentParameterMismatch`.
 */
export interface IdempotencyRecord {
  readonly accountId: string;
  /** e.g. `ecs:RunInstances`. */
  readonly action: string;
  readonly clientToken: string;
  /** A digest of the request's parameters (the services choose how it is computed). */
  readonly fingerprint: string;
  /** The response body as sent, as text. */
  readonly response: string;
  readonly createdAt: Timestamp;
  readonly expiresAt: Timestamp;
}
