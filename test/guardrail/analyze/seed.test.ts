// The seed's own policies (the brief's RAM policy and its Allow-only control policy) have the
// bypasses the brief's readers miss; the analysis must name each, with what allows it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeBypasses, parseOrgModel } from "../../../src/guardrail/index.js";
import type {
  AnalysisCriteria,
  AnalysisReport,
  BypassFinding,
  OrgModel,
} from "../../../src/guardrail/index.js";
import { REPO } from "../../cli/run-cli.js";
import { replayProblem } from "./replay.js";

const SEED_CRITERIA: AnalysisCriteria = { requiredTags: [{ key: "environment", values: ["production"] }] };

function org(name: string): OrgModel {
  const result = parseOrgModel(readFileSync(`${REPO}/test/fixtures/orgs/${name}`, "utf8"));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.model;
}

const keyOf = (f: BypassFinding): string => `${f.question} ${f.action}`;
const find = (report: AnalysisReport, question: string, action: string): BypassFinding | undefined =>
  report.findings.find((f) => f.question === question && f.action === action);

describe("the seed's RAM policy next to a broad image and tag grant", () => {
  const model = org("seed-ram.yaml");
  const report = analyzeBypasses(model, SEED_CRITERIA);

  it("reports AddTags and the Tag service (b), CreateImage and CopyImage with Tag.N (c), and nothing else", () => {
    expect(report.complete).toBe(true);
    expect(report.findings.map(keyOf).sort()).toEqual([
      "create-tagged ecs:CopyImage",
      "create-tagged ecs:CreateImage",
      "tag-protected ecs:AddTags",
      "tag-protected tag:TagResources",
    ]);
  });

  it("does not report ecs:TagResources or ecs:UntagResources on images: the seed's Deny holds them", () => {
    expect(find(report, "tag-protected", "ecs:TagResources")).toBeUndefined();
    expect(find(report, "tag-protected", "ecs:UntagResources")).toBeUndefined();
    // They were analysed: the broad grant allows them, the seed's Deny takes them back.
    expect(
      analyzeBypasses(model, SEED_CRITERIA, { actions: ["ecs:TagResources"] }).stats.requests,
    ).toBeGreaterThan(0);
  });

  it("gives AddTags as a concrete request that sets the protected tag, allowed by the broad grant", () => {
    const addTags = find(report, "tag-protected", "ecs:AddTags");
    expect(addTags?.request.params).toEqual({
      RegionId: "cn-hangzhou",
      ResourceType: "image",
      ResourceId: "m-analysis0001",
      "Tag.1.Key": "environment",
      "Tag.1.Value": "production",
    });
    expect(addTags?.why).toBe("sets protected tag key `environment`");
    expect(addTags?.checks).toHaveLength(1);
    expect(addTags?.checks[0]?.resources).toEqual([
      "acs:ecs:cn-hangzhou:1111111111111111:image/m-analysis0001",
    ]);
    expect(addTags?.checks[0]?.context).toEqual({
      "acs:requesttag/environment": "production",
      "acs:tagkeys": ["environment"],
    });
    expect(addTags?.checks[0]?.allowedBy).toEqual([
      expect.objectContaining({
        policyType: "AccountLevelIdentityBasedPolicy",
        policyName: "ImageOperators",
        statementIndex: 0,
        sid: "ManageImagesAndTags",
        effect: "Allow",
      }),
    ]);
  });

  it("gives CreateImage as an image from an instance, carrying the protected tag on both checks", () => {
    const create = find(report, "create-tagged", "ecs:CreateImage");
    expect(create?.request.params).toMatchObject({
      InstanceId: "i-analysis0001",
      "Tag.1.Key": "environment",
    });
    expect(create?.checks.map((check) => check.resources)).toEqual([
      ["acs:ecs:cn-hangzhou:1111111111111111:image/*"],
      ["acs:ecs:cn-hangzhou:1111111111111111:instance/i-analysis0001"],
    ]);
  });

  it("says that denying ecs:CreateTags and ecs:DeleteTags closes nothing", () => {
    expect(report.notes).toEqual([
      expect.stringMatching(
        /^`SeedPolicy` Statement\[1\] denies `ecs:CreateTags`, which no API action checks/,
      ),
      expect.stringMatching(
        /^`SeedPolicy` Statement\[1\] denies `ecs:DeleteTags`, which no API action checks/,
      ),
    ]);
  });

  it("gives counterexamples that replay as allowed through the catalog and the engine", () => {
    for (const finding of report.findings)
      expect(replayProblem(model, SEED_CRITERIA, finding)).toBeUndefined();
  });
});

describe("the seed's Allow-only control policy next to FullAliyunAccess", () => {
  const model = org("seed-control.yaml");
  const report = analyzeBypasses(model, SEED_CRITERIA);

  it("reports launches and re-imaging from an untagged image in the member account (a)", () => {
    expect(report.complete).toBe(true);
    for (const action of ["ecs:RunInstances", "ecs:CreateInstance", "ecs:ReplaceSystemDisk"]) {
      const launch = find(report, "launch-non-golden", action);
      expect(launch?.principal.arn).toBe("acs:ram::1111111111111111:user/admin");
      expect(launch?.why).toBe("the image lacks tag `environment`");
      expect(launch?.assumes.find((r) => r.kind === "image")?.tags).toEqual({});
    }
  });

  it("names FullAliyunAccess on every node and the principal's own Allow as what allows the launch", () => {
    const launch = find(report, "launch-non-golden", "ecs:RunInstances");
    const allowedBy = launch?.checks[0]?.allowedBy.map(
      (ref) => `${ref.policyType} ${ref.policyName} ${ref.rdNode?.id ?? ref.attachedTo ?? ""}`,
    );
    expect(allowedBy).toEqual([
      "ControlPolicy FullAliyunAccess 1111111111111111",
      "ControlPolicy FullAliyunAccess fd-prod",
      "ControlPolicy FullAliyunAccess r-root",
      "AccountLevelIdentityBasedPolicy AdministratorAccess user/admin",
    ]);
    // The seed's own Allow never matched: its condition needs the tag the image lacks.
    expect(launch?.checks[0]?.allowedBy.some((ref) => ref.policyName === "SeedControlPolicy")).toBe(false);
  });

  it("reports the tag paths the control policy's Deny misses, and not the ones it holds", () => {
    const tagging = report.findings.filter((f) => f.question === "tag-protected").map((f) => f.action);
    expect(tagging.sort()).toEqual([
      "ecs:AddTags",
      "ecs:RemoveTags",
      "tag:TagResources",
      "tag:UntagResources",
    ]);
  });

  it("gives counterexamples that replay as allowed through the catalog and the engine", () => {
    for (const finding of report.findings)
      expect(replayProblem(model, SEED_CRITERIA, finding)).toBeUndefined();
  });
});
