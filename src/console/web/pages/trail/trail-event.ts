// The ActionTrail event as LookupEvents returns it (the local cloud's events carry `decision`).

export interface TrailCheck {
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly result: string;
}

export interface TrailDecision {
  readonly result: "Allow" | "ExplicitDeny" | "ImplicitDeny";
  readonly action?: string;
  readonly resources?: readonly string[];
  readonly policyType?: string;
  readonly policyName?: string;
  readonly policyVersion?: string;
  readonly rdNode?: string;
  readonly statementIndex?: number;
  readonly sid?: string;
  readonly reason?: string;
  readonly checks?: readonly TrailCheck[];
}

export interface TrailEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly eventRW?: string;
  readonly serviceName?: string;
  readonly apiVersion?: string;
  readonly userIdentity?: {
    readonly type?: string;
    readonly accountId?: string;
    readonly accessKeyId?: string;
    readonly userName?: string;
    readonly arn?: string;
  };
  readonly sourceIpAddress?: string;
  readonly userAgent?: string;
  readonly requestParameters?: Readonly<Record<string, unknown>>;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly httpStatus?: number;
  readonly acsRegion?: string;
  readonly requestId?: string;
  readonly decision?: TrailDecision;
}

export interface LookupEventsResponse {
  readonly RequestId: string;
  readonly StartTime: string;
  readonly EndTime: string;
  readonly NextToken?: string;
  readonly Events: readonly TrailEvent[];
}

export interface TrailFilters {
  /** `datetime-local` values (local time), empty for the default. */
  readonly from: string;
  readonly to: string;
  readonly eventName: string;
  readonly user: string;
  readonly decision: "" | "Allow" | "ExplicitDeny" | "ImplicitDeny";
  readonly errorCode: string;
}

export const NO_FILTERS: TrailFilters = {
  from: "",
  to: "",
  eventName: "",
  user: "",
  decision: "",
  errorCode: "",
};

const FILTER_KEYS = ["from", "to", "eventName", "user", "decision", "errorCode"] as const;

export function filtersFromQuery(query: URLSearchParams): TrailFilters {
  const get = (key: string): string => query.get(key) ?? "";
  const decision = get("decision");
  return {
    from: get("from"),
    to: get("to"),
    eventName: get("eventName"),
    user: get("user"),
    decision:
      decision === "Allow" || decision === "ExplicitDeny" || decision === "ImplicitDeny" ? decision : "",
    errorCode: get("errorCode"),
  };
}

export function filtersToQuery(filters: TrailFilters, query = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value === "") next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** A `datetime-local` value (local time) → ActionTrail's `yyyy-MM-ddTHH:mm:ssZ` (UTC). */
export function toUtc(local: string): string | undefined {
  if (local === "") return undefined;
  const time = new Date(local);
  if (Number.isNaN(time.getTime())) return undefined;
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A Date → a `datetime-local` value in local time, to the minute. */
export function toLocalInput(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The LookupEvents parameters for the filters (without paging). */
export function lookupParams(filters: TrailFilters, now: Date = new Date()): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const from = toUtc(filters.from);
  const to = toUtc(filters.to);
  // Both or neither, as the API wants: one side given → the other side is its default.
  if (from !== undefined || to !== undefined) {
    params["StartTime"] =
      from ?? new Date(now.getTime() - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    params["EndTime"] = to ?? now.toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  const attributes: { Key: string; Value: string }[] = [];
  if (filters.eventName.trim() !== "") attributes.push({ Key: "EventName", Value: filters.eventName.trim() });
  if (filters.user.trim() !== "") attributes.push({ Key: "User", Value: filters.user.trim() });
  if (filters.decision !== "") attributes.push({ Key: "Decision", Value: filters.decision });
  if (filters.errorCode.trim() !== "") attributes.push({ Key: "ErrorCode", Value: filters.errorCode.trim() });
  if (attributes.length > 0) params["LookupAttribute"] = attributes;
  return params;
}
