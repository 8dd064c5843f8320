import type { DecisionResult } from "../../policy/index.js";
import type { Timestamp } from "./common.js";

/** JSON as stored: what `JSON.parse` can give back. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * One ActionTrail event. The columns that queries filter on are lifted out of the event; `body` is
 * the whole ActionTrail event JSON (eventId, eventTime, eventName, userIdentity, requestParameters, …).
 */
export interface AuditEvent {
  /** A UUID. */
  readonly eventId: string;
  readonly eventTime: Timestamp;
  /** The API action, e.g. `RunInstances`; with `serviceName` it names the RAM action. */
  readonly eventName: string;
  /** e.g. `Ecs`, `Ram`, `Sts`, `ResourceManager`, `Tag`. */
  readonly serviceName: string;
  /** The caller's account; absent when the caller could not be identified (unknown AccessKey). */
  readonly accountId?: string;
  /** The caller's ARN (`acs:ram::123:user/alice`), when identified. */
  readonly principalArn?: string;
  readonly accessKeyId?: string;
  readonly regionId?: string;
  /** Absent when the request failed before authorization (bad signature, unknown key). */
  readonly decision?: DecisionResult;
  /** The error code returned, when the request failed. */
  readonly errorCode?: string;
  readonly requestId: string;
  readonly body: { readonly [key: string]: JsonValue };
}
