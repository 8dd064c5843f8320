import * as OpenApiModule from "@alicloud/openapi-core";
import type { ClientContext } from "./client-context.js";
import { allTokenPages } from "./paging.js";

// ActionTrail (2020-07-06): the recorded calls of the caller's account, as `LookupEvents` serves
// them. There is no ActionTrail SDK package here, so the call goes through openapi-core's generic
// `callApi` (the client class every product SDK extends), through the same retries and errors as
// every other call.
//
// What Alibaba documents and this wrapper keeps to: StartTime and EndTime in UTC to the second
// (`yyyy-MM-ddTHH:mm:ssZ`), given together; at most 30 days between them (a longer range is asked
// for in 30-day windows); at most 50 events a page, the next page by `NextToken` with the other
// parameters unchanged. Events are those of the endpoint's region, plus the global services' events,
// which every region serves: looking up several regions returns those more than once.

export interface TrailLookup {
  /** Inclusive; floored to the second. */
  readonly startTime: Date;
  /** Inclusive; raised to the second. Default now. */
  readonly endTime?: Date;
  /** The region whose events are looked up (its endpoint serves the call); default the connection's. */
  readonly regionId?: string;
  /** Told after every page with the number of events read so far. */
  readonly onPage?: (eventsSoFar: number) => void;
}

/** One event as ActionTrail writes it (`eventId`, `eventTime`, `userIdentity`, …), read as it came. */
export type ActionTrailEvent = { readonly [field: string]: unknown };

export interface ActionTrailApi {
  /** Every event of the caller's account between the two times, in the order the cloud lists them. */
  lookupEvents(lookup: TrailLookup): Promise<ActionTrailEvent[]>;
}

export const ACTIONTRAIL_VERSION = "2020-07-06";
/** LookupEvents' largest page. */
const MAX_RESULTS = 50;
/** LookupEvents' longest range. */
export const MAX_LOOKUP_RANGE_MS = 30 * 24 * 3600 * 1000;

// openapi-core's helpers live on a class exported as `default` of a CommonJS module: unwrapped the
// way ./sdk.ts unwraps the SDK clients, since the two loaders nest it differently.
const OpenApiUtil = (() => {
  const util = OpenApiModule.OpenApiUtil as unknown as { default?: typeof OpenApiModule.OpenApiUtil };
  return typeof util.default === "function" ? util.default : OpenApiModule.OpenApiUtil;
})();

export function createActionTrailApi(ctx: ClientContext): ActionTrailApi {
  const product = "actiontrail";
  const action = "LookupEvents";

  async function page(
    regionId: string,
    query: Record<string, string>,
  ): Promise<{ items: ActionTrailEvent[]; nextToken?: string }> {
    const body = await ctx.call(product, action, { regionId, idempotent: true }, async (sdk) => {
      const response = await sdk.callApi(
        new OpenApiModule.$OpenApiUtil.Params({
          action,
          version: ACTIONTRAIL_VERSION,
          protocol: ctx.connection.endpoint.kind === "single" ? ctx.connection.endpoint.protocol : "https",
          pathname: "/",
          method: "POST",
          authType: "AK",
          style: "RPC",
          reqBodyType: "formData",
          bodyType: "json",
        }),
        new OpenApiModule.$OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) }),
        // callApi reads only the fields it finds set (timeouts, proxies); the client's own
        // timeouts come from its Config, as for every product SDK.
        {} as Parameters<typeof sdk.callApi>[2],
      );
      return response["body"] as unknown;
    });
    if (typeof body !== "object" || body === null) {
      return ctx.unexpected("a JSON body", product, action);
    }
    const fields = body as { Events?: unknown; NextToken?: unknown };
    if (fields.Events !== undefined && !Array.isArray(fields.Events)) {
      return ctx.unexpected("`Events` as a list", product, action);
    }
    const items = ((fields.Events as unknown[] | undefined) ?? []).filter(
      (event): event is ActionTrailEvent =>
        typeof event === "object" && event !== null && !Array.isArray(event),
    );
    if (items.length !== ((fields.Events as unknown[] | undefined)?.length ?? 0)) {
      return ctx.unexpected("every event in `Events` as an object", product, action);
    }
    return {
      items,
      ...(typeof fields.NextToken === "string" && fields.NextToken !== ""
        ? { nextToken: fields.NextToken }
        : {}),
    };
  }

  return {
    async lookupEvents(lookup) {
      const regionId = lookup.regionId ?? ctx.connection.regionId;
      const start = Math.floor(lookup.startTime.getTime() / 1000) * 1000;
      const end = Math.ceil((lookup.endTime ?? new Date()).getTime() / 1000) * 1000;
      const events: ActionTrailEvent[] = [];
      let read = 0;
      for (const window of windows(start, end)) {
        const query = {
          StartTime: secondsIso(window.start),
          EndTime: secondsIso(window.end),
          MaxResults: String(MAX_RESULTS),
        };
        const found = await allTokenPages(
          { product, action, endpoint: ctx.endpointHost(product, regionId) },
          async (nextToken) => {
            const result = await page(
              regionId,
              nextToken === undefined ? query : { ...query, NextToken: nextToken },
            );
            read += result.items.length;
            lookup.onPage?.(read);
            return result;
          },
        );
        events.push(...found);
      }
      return events;
    },
  };
}

/** [start, end] in ranges ActionTrail accepts; the windows touch, so an event on a seam may come twice. */
function windows(start: number, end: number): { start: number; end: number }[] {
  if (end <= start) return [{ start, end: start }];
  const out: { start: number; end: number }[] = [];
  for (let from = start; from < end; from += MAX_LOOKUP_RANGE_MS) {
    out.push({ start: from, end: Math.min(end, from + MAX_LOOKUP_RANGE_MS) });
  }
  return out;
}

function secondsIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
