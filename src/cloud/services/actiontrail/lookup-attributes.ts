import { CloudError, invalidParameter, type ParamReader } from "../../http/index.js";
import type { AuditFilter } from "../../store/store.js";
import type { Caller } from "../handler.js";

// LookupEvents' `LookupAttribute.N.Key` / `.Value`, turned into an audit filter of the caller's own
// account. Alibaba's keys that the local cloud's events can be matched on exactly are served;
// the others are refused by name, never ignored.
//
// [decision] Alibaba applies at most two attributes and, for a repeated key, only the last; here
// every attribute applies (all must match) and a repeated key is refused, since a console filtering
// on time, event name, user, decision and error code at once must get what it asked for.
// `Decision` and `ErrorCode` are imageguard's own keys: each event carries the authorization
// decision (`Allow`, `ExplicitDeny`, `ImplicitDeny`) and the error code the call returned.

type AttributeFilter = Omit<AuditFilter, "from" | "to" | "accountId">;

const DECISIONS = new Set(["Allow", "ExplicitDeny", "ImplicitDeny"]);

const NOT_MATCHABLE: Readonly<Record<string, string>> = {
  ResourceType: "events do not record resource types",
  ResourceName: "events do not record resource names apart from the request parameters",
  EventRW: "the local cloud does not index events by read/write type",
  SensitiveAction: "the local cloud does not classify sensitive actions",
  SourceIpAddress: "the local cloud does not index events by source address",
  EventType: "every event of the local cloud is an ApiCall",
  RoleName: "filter on `User` with `<role>:<session>` instead",
};

const MAX_ATTRIBUTES = 10;

function attributeIndexes(rawParams: Readonly<Record<string, string>>): number[] {
  const indexes = new Set<number>();
  for (const name of Object.keys(rawParams)) {
    const match = /^LookupAttribute\.([1-9][0-9]*)\.(Key|Value)$/.exec(name);
    if (match !== null) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** `root`, a user name, or `<role>:<session>` (ActionTrail's userName) → the principal's ARN. */
function principalArnOf(accountId: string, user: string): string {
  if (user === "root") return `acs:ram::${accountId}:root`;
  const colon = user.indexOf(":");
  if (colon > 0) return `acs:ram::${accountId}:assumed-role/${user.slice(0, colon)}/${user.slice(colon + 1)}`;
  return `acs:ram::${accountId}:user/${user}`;
}

export function readLookupAttributes(
  params: ParamReader,
  rawParams: Readonly<Record<string, string>>,
  caller: Caller,
): AttributeFilter {
  const indexes = attributeIndexes(rawParams);
  if (indexes.length > MAX_ATTRIBUTES) {
    throw invalidParameter("LookupAttribute", `It accepts at most ${MAX_ATTRIBUTES} items.`);
  }
  const filter: { -readonly [K in keyof AttributeFilter]: AttributeFilter[K] } = {};
  const seen = new Set<string>();
  for (const index of indexes) {
    const keyName = `LookupAttribute.${index}.Key`;
    const valueName = `LookupAttribute.${index}.Value`;
    const key = params.optStr(keyName) ?? "";
    const value = params.optStr(valueName) ?? "";
    if (key === "") throw invalidParameter(keyName, "Each lookup attribute needs a Key.");
    if (value === "") throw invalidParameter(valueName, "Each lookup attribute needs a Value.");
    if (seen.has(key)) throw invalidParameter(keyName, `The key ${key} is given more than once.`);
    seen.add(key);
    switch (key) {
      case "EventName":
        filter.eventName = value;
        break;
      case "ServiceName":
        filter.serviceName = value;
        break;
      case "EventId":
        filter.eventId = value;
        break;
      case "EventAccessKeyId":
        filter.accessKeyId = value;
        break;
      case "User":
        filter.principalArn = principalArnOf(caller.accountId, value);
        break;
      case "Decision":
        if (!DECISIONS.has(value)) {
          throw invalidParameter(valueName, "Decision is one of Allow, ExplicitDeny, ImplicitDeny.");
        }
        filter.decision = value as AttributeFilter["decision"];
        break;
      case "ErrorCode":
        filter.errorCode = value;
        break;
      default: {
        const why = NOT_MATCHABLE[key];
        if (why !== undefined) {
          throw new CloudError(
            "InvalidParameter",
            400,
            `The lookup attribute key "${key}" is not supported by the local cloud: ${why}.`,
          );
        }
        throw invalidParameter(
          keyName,
          `${key} is not a lookup attribute key; use EventName, ServiceName, User, EventId, EventAccessKeyId, Decision or ErrorCode.`,
        );
      }
    }
  }
  return filter;
}
