// The analysis judges images by the same criteria the scan does: goldenFailures must agree with
// evaluateGoldenCriteria on every criterion a policy can see (tags, owner, source).
import { describe, expect, it } from "vitest";
import type { ImageSource } from "../../../src/catalog/index.js";
import {
  evaluateGoldenCriteria,
  goldenFailures,
  protectedTagKeys,
  tagsExempt,
} from "../../../src/guardrail/index.js";
import type { GoldenCriteria } from "../../../src/guardrail/index.js";

const SOURCES: readonly ImageSource[] = ["System", "Self", "Others", "Marketplace"];

function criteria(overrides: Partial<GoldenCriteria>): GoldenCriteria {
  return {
    requiredTags: [
      { key: "status", values: ["approved"] },
      { key: "environment", values: ["production", "staging"] },
    ],
    deprecationGraceDays: 0,
    protectedTagKeys: ["status", "environment"],
    ...overrides,
  };
}

describe("goldenFailures", () => {
  const variants: GoldenCriteria[] = [
    criteria({}),
    criteria({ trustedOwners: ["1200000000000001"] }),
    criteria({ allowedSources: ["Self", "Others"] }),
    criteria({ trustedOwners: ["1200000000000001"], allowedSources: ["System", "Others"] }),
  ];
  const tagSets: Record<string, string>[] = [
    {},
    { status: "approved" },
    { status: "approved", environment: "production" },
    { status: "Approved", environment: "staging" },
    { status: "approved", environment: "dev" },
  ];
  const owners = ["", "1111111111111111", "1200000000000001"];

  it("agrees with the scan's evaluateGoldenCriteria on every possible combination of tags, owner and source", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    for (const golden of variants) {
      for (const tags of tagSets) {
        for (const source of SOURCES) {
          // Alibaba-provided images have no owner, every other image has one.
          const possible =
            source === "System" || source === "Marketplace" ? [""] : owners.filter((o) => o !== "");
          for (const ownerId of possible) {
            const scan = evaluateGoldenCriteria(
              { golden },
              { imageId: "m-1", tags, ownerId, source, createdAt: now.toISOString() },
              now,
            );
            expect(goldenFailures(golden, { tags, ownerId, source }).length > 0).toBe(!scan.compliant);
          }
        }
      }
    }
  });

  it("names each failed criterion", () => {
    expect(
      goldenFailures(criteria({ trustedOwners: ["1200000000000001"], allowedSources: ["Others"] }), {
        tags: { environment: "dev" },
        ownerId: "",
        source: "System",
      }),
    ).toEqual([
      "lacks tag `status`",
      "tag `environment` is `dev`, not one of `production`, `staging`",
      "source `System` is not one of `Others`",
      "an Alibaba-provided image (`System`) has no trusted owner",
    ]);
  });

  it("protects the required keys unless protected keys are given", () => {
    expect(
      protectedTagKeys({
        requiredTags: [
          { key: "a", values: ["1"] },
          { key: "b", values: ["2"] },
        ],
      }),
    ).toEqual(["a", "b"]);
    expect(
      protectedTagKeys({ requiredTags: [{ key: "a", values: ["1"] }], protectedTagKeys: ["c"] }),
    ).toEqual(["c"]);
  });

  it("excuses an exempted image's tags until the exemption ends", () => {
    const exemption = { key: "x", values: [{ value: "e1", until: "2026-10-01T00:00:00Z" }] };
    expect(tagsExempt(exemption, { x: "e1" }, "2026-09-30T23:59:59Z")).toBe(true);
    expect(tagsExempt(exemption, { x: "e1" }, "2026-10-01T00:00:00Z")).toBe(false);
    expect(tagsExempt(exemption, { x: "e2" }, undefined)).toBe(false);
    expect(tagsExempt(undefined, { x: "e1" }, undefined)).toBe(false);
  });
});
