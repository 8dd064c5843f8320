// From one ActionTrail event to what a replay needs: who called, and every authorization check the
// call made, as the local cloud recorded them in `decision.checks` (docs/whatif.md). Nothing about
// the state of the time is needed beyond the checks: each carries its whole context (the resource's
// tags, the source IP, the time), so it can be decided again as it was made.
import { makeContext } from "../../policy/index.js";
import type { AuthRequest, ContextValue, DecisionResult } from "../../policy/index.js";
import type { NotReplayedCall, TrailEvent } from "./types.js";

/** The caller as ActionTrail's `userIdentity` names it. */
export type TrailIdentity =
  | { readonly type: "root-account"; readonly accountId: string; readonly arn: string }
  | { readonly type: "ram-user"; readonly accountId: string; readonly userName: string; readonly arn: string }
  | {
      readonly type: "assumed-role";
      readonly accountId: string;
      readonly roleName: string;
      readonly arn: string;
    };

export interface ReplayCheck {
  readonly request: AuthRequest;
  /** As recorded; absent in trails of other tools. */
  readonly result?: DecisionResult;
  /** sts:AssumeRole's trust-policy check: what the role's trust policy said at the time. */
  readonly trust?: "admitted" | "refused" | "not-evaluated";
}

export interface RecordedCall {
  readonly eventId: string;
  readonly requestId?: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly identity: TrailIdentity;
  readonly recordedResult: DecisionResult;
  /** The call's error code as recorded (`errorCode`), when it failed. */
  readonly errorCode?: string;
  /** In the order they were made; the last is the one that decided. */
  readonly checks: readonly ReplayCheck[];
}

export type ReadEventResult =
  | { readonly ok: true; readonly call: RecordedCall }
  | { readonly ok: false; readonly notReplayed: NotReplayedCall };

const RESULTS: readonly string[] = ["Allow", "ExplicitDeny", "ImplicitDeny"];
const TRUST: readonly string[] = ["admitted", "refused", "not-evaluated"];

export function readTrailEvent(event: TrailEvent): ReadEventResult {
  const eventId = stringField(event, "eventId");
  const eventTime = stringField(event, "eventTime");
  const eventName = stringField(event, "eventName");
  const requestId = stringField(event, "requestId");
  const identityField = event["userIdentity"];
  const callerArn = isObject(identityField) ? stringField(identityField, "arn") : undefined;
  const skip = (reason: NotReplayedCall["reason"], message: string): ReadEventResult => ({
    ok: false,
    notReplayed: {
      ...(eventId === undefined ? {} : { eventId }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(eventTime === undefined ? {} : { eventTime }),
      ...(eventName === undefined ? {} : { eventName }),
      ...(callerArn === undefined ? {} : { callerArn }),
      reason,
      message,
    },
  });

  const decision = event["decision"];
  if (!isObject(decision)) {
    return skip(
      "no-decision",
      "no authorization decision recorded: the call failed before authorization or makes no check",
    );
  }
  const recordedResult = decision["result"];
  if (typeof recordedResult !== "string" || !RESULTS.includes(recordedResult)) {
    return skip("malformed-checks", "`decision.result` is not `Allow`, `ExplicitDeny` or `ImplicitDeny`");
  }
  const rawChecks = decision["checks"];
  if (!Array.isArray(rawChecks)) {
    return skip(
      "no-checks-recorded",
      "the event records the decision but not its checks (a trail recorded before checks were recorded)",
    );
  }
  if (rawChecks.length === 0) return skip("malformed-checks", "`decision.checks` is empty");
  const checks: ReplayCheck[] = [];
  for (const [index, raw] of rawChecks.entries()) {
    const check = readCheck(raw);
    if (typeof check === "string") return skip("malformed-checks", `\`decision.checks[${index}]\`: ${check}`);
    checks.push(check);
  }

  const identity = readIdentity(identityField);
  if (typeof identity === "string") return skip("no-principal", identity);
  const errorCode = stringField(event, "errorCode");
  return {
    ok: true,
    call: {
      eventId: eventId ?? "",
      ...(requestId === undefined ? {} : { requestId }),
      eventTime: eventTime ?? "",
      eventName: eventName ?? "",
      identity,
      recordedResult: recordedResult as DecisionResult,
      ...(errorCode === undefined ? {} : { errorCode }),
      checks,
    },
  };
}

/** The check, or what is wrong with it. */
function readCheck(raw: unknown): ReplayCheck | string {
  if (!isObject(raw)) return "not an object";
  const action = raw["action"];
  if (typeof action !== "string" || action === "") return "`action` is not a RAM action name";
  const resources = raw["resources"];
  if (!Array.isArray(resources) || !resources.every((r): r is string => typeof r === "string")) {
    return "`resources` is not a list of ARNs";
  }
  const context = raw["context"] ?? {};
  if (!isObject(context)) return "`context` is not an object";
  const values: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === "string") values[key] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === "string"))
      values[key] = value;
    else return `context key \`${key}\` is neither a string nor a list of strings`;
  }
  const result = raw["result"];
  if (result !== undefined && (typeof result !== "string" || !RESULTS.includes(result))) {
    return "`result` is not `Allow`, `ExplicitDeny` or `ImplicitDeny`";
  }
  const trust = raw["trust"];
  if (trust !== undefined && (typeof trust !== "string" || !TRUST.includes(trust))) {
    return "`trust` is not `admitted`, `refused` or `not-evaluated`";
  }
  return {
    // The recorded keys are already canonical; makeContext keeps them so, and accepts other spellings.
    request: { action, resources, context: makeContext(values) },
    ...(result === undefined ? {} : { result: result as DecisionResult }),
    ...(trust === undefined ? {} : { trust: trust as NonNullable<ReplayCheck["trust"]> }),
  };
}

const USER_ARN = /^acs:ram::(\d+):user\/(.+)$/;
const SESSION_ARN = /^acs:ram::(\d+):assumed-role\/([^/]+)\/.+$/;

/** ActionTrail's `userIdentity` as a caller, or why it cannot be read. */
function readIdentity(value: unknown): TrailIdentity | string {
  if (!isObject(value)) return "the event has no `userIdentity`";
  const type = stringField(value, "type");
  const arn = stringField(value, "arn");
  const accountId = stringField(value, "accountId");
  if (type === "root-account") {
    if (accountId === undefined) return "`userIdentity` of the root identity has no `accountId`";
    return { type, accountId, arn: `acs:ram::${accountId}:root` };
  }
  if (type === "ram-user") {
    const fromArn = arn === undefined ? undefined : USER_ARN.exec(arn);
    const userName = stringField(value, "userName") ?? fromArn?.[2];
    const account = accountId ?? fromArn?.[1];
    if (userName === undefined || account === undefined) {
      return "`userIdentity` of the RAM user has neither `userName` and `accountId` nor `arn`";
    }
    return { type, accountId: account, userName, arn: arn ?? `acs:ram::${account}:user/${userName}` };
  }
  if (type === "assumed-role") {
    const fromArn = arn === undefined ? undefined : SESSION_ARN.exec(arn);
    if (arn === undefined || fromArn === null || fromArn === undefined) {
      return "`userIdentity.arn` of the role session is not `acs:ram::<account>:assumed-role/<role>/<session>`";
    }
    return { type, accountId: accountId ?? (fromArn[1] as string), roleName: fromArn[2] as string, arn };
  }
  return type === undefined
    ? "`userIdentity` has no `type`"
    : `\`userIdentity.type\` \`${type}\` is not \`root-account\`, \`ram-user\` or \`assumed-role\``;
}

function stringField(object: { readonly [key: string]: unknown }, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
