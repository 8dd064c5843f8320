import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { specHistoryRelation, specIdentityOf } from "../../../src/guardrail/index.js";
import type { SpecIdentity, StoredScan } from "../../../src/guardrail/index.js";

const PROD: SpecIdentity = { name: "imageguard.yaml", digest: "aaaaaaaaaaaaaaaa" };
const scan = (spec?: SpecIdentity) =>
  ({ id: 3, summary: spec === undefined ? {} : { spec } }) as unknown as StoredScan;

describe("specIdentityOf", () => {
  it("names the file by its path from the working directory and digests its text", () => {
    const digest = createHash("sha256").update("version: 1\n").digest("hex").slice(0, 16);
    expect(specIdentityOf("/work/repo", "conf/imageguard.yaml", "version: 1\n")).toEqual({
      name: "conf/imageguard.yaml",
      digest,
    });
    expect(specIdentityOf("/work/repo", "/work/repo/conf/imageguard.yaml", "version: 1\n").name).toBe(
      "conf/imageguard.yaml",
    );
    expect(specIdentityOf("/work/repo/conf", "../imageguard.yaml", "x").name).toBe("../imageguard.yaml");
  });
});

describe("specHistoryRelation", () => {
  it("tells an empty or spec-less history, the same spec, an edited one and another file apart", () => {
    expect(specHistoryRelation(undefined, PROD)).toBe("unrecorded");
    expect(specHistoryRelation(scan(), PROD)).toBe("unrecorded");
    expect(specHistoryRelation(scan(PROD), PROD)).toBe("same");
    expect(specHistoryRelation(scan(PROD), { ...PROD, digest: "bbbbbbbbbbbbbbbb" })).toBe("edited");
    expect(specHistoryRelation(scan(PROD), { name: "staging.yaml", digest: PROD.digest })).toBe("another");
  });
});
