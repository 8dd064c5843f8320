// Ids that the store indexes grow with time (so new rows append to their indexes) and keep
// Alibaba's shapes.
import { describe, expect, it } from "vitest";
import { newEventId, newRegionalId } from "../../../src/cloud/model/index.js";
import type { RegionalIdKind } from "../../../src/cloud/model/index.js";

const MS = Date.UTC(2026, 0, 1);

const SHAPES: readonly [RegionalIdKind, RegExp][] = [
  ["instance", /^i-bp[a-z0-9]{18}$/],
  ["image", /^m-bp[a-z0-9]{18}$/],
  ["disk", /^d-bp[a-z0-9]{18}$/],
  ["securitygroup", /^sg-bp[a-z0-9]{18}$/],
  ["vpc", /^vpc-bp[a-z0-9]{19}$/],
  ["vswitch", /^vsw-bp[a-z0-9]{19}$/],
  ["vrouter", /^vrt-bp[a-z0-9]{19}$/],
];

describe("regional ids", () => {
  it.each(SHAPES)(
    "keep the %s shape: prefix, region code, length, lower-case letters and digits",
    (kind, shape) => {
      expect(newRegionalId(kind, "cn-hangzhou")).toMatch(shape);
      expect(newRegionalId(kind, "cn-hangzhou", 0)).toMatch(shape);
      expect(newRegionalId(kind, "cn-hangzhou", 36 ** 8 + MS)).toMatch(shape);
    },
  );

  it("sort by the millisecond they were made, and differ within one", () => {
    const ids = [MS, MS + 1, MS + 1000, MS + 86_400_000].map((ms) =>
      newRegionalId("instance", "cn-hangzhou", ms),
    );
    expect([...ids].sort()).toEqual(ids);
    const sameMs = new Set(Array.from({ length: 1000 }, () => newRegionalId("vpc", "cn-hangzhou", MS)));
    expect(sameMs.size).toBe(1000);
  });
});

describe("event ids", () => {
  it("are version 7 UUIDs carrying the time, sorting by it", () => {
    const id = newEventId(MS);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(MS);
    const ids = [MS, MS + 1, MS + 60_000].map((ms) => newEventId(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newEventId(MS))).size).toBe(1000);
  });
});
