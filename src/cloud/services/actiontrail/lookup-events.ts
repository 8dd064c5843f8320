import { CloudError, invalidParameter, missingParameter } from "../../http/index.js";
import { StoreError } from "../../store/store-error.js";
import { declareHandler } from "../declared-parameters.js";
import { readLookupAttributes } from "./lookup-attributes.js";

// ActionTrail LookupEvents over the local cloud's own audit trail: the events of the CALLER'S
// account only (an event belongs to the account of the principal that called), newest first, in
// ActionTrail's event format with imageguard's `decision` (result, deciding policy and statement).
//
// Alibaba's reference: StartTime and EndTime (ISO 8601, UTC) are given together or not at all, and
// default to the last 7 days; MaxResults is 0–50; Direction is BACKWARD (newest first, the default)
// or FORWARD; NextToken continues a listing made with the same parameters.
// [decision] MaxResults 0 or absent gives 20 events; FORWARD is refused (the trail is kept newest
// first and a local console has no use for the other order).

const DEFAULT_MAX_RESULTS = 20;
const DEFAULT_RANGE_MS = 7 * 24 * 60 * 60 * 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

function readTime(name: string, text: string): Date {
  const time = ISO_UTC.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidParameter(name, "Specify the time in UTC as yyyy-MM-ddTHH:mm:ssZ.");
  }
  return new Date(time);
}

/** `[from, to)`: the store's `to` is exclusive, ActionTrail's EndTime inclusive (to the second). */
function readRange(start: string | undefined, end: string | undefined, now: Date): { from: Date; to: Date } {
  if ((start === undefined) !== (end === undefined)) {
    throw missingParameter(start === undefined ? "StartTime" : "EndTime");
  }
  if (start === undefined || end === undefined) {
    return { from: new Date(now.getTime() - DEFAULT_RANGE_MS), to: new Date(now.getTime() + 1) };
  }
  const from = readTime("StartTime", start);
  const until = readTime("EndTime", end);
  if (until.getTime() < from.getTime()) throw invalidParameter("EndTime", "It must not be before StartTime.");
  const inclusive = /:\d{2}Z$/.test(end) ? 1000 : 1;
  return { from, to: new Date(until.getTime() + inclusive) };
}

export const lookupEvents = declareHandler({
  product: "actiontrail",
  action: "LookupEvents",
  access: "read",
  parameters: {
    accepted: [
      "StartTime",
      "EndTime",
      "MaxResults",
      "NextToken",
      "Direction",
      "LookupAttribute.N.Key",
      "LookupAttribute.N.Value",
    ],
  },
  async handle(ctx) {
    const start = ctx.params.optStr("StartTime") || undefined;
    const end = ctx.params.optStr("EndTime") || undefined;
    const { from, to } = readRange(start, end, ctx.now);
    const maxResults = ctx.params.optInt("MaxResults", { min: 0, max: 50 }) || DEFAULT_MAX_RESULTS;
    const nextToken = ctx.params.optStr("NextToken") || undefined;
    const direction = ctx.params.optStr("Direction") || "BACKWARD";
    if (direction === "FORWARD") {
      throw new CloudError(
        "InvalidParameter",
        400,
        'The parameter "Direction" is not supported by the local cloud with FORWARD: events are listed newest first (BACKWARD).',
      );
    }
    if (direction !== "BACKWARD") throw invalidParameter("Direction", "It is BACKWARD or FORWARD.");
    const attributes = readLookupAttributes(ctx.params, ctx.rawParams, ctx.caller);

    let page;
    try {
      page = await ctx.store.audit.list(
        { ...attributes, accountId: ctx.caller.accountId, from: from.toISOString(), to: to.toISOString() },
        { maxResults, ...(nextToken === undefined ? {} : { nextToken }) },
      );
    } catch (err) {
      if (err instanceof StoreError && err.code === "invalid-next-token") {
        throw new CloudError("InvalidNextToken", 400, "The specified NextToken is not valid.");
      }
      throw err;
    }
    return {
      StartTime: start ?? from.toISOString().replace(/\.\d{3}Z$/, "Z"),
      EndTime: end ?? ctx.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      Events: page.items.map((event) => event.body),
    };
  },
});
