import { describe, expect, it } from "vitest";
import { evaluateGoldenCriteria, parseGuardrailSpec } from "../../../src/guardrail/index.js";
import type { GoldenImageFacts, GuardrailSpec } from "../../../src/guardrail/index.js";

const NOW = new Date("2026-05-01T00:00:00Z");
const FACTORY = "1200000000000001";

function specWith(golden: string): GuardrailSpec {
  const result = parseGuardrailSpec(`version: 1
golden:
${golden}
scopes:
  - { id: fd-prod, mode: enforce }
`);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.spec;
}

const SPEC = specWith(`  requiredTags:
    status: [approved]
    security-level: [trusted, high]
  trustedOwners: ["${FACTORY}"]
  allowedSources: [Self, Others]
  maxImageAgeDays: 90
  deprecationGraceDays: 14`);

const GOLDEN: GoldenImageFacts = {
  imageId: "m-golden",
  tags: { status: "approved", "security-level": "trusted" },
  ownerId: FACTORY,
  source: "Others",
  createdAt: "2026-04-01T00:00:00Z",
};

const reasons = (spec: GuardrailSpec, image: GoldenImageFacts) =>
  evaluateGoldenCriteria(spec, image, NOW).failures.map((failure) => failure.reason);

describe("evaluateGoldenCriteria", () => {
  it("Given an image that meets every criterion, it is compliant", () => {
    expect(evaluateGoldenCriteria(SPEC, GOLDEN, NOW)).toEqual({
      imageId: "m-golden",
      compliant: true,
      failures: [],
    });
  });

  it("Given any one allowed value of a tag, it passes that tag", () => {
    expect(reasons(SPEC, { ...GOLDEN, tags: { status: "approved", "security-level": "high" } })).toEqual([]);
  });

  it("Given an untagged image, reports each missing tag with what is allowed", () => {
    const verdict = evaluateGoldenCriteria(SPEC, { ...GOLDEN, tags: {} }, NOW);
    expect(verdict.compliant).toBe(false);
    expect(verdict.failures).toEqual([
      {
        reason: "missing-tag",
        key: "status",
        allowed: ["approved"],
        message: "image lacks tag `status` (allowed: `approved`)",
      },
      {
        reason: "missing-tag",
        key: "security-level",
        allowed: ["trusted", "high"],
        message: "image lacks tag `security-level` (allowed: `trusted`, `high`)",
      },
    ]);
  });

  it("Given a wrong value, or one differing only in case, reports the value found", () => {
    const verdict = evaluateGoldenCriteria(
      SPEC,
      { ...GOLDEN, tags: { status: "Approved", "security-level": "trusted" } },
      NOW,
    );
    expect(verdict.failures).toEqual([
      {
        reason: "missing-tag",
        key: "status",
        allowed: ["approved"],
        actual: "Approved",
        message: "image's tag `status` is `Approved`, not one of `approved`",
      },
    ]);
  });

  it("Given a golden-tagged image from an untrusted owner, reports the owner", () => {
    expect(reasons(SPEC, { ...GOLDEN, ownerId: "1900000000000009" })).toEqual(["untrusted-owner"]);
  });

  it("Given an Alibaba-provided image, it fails both owner (none) and source", () => {
    expect(reasons(SPEC, { ...GOLDEN, ownerId: "", source: "System" })).toEqual([
      "untrusted-owner",
      "disallowed-source",
    ]);
  });

  it("Given System explicitly allowed, a System image needs no owner, but other ownerless images still do", () => {
    const spec = specWith(`  requiredTags: { status: [approved] }
  trustedOwners: ["${FACTORY}"]
  allowedSources: [System, Others]`);
    const tags = { status: "approved" };
    expect(reasons(spec, { ...GOLDEN, tags, ownerId: "", source: "System" })).toEqual([]);
    expect(reasons(spec, { ...GOLDEN, tags, source: "Marketplace", ownerId: "" })).toEqual([
      "untrusted-owner",
      "disallowed-source",
    ]);
  });

  it("Given trusted owners and no source list, an Alibaba-provided image is not trusted", () => {
    const spec = specWith(`  requiredTags: { status: [approved] }
  trustedOwners: ["${FACTORY}"]`);
    expect(reasons(spec, { ...GOLDEN, tags: { status: "approved" }, source: "System", ownerId: "" })).toEqual(
      ["untrusted-owner"],
    );
  });

  it("Given a disallowed source from a trusted owner, reports the source only", () => {
    expect(reasons(SPEC, { ...GOLDEN, source: "Marketplace" })).toEqual(["disallowed-source"]);
  });

  it("Given an image older than the maximum age, reports its age; exactly the maximum still passes", () => {
    const old = evaluateGoldenCriteria(SPEC, { ...GOLDEN, createdAt: "2026-01-20T00:00:00Z" }, NOW);
    expect(old.failures).toEqual([
      {
        reason: "too-old",
        createdAt: "2026-01-20T00:00:00Z",
        ageDays: 101,
        maxImageAgeDays: 90,
        message: "image is 101 days old, older than 90 days",
      },
    ]);
    expect(reasons(SPEC, { ...GOLDEN, createdAt: "2026-01-31T00:00:00Z" })).toEqual([]);
    expect(reasons(SPEC, { ...GOLDEN, createdAt: "2026-01-30T23:59:59Z" })).toEqual(["too-old"]);
  });

  it("Given an unreadable creation time, fails the age criterion rather than passing it", () => {
    const verdict = evaluateGoldenCriteria(SPEC, { ...GOLDEN, createdAt: "yesterday" }, NOW);
    expect(verdict.failures).toMatchObject([{ reason: "too-old", createdAt: "yesterday" }]);
    expect(verdict.failures[0]).not.toHaveProperty("ageDays");
  });

  it("Given a deprecated image, passes within the grace period and fails after it", () => {
    expect(reasons(SPEC, { ...GOLDEN, deprecatedAt: "2026-04-20T00:00:00Z" })).toEqual([]);
    const verdict = evaluateGoldenCriteria(SPEC, { ...GOLDEN, deprecatedAt: "2026-04-17T00:00:00Z" }, NOW);
    expect(verdict.failures).toEqual([
      {
        reason: "deprecated-past-grace",
        deprecatedAt: "2026-04-17T00:00:00Z",
        graceDays: 14,
        graceEndedAt: "2026-05-01T00:00:00.000Z",
        message: "image was deprecated at `2026-04-17T00:00:00Z`; its 14-day grace period is over",
      },
    ]);
  });

  it("Given no grace period, a deprecated image fails at once, also when its deprecation time is unknown", () => {
    const spec = specWith(`  requiredTags: { status: [approved] }`);
    const image = { ...GOLDEN, tags: { status: "approved" } };
    expect(reasons(spec, { ...image, deprecatedAt: "2026-04-30T23:59:00Z" })).toEqual([
      "deprecated-past-grace",
    ]);
    expect(reasons(spec, { ...image, deprecated: true })).toEqual(["deprecated-past-grace"]);
    expect(reasons(spec, image)).toEqual([]);
  });

  it("reports every failed criterion at once, in the order of the spec", () => {
    expect(
      reasons(SPEC, {
        imageId: "m-bad",
        tags: {},
        ownerId: "",
        source: "System",
        createdAt: "2020-01-01T00:00:00Z",
        deprecatedAt: "2021-01-01T00:00:00Z",
      }),
    ).toEqual([
      "missing-tag",
      "missing-tag",
      "untrusted-owner",
      "disallowed-source",
      "too-old",
      "deprecated-past-grace",
    ]);
  });
});
