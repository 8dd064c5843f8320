import type { DecidingPolicy, DecisionResult, RequestContext } from "../../policy/index.js";
import type { CallRecord } from "../http/index.js";
import type { AuditEvent, JsonValue } from "../model/index.js";
import { newEventId } from "../model/index.js";
import type { Caller } from "../services/handler.js";
import { isCaller } from "./caller.js";
import { productCode } from "./handler-table.js";

// One ActionTrail event per call, allowed or refused, in ActionTrail's own event format (the fields
// and spellings of Alibaba's published sample events), plus imageguard's `decision`.

/**
 * One authorization check as the call made it: the whole request (context included: tags, source IP,
 * AccessKey id, never a secret) and its result, so `imageguard whatif` can decide it again under other
 * policies without the state of the time (docs/whatif.md).
 */
export interface RecordedCheck {
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: RequestContext;
  readonly result: DecisionResult;
  /**
   * Only for sts:AssumeRole's trust-policy check: whether the role's trust policy admitted the caller.
   * The trust policy is not recorded, so a replay takes this part of the decision as it was.
   */
  readonly trust?: "admitted" | "refused" | "not-evaluated";
}

/** What dispatch learned about a call that the http layer's CallRecord does not carry. */
export interface CallOutcome {
  readonly ramAction?: string;
  readonly access?: "read" | "write" | "list";
  readonly regionId?: string;
  /** The deciding check: the refused one, or the last one allowed. */
  readonly decision?: {
    readonly result: DecisionResult;
    readonly decidedBy: DecidingPolicy;
    readonly resources: readonly string[];
    /** Every check decided, in order; the last is the deciding one. */
    readonly checks: readonly RecordedCheck[];
  };
}

const IDENTITY_TYPE: Readonly<Record<Caller["kind"], string>> = {
  root: "root-account",
  user: "ram-user",
  "role-session": "assumed-role",
};

function userIdentity(caller: Caller): Record<string, JsonValue> {
  return {
    type: IDENTITY_TYPE[caller.kind],
    principalId: caller.principalId,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    // ActionTrail writes `root` for the account, the user name, or `<role>:<session>`.
    userName: caller.kind === "root" ? "root" : caller.displayName,
    arn: caller.arn,
  };
}

/**
 * The body as the store keeps it: JSON text, where `undefined` members do not exist. The store
 * serialises it once (a copy through JSON here cost as much again, on every call).
 */
function json(value: Record<string, unknown>): { [key: string]: JsonValue } {
  return value as { [key: string]: JsonValue };
}

/**
 * The call's event; `eventId` when it replaces one recorded before (see audit-trail.ts). A new id
 * carries the time the call was received, as `eventTime` does, so ids and times sort alike.
 */
export function auditEventOf(
  record: CallRecord,
  outcome: CallOutcome | undefined,
  eventId: string = newEventId(record.receivedAt.getTime()),
): AuditEvent {
  const caller = isCaller(record.principal) ? record.principal : undefined;
  const serviceName = record.product === undefined ? "Unknown" : productCode(record.product);
  const eventName = record.action ?? "Unknown";
  const eventTime = record.receivedAt.toISOString();
  const regionId = outcome?.regionId ?? record.params["RegionId"];
  const decision = outcome?.decision;
  const body = json({
    eventId,
    eventVersion: 1,
    eventType: "ApiCall",
    eventName,
    eventTime,
    eventRW: outcome?.access === undefined ? undefined : outcome.access === "write" ? "Write" : "Read",
    eventSource: record.product === undefined ? undefined : `${record.product}.aliyuncs.com`,
    serviceName,
    apiVersion: record.version,
    userIdentity:
      caller === undefined
        ? record.accessKeyId === undefined
          ? undefined
          : { accessKeyId: record.accessKeyId }
        : userIdentity(caller),
    sourceIpAddress: record.sourceIp,
    userAgent: record.userAgent,
    requestParameters: record.params,
    errorCode: record.outcome.errorCode,
    errorMessage: record.outcome.errorMessage,
    httpStatus: record.outcome.httpStatus,
    acsRegion: regionId,
    requestId: record.requestId,
    decision:
      decision === undefined
        ? undefined
        : {
            result: decision.result,
            action: outcome?.ramAction,
            resources: decision.resources,
            // `checkCount` is what `checks` held before the checks themselves were recorded.
            checkCount: decision.checks.length,
            policyType: decision.decidedBy.policyType,
            policyName: decision.decidedBy.policyName,
            policyVersion: decision.decidedBy.policyVersion,
            rdNode: decision.decidedBy.rdNode?.id,
            statementIndex: decision.decidedBy.statementIndex,
            sid: decision.decidedBy.sid,
            reason: decision.decidedBy.reason,
            checks: decision.checks,
          },
  });
  return {
    eventId,
    eventTime,
    eventName,
    serviceName,
    ...(caller === undefined ? {} : { accountId: caller.accountId, principalArn: caller.arn }),
    ...(record.accessKeyId === undefined ? {} : { accessKeyId: record.accessKeyId }),
    ...(regionId === undefined ? {} : { regionId }),
    ...(decision === undefined ? {} : { decision: decision.result }),
    ...(record.outcome.errorCode === undefined ? {} : { errorCode: record.outcome.errorCode }),
    requestId: record.requestId,
    body,
  };
}
