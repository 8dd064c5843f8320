import { describe, expect, it } from "vitest";
import {
  activeExemptions,
  checkExemptionTag,
  exemptionState,
  matchExemptions,
  parseGuardrailSpec,
} from "../../../src/guardrail/index.js";
import type { GuardrailSpec } from "../../../src/guardrail/index.js";

const SPEC_TEXT = `version: 1
golden:
  requiredTags: { status: [approved] }
scopes:
  - { path: Root/Production, mode: enforce }
  - { path: Root/Development, mode: audit }
exemptions:
  - { id: whole-dev, scope: Root/Development, reason: r, approver: a, expiresAt: "2026-06-30" }
  - { id: storefront, scope: Root/Production, account: "1300000000000001", reason: r, approver: a, expiresAt: "2026-07-31T18:00:00+08:00" }
  - { id: vendor-image, image: m-vendor, reason: r, approver: a, expiresAt: "2026-09-30" }
  - { id: batch-node, scope: Root/Production, instance: i-batch, reason: r, approver: a, expiresAt: "2026-03-31" }
`;

function spec(): GuardrailSpec {
  const result = parseGuardrailSpec(SPEC_TEXT);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.spec;
}

const ids = (exemptions: readonly { id: string }[]) => exemptions.map((exemption) => exemption.id);
const byId = (id: string) =>
  spec().exemptions.find((exemption) => exemption.id === id) as GuardrailSpec["exemptions"][number];

describe("exemption expiry", () => {
  it("Given a bare date, the exemption holds through that day (UTC) and ends at the next midnight", () => {
    const exemption = byId("whole-dev");
    expect(exemptionState(exemption, new Date("2026-06-30T23:59:59.999Z"))).toBe("active");
    expect(exemptionState(exemption, new Date("2026-07-01T00:00:00Z"))).toBe("expired");
  });

  it("Given a date-time with offset, the exemption ends at that instant", () => {
    const exemption = byId("storefront");
    expect(exemptionState(exemption, new Date("2026-07-31T09:59:59Z"))).toBe("active");
    expect(exemptionState(exemption, new Date("2026-07-31T10:00:00Z"))).toBe("expired");
  });

  it("keeps the active ones only", () => {
    expect(ids(activeExemptions(spec().exemptions, new Date("2026-05-01T00:00:00Z")))).toEqual([
      "whole-dev",
      "storefront",
      "vendor-image",
    ]);
    expect(ids(activeExemptions(spec().exemptions, new Date("2026-08-01T00:00:00Z")))).toEqual([
      "vendor-image",
    ]);
  });
});

describe("matchExemptions", () => {
  const now = new Date("2026-05-01T00:00:00Z");
  const match = (subject: Parameters<typeof matchExemptions>[1], at = now) => {
    const result = matchExemptions(spec().exemptions, subject, at);
    return { active: ids(result.active), expired: ids(result.expired) };
  };

  it("Given anything in an exempted scope, the scope exemption covers it", () => {
    expect(match({ accountId: "1400000000000001", scopeKeys: ["Root/Development"], imageId: "m-x" })).toEqual(
      {
        active: ["whole-dev"],
        expired: [],
      },
    );
  });

  it("Given the exempted account in its scope, covers it; elsewhere or another account, not", () => {
    expect(match({ accountId: "1300000000000001", scopeKeys: ["Root/Production"] }).active).toEqual([
      "storefront",
    ]);
    expect(match({ accountId: "1300000000000001", scopeKeys: ["Root/Development"] }).active).toEqual([
      "whole-dev",
    ]);
    expect(match({ accountId: "1300000000000002", scopeKeys: ["Root/Production"] }).active).toEqual([]);
  });

  it("Given an image exemption without scope, covers that image in every scope, and instances running it", () => {
    expect(match({ scopeKeys: ["Root/Production"], imageId: "m-vendor", instanceId: "i-1" }).active).toEqual([
      "vendor-image",
    ]);
    expect(match({ scopeKeys: [], imageId: "m-vendor" }).active).toEqual(["vendor-image"]);
    expect(match({ scopeKeys: ["Root/Production"], imageId: "m-other" }).active).toEqual([]);
  });

  it("Given an expired exemption that would cover the subject, lists it as expired, not active", () => {
    expect(match({ scopeKeys: ["Root/Production"], instanceId: "i-batch" })).toEqual({
      active: [],
      expired: ["batch-node"],
    });
    expect(
      match(
        { accountId: "1300000000000001", scopeKeys: ["Root/Production"] },
        new Date("2026-08-01T00:00:00Z"),
      ),
    ).toEqual({ active: [], expired: ["storefront"] });
  });
});

describe("checkExemptionTag", () => {
  const now = new Date("2026-05-01T00:00:00Z");
  const check = (imageId: string, tags: Record<string, string>, at = now) =>
    checkExemptionTag(spec(), { imageId, tags }, at);

  it("Given no exemption tag, says so", () => {
    expect(check("m-vendor", { status: "approved" })).toEqual({ kind: "none" });
  });

  it("Given the tag on the exempted image while the exemption holds, it is valid", () => {
    expect(check("m-vendor", { "imageguard-exemption": "vendor-image" })).toMatchObject({ kind: "valid" });
  });

  it("Given the tag on another image, an unknown id, or a non-image exemption, flags it", () => {
    expect(check("m-other", { "imageguard-exemption": "vendor-image" })).toMatchObject({
      kind: "other-image",
    });
    expect(check("m-vendor", { "imageguard-exemption": "made-up" })).toEqual({
      kind: "unknown-exemption",
      value: "made-up",
    });
    expect(check("m-vendor", { "imageguard-exemption": "whole-dev" })).toMatchObject({
      kind: "not-an-image-exemption",
    });
  });

  it("Given the tag after its exemption expired, flags it as expired", () => {
    expect(
      check("m-vendor", { "imageguard-exemption": "vendor-image" }, new Date("2026-10-01T00:00:00Z")),
    ).toMatchObject({
      kind: "expired",
    });
  });
});
