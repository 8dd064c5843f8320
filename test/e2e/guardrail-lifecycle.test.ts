// The guardrail's whole lifecycle against a running local cloud (issue 4, item 7): an organisation of
// 20 accounts and about 2,000 instances, compliant and not, built through Alibaba's official SDKs;
// then imageguard run exactly as a user runs it — validate, plan, apply, status, analyze — the
// bypasses tried through the SDKs and refused, scan, remediate --apply, scan clean, and what-if over
// the recorded trail, from a file and from the cloud's ActionTrail. Every number asserted is derived
// from what was built (lifecycle/expected.ts), never from a command's own output.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFindingsStore } from "../../src/guardrail/index.js";
import {
  EcsModule,
  ResourceManagerModule,
  TagModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../cloud/harness.js";
import {
  buildOrganisation,
  type BuiltInstance,
  type BuiltOrganisation,
} from "./lifecycle/build-organisation.js";
import { assumeRole, createImage } from "./lifecycle/sdk-steps.js";
import { imageguardIn, json, writeProfiles, type Imageguard } from "./lifecycle/cli.js";
import {
  byVerdict,
  developmentLaunchesDenied,
  launchesDeniedToday,
  remediated,
  verdictsAfter,
  verdictsBefore,
} from "./lifecycle/expected.js";
import {
  BYPASS_ACCOUNT,
  FACTORY,
  GOLDEN_TAGS,
  INSTANCE_TYPE,
  MEMBERS,
  PIPELINE_ROLE,
  UBUNTU,
  type Verdict,
} from "./lifecycle/shape.js";
import { lifecycleSpec, type LifecycleSpec } from "./lifecycle/spec.js";

const STEP_TIMEOUT = 300_000;
const REGION = "cn-hangzhou";

let cwd: string;
let t: TestCloud;
let org: BuiltOrganisation;
let spec: LifecycleSpec;
let imageguard: Imageguard;
/** How every command that reads the cloud connects: the security team's profile. */
let connection: string[];
/** The verdicts the first scan must give, then the re-scan after remediation. */
let before: Map<string, Verdict>;
let fixed: BuiltInstance[];
let firstScanId: number;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "imageguard-lifecycle-"));
  t = await startTestCloud({ dataDir: join(cwd, ".imageguard") });
  org = await buildOrganisation(t);
  spec = lifecycleSpec(org, new Date());
  await writeFile(join(cwd, "imageguard.yaml"), spec.text);
  await writeProfiles(cwd, "profiles.json", { "security-admin": org.securityAdmin });
  connection = ["--config", "profiles.json", "--profile", "security-admin", "--endpoint", t.cloud.url];
  imageguard = imageguardIn(cwd);
}, 600_000);

afterAll(async () => {
  await t?.close();
  if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
});

const accountName = (id: string) => Object.entries(org.accounts).find(([, value]) => value === id)?.[0];

describe("the organisation, built through the SDKs", () => {
  it("has 20 accounts in the resource directory and about 2,000 instances, compliant and not", async () => {
    const listed = (
      await t
        .rm(org.securityAdmin)
        .listAccounts(new ResourceManagerModule.ListAccountsRequest({ pageSize: 100 }))
    ).body?.accounts?.account;
    expect(listed).toHaveLength(MEMBERS.length + 1);
    expect(org.instances).toHaveLength(2_019);
    const verdicts = verdictsBefore(org.instances, []);
    expect([...verdicts.values()].filter((verdict) => verdict === "compliant")).toHaveLength(1_656);
  });
});

describe("deploying the guardrail", () => {
  it("guardrail validate: the spec is valid (exit 0)", async () => {
    const run = await imageguard("guardrail", "validate", "imageguard.yaml");
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain("scopes: 3 enforce, 1 audit");
    expect(run.out).toContain("exemptions: 3 active, 0 expired");
  });

  it("guardrail plan: policies to create and attach to the enforced folders, none to Development (exit 2)", async () => {
    const run = await imageguard("--json", "guardrail", "plan", "imageguard.yaml", ...connection);
    expect(run.code, run.err).toBe(2);
    const plan = json<{
      ok: boolean;
      steps: { kind: string; policy?: string; target?: { nodeId: string } }[];
    }>(run);
    expect(plan.ok).toBe(true);
    expect(plan.steps[0]?.kind).toBe("enable-control-policy");
    const attachedTo = new Set(
      plan.steps.filter((step) => step.kind === "attach").map((step) => step.target?.nodeId),
    );
    expect(attachedTo).toEqual(new Set([org.folders.Security, org.folders.Production, org.folders.Staging]));
    expect(plan.steps.filter((step) => step.kind === "create-policy").length).toBeGreaterThan(0);
  });

  it("guardrail apply --yes applies every step (exit 0); status is then in sync and a new plan is empty (exit 0)", async () => {
    const applied = await imageguard("guardrail", "apply", "imageguard.yaml", "--yes", ...connection);
    expect(applied.code, applied.err + applied.out).toBe(0);
    const status = await imageguard("guardrail", "status", "imageguard.yaml", ...connection);
    expect(status.code, status.err + status.out).toBe(0);
    expect(status.out).toContain("in sync");
    const again = await imageguard("guardrail", "plan", "imageguard.yaml", ...connection);
    expect(again.code, again.err + again.out).toBe(0);
  });

  it(
    "policy analyze from the cloud: no bypass in any member account (exit 0)",
    async () => {
      const members = MEMBERS.flatMap((member) => ["--account", member.name]);
      const run = await imageguard(
        "--json",
        "policy",
        "analyze",
        "--no-progress",
        "--spec",
        "imageguard.yaml",
        ...members,
        ...connection,
      );
      const report = json<{
        findings: unknown[];
        expected: { principal: { arn: string }; expected?: string }[];
        complete: boolean;
        cloud: { accounts: number; unread: unknown[] };
      }>(run);
      expect(report.findings).toEqual([]);
      expect(report.complete).toBe(true);
      expect(report.cloud.unread).toEqual([]);
      expect(run.code, run.err).toBe(0);
      // Those the spec lets past on purpose are listed as expected, with the reason.
      const reasons = new Set(
        report.expected.map((entry) => (entry.expected ?? "").replace(/`[^`]*`/g, "`…`")),
      );
      expect(reasons).toEqual(
        new Set(["pipeline role `…`", "exemption `…`", "scope `…` is in audit mode: scanned, not enforced"]),
      );
    },
    STEP_TIMEOUT,
  );
});

describe("bypass attempts, once the guardrail is deployed", () => {
  const account = () => org.accounts[BYPASS_ACCOUNT] ?? "";
  const ownImage = () => org.ownImages[`${BYPASS_ACCOUNT}/${REGION}`] ?? "";
  const inBypassAccount = (kind: BuiltInstance["kind"]) =>
    org.instances.find((i) => i.account === BYPASS_ACCOUNT && i.regionId === REGION && i.kind === kind)
      ?.instanceId ?? "";

  /** 403 with Alibaba's AccessDeniedDetail: an explicit deny by a control policy imageguard deployed. */
  async function refused(call: Promise<unknown>, action: string, principalOwner = account()) {
    const error = await sdkError(call);
    expect(error.statusCode).toBe(403);
    expect(error.accessDeniedDetail).toMatchObject({
      AuthAction: action,
      AuthPrincipalOwnerId: principalOwner,
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
    const decoded = t.cloud.decodeDiagnostic(String(error.accessDeniedDetail?.["EncodedDiagnosticMessage"]));
    expect(decoded?.decidedBy.policyName).toMatch(/^imageguard-guardrail-/);
    return decoded?.decidedBy.sid;
  }

  let securityGroupId: string;
  beforeAll(async () => {
    const groups = await t
      .ecs(org.ops)
      .describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupName: "default" }),
      );
    securityGroupId = groups.body?.securityGroups?.securityGroup?.[0]?.securityGroupId ?? "";
  });

  function runInstances(creds: Credentials, imageId: string) {
    return t.ecs(creds).runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: REGION,
        imageId,
        instanceType: INSTANCE_TYPE,
        securityGroupId,
        amount: 1,
      }),
    );
  }

  it("RunInstances from an untagged, a public or an unreviewed image is refused to the account's administrator and developer", async () => {
    for (const creds of [org.ops, org.developers[BYPASS_ACCOUNT] as Credentials]) {
      for (const imageId of [ownImage(), UBUNTU, org.images.candidate[REGION], org.images.staging[REGION]]) {
        expect(await refused(runInstances(creds, imageId), "ecs:RunInstances")).toMatch(/^DenyLaunch/);
      }
    }
  });

  it("a launch from a golden image still succeeds, for the developer under the brief's policy", async () => {
    const response = await runInstances(
      org.developers[BYPASS_ACCOUNT] as Credentials,
      org.images.goldenUbuntu[REGION],
    );
    const [instanceId] = response.body?.instanceIdSets?.instanceIdSet ?? [];
    expect(instanceId).toMatch(/^i-/);
    org.instances.push({
      instanceId: instanceId ?? "",
      account: BYPASS_ACCOUNT,
      accountId: account(),
      regionId: REGION,
      kind: "golden-ubuntu",
      imageId: org.images.goldenUbuntu[REGION],
    });
  });

  it("ReplaceSystemDisk onto an untagged image is refused; the instance keeps its golden disk", async () => {
    const instanceId = inBypassAccount("golden-alinux");
    const ecs = t.ecs(org.ops);
    await ecs.stopInstance(new EcsModule.StopInstanceRequest({ instanceId }));
    expect(
      await refused(
        ecs.replaceSystemDisk(new EcsModule.ReplaceSystemDiskRequest({ instanceId, imageId: ownImage() })),
        "ecs:ReplaceSystemDisk",
      ),
    ).toMatch(/^DenyLaunch/);
    await ecs.startInstance(new EcsModule.StartInstanceRequest({ instanceId }));
    const seen = (
      await ecs.describeInstances(
        new EcsModule.DescribeInstancesRequest({
          regionId: REGION,
          instanceIds: JSON.stringify([instanceId]),
        }),
      )
    ).body?.instances?.instance?.[0];
    expect(seen).toMatchObject({ imageId: org.images.goldenAlinux[REGION], status: "Running" });
  });

  it("a protected tag on an image is refused through ECS TagResources, ECS AddTags and the Tag service", async () => {
    const ecs = t.ecs(org.ops);
    const sids = [
      await refused(
        ecs.tagResources(
          new EcsModule.TagResourcesRequest({
            regionId: REGION,
            resourceType: "image",
            resourceId: [ownImage()],
            tag: [new EcsModule.TagResourcesRequestTag({ key: "status", value: "approved" })],
          }),
        ),
        "ecs:TagResources",
      ),
      await refused(
        ecs.addTags(
          new EcsModule.AddTagsRequest({
            regionId: REGION,
            resourceType: "image",
            resourceId: ownImage(),
            tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "production" })],
          }),
        ),
        "ecs:AddTags",
      ),
      await refused(
        t.tag(org.ops).tagResources(
          new TagModule.TagResourcesRequest({
            regionId: REGION,
            resourceARN: [`acs:ecs:${REGION}:${account()}:image/${ownImage()}`],
            tags: JSON.stringify({ "security-level": "trusted" }),
          }),
        ),
        "tag:TagResources",
      ),
    ];
    expect(new Set(sids)).toEqual(new Set(["DenyProtectedImageTagChanges"]));
    // An unprotected tag is nobody's concern.
    await ecs.tagResources(
      new EcsModule.TagResourcesRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: [ownImage()],
        tag: [new EcsModule.TagResourcesRequestTag({ key: "team", value: "retail" })],
      }),
    );
  });

  it("CreateImage and CopyImage with a protected Tag.N are refused", async () => {
    const instanceId = inBypassAccount("golden-ubuntu");
    expect(
      await refused(
        createImage(t, { ...org.ops, regionId: REGION }, instanceId, {
          name: "golden-from-birth",
          description: "a bypass",
          tags: GOLDEN_TAGS,
        }),
        "ecs:CreateImage",
      ),
    ).toBe("DenyImagesCreatedWithProtectedTags");
    expect(
      await refused(
        t.ecs(org.ops).copyImage(
          new EcsModule.CopyImageRequest({
            regionId: REGION,
            imageId: ownImage(),
            destinationRegionId: "cn-shanghai",
            tag: [new EcsModule.CopyImageRequestTag({ key: "environment", value: "production" })],
          }),
        ),
        "ecs:CopyImage",
      ),
    ).toBe("DenyImagesCreatedWithProtectedTags");
  });

  it("in the image factory, its administrator cannot tag images golden, and the pipeline role can", async () => {
    const factory = org.accounts[FACTORY] ?? "";
    const canary = org.instances.find((i) => i.account === FACTORY)?.instanceId ?? "";
    const administrator = await assumeRole(
      t,
      org.securityAdmin,
      factory,
      "resourcedirectoryaccountaccessrole",
      "factory-ops",
    );
    const pipeline = await assumeRole(t, org.securityAdmin, factory, PIPELINE_ROLE, "pipeline-run");
    const image = await createImage(t, { ...pipeline, regionId: REGION }, canary, {
      name: "golden-ubuntu-22.04-v3",
      description: "the next golden image, tagged at birth by the pipeline",
      tags: { status: "approved", environment: "production" },
    });
    const tag = (creds: Credentials) =>
      t.ecs(creds).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [image],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "security-level", value: "trusted" })],
        }),
      );
    expect(await refused(tag(administrator), "ecs:TagResources", factory)).toBe(
      "DenyProtectedImageTagChanges",
    );
    await tag(pipeline);
  });
});

interface ScanJson {
  scanId: number;
  summary: { instances: number; enforcedFindings: number; byVerdict: Record<string, number> };
  instances: { instanceId: string; verdict: string }[];
  incomplete: unknown[];
}

function verdictsOf(scan: ScanJson): Map<string, string> {
  return new Map(scan.instances.map((instance) => [instance.instanceId, instance.verdict]));
}

/** Instances whose verdict differs from the expected one (empty when all agree). */
function disagreements(seen: ReadonlyMap<string, string>, expected: ReadonlyMap<string, Verdict>) {
  const out: string[] = [];
  for (const [instanceId, verdict] of expected) {
    if (seen.get(instanceId) !== verdict)
      out.push(`${instanceId}: ${seen.get(instanceId)} (expected ${verdict})`);
  }
  for (const instanceId of seen.keys()) if (!expected.has(instanceId)) out.push(`${instanceId}: not built`);
  return out;
}

describe("scan, remediate, scan again", () => {
  it(
    "scan finds every instance with the verdict it was built for (exit 2: findings in enforce scopes)",
    async () => {
      before = verdictsBefore(org.instances, spec.exemptInstances);
      fixed = remediated(org.instances, before);
      const run = await imageguard(
        "--json",
        "scan",
        "--spec",
        "imageguard.yaml",
        "--findings",
        "findings.db",
        "--no-progress",
        ...connection,
      );
      expect(run.code, run.err).toBe(2);
      const scan = json<ScanJson>(run);
      firstScanId = scan.scanId;
      expect(scan.incomplete).toEqual([]);
      expect(scan.summary.byVerdict).toEqual(byVerdict(before));
      expect(scan.summary.enforcedFindings).toBe(fixed.length);
      expect(disagreements(verdictsOf(scan), before)).toEqual([]);
      // The figures, spelt out: 2,020 instances (the developer's golden launch included).
      expect(scan.summary.byVerdict).toMatchObject({
        compliant: 1_657,
        "untrusted-owner": 168,
        "missing-tag": 170,
        "deprecated-past-grace": 3,
        exempt: 22,
      });
    },
    STEP_TIMEOUT,
  );

  it(
    "remediate (a dry run) plans a disk replacement for each enforced finding, skips audit and exempt ones (exit 2)",
    async () => {
      const run = await imageguard(
        "--json",
        "remediate",
        "--spec",
        "imageguard.yaml",
        "--findings",
        "findings.db",
        ...connection,
      );
      expect(run.code, run.err).toBe(2);
      const plan = json<{
        summary: Record<string, number>;
        items: { instanceId: string; status: string; strategy?: string }[];
      }>(run);
      const findings = [...before.values()].filter((verdict) => verdict !== "compliant").length;
      expect(plan.summary).toMatchObject({
        findings,
        planned: fixed.length,
        skipped: findings - fixed.length,
        blocked: 0,
        refused: 0,
        steps: 3 * fixed.length,
        systemDisksReplaced: fixed.length,
        instancesReleased: 0,
      });
      const planned = plan.items.filter((item) => item.status === "planned");
      expect(new Set(planned.map((item) => item.instanceId))).toEqual(
        new Set(fixed.map((i) => i.instanceId)),
      );
      expect(new Set(planned.map((item) => item.strategy))).toEqual(new Set(["replace-disk"]));
    },
    STEP_TIMEOUT,
  );

  it(
    "remediate --apply --yes replaces every planned system disk with a golden image and verifies it (exit 0)",
    async () => {
      const run = await imageguard(
        "--json",
        "remediate",
        "--spec",
        "imageguard.yaml",
        "--findings",
        "findings.db",
        "--apply",
        "--yes",
        ...connection,
      );
      expect(run.code, run.err.slice(-3000)).toBe(0);
      const { run: result } = json<{
        run: {
          status: string;
          summary: Record<string, number>;
          verification?: { items: { instanceId: string; status: string }[] };
        };
      }>(run);
      expect(result.status).toBe("succeeded");
      expect(result.summary).toMatchObject({
        instances: fixed.length,
        succeeded: fixed.length,
        failed: 0,
        stepsSucceeded: 3 * fixed.length,
        stepsFailed: 0,
      });
      expect(new Set(result.verification?.items.map((item) => item.status))).toEqual(new Set(["resolved"]));
    },
    STEP_TIMEOUT,
  );

  it(
    "a new scan is clean (exit 0): every enforced finding resolved in the history; audit and exempt ones stay open",
    async () => {
      const run = await imageguard(
        "--json",
        "scan",
        "--spec",
        "imageguard.yaml",
        "--findings",
        "findings.db",
        "--no-progress",
        ...connection,
      );
      expect(run.code, run.err).toBe(0);
      const scan = json<ScanJson>(run);
      const after = verdictsAfter(before, fixed);
      expect(scan.summary.byVerdict).toEqual(byVerdict(after));
      expect(scan.summary.enforcedFindings).toBe(0);
      expect(disagreements(verdictsOf(scan), after)).toEqual([]);

      // The findings database, as the history shows it: the first scan's findings, each resolved
      // exactly when remediation made its instance golden.
      const store = await openFindingsStore({ file: join(cwd, "findings.db") });
      try {
        const findings = (await store.findings()).filter((finding) => finding.firstScanId === firstScanId);
        expect(findings).toHaveLength([...before.values()].filter((v) => v !== "compliant").length);
        const fixedIds = new Set(fixed.map((instance) => instance.instanceId));
        const unresolved = findings.filter((f) => fixedIds.has(f.instanceId) && f.resolvedAt === undefined);
        const resolvedWrongly = findings.filter(
          (f) => !fixedIds.has(f.instanceId) && f.resolvedAt !== undefined,
        );
        expect(unresolved.map((f) => f.instanceId)).toEqual([]);
        expect(resolvedWrongly.map((f) => f.instanceId)).toEqual([]);
      } finally {
        await store.close();
      }
    },
    STEP_TIMEOUT,
  );
});

describe("what-if over the recorded trail", () => {
  const PROPOSAL = {
    Version: "1",
    Statement: [
      {
        Sid: "DenyLaunchFromNonProductionImages",
        Effect: "Deny",
        Action: ["ecs:RunInstances", "ecs:CreateInstance", "ecs:ReplaceSystemDisk"],
        Resource: "acs:ecs:*:*:image/*",
        Condition: { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
      },
    ],
  };

  interface WhatIf {
    totals: { changed: number; differFromRecord: number; notReplayed: number };
    changed: { eventId: string; action: string; change: string; principal: { accountId: string } }[];
  }

  let fromFile: WhatIf;

  beforeAll(async () => {
    await writeFile(join(cwd, "enforce-development.json"), JSON.stringify(PROPOSAL, null, 2));
  });

  it(
    "trail export, then whatif --trail: the Development launches from non-production images would be denied (exit 2)",
    async () => {
      const exported = await imageguard("trail", "export", "--data", ".imageguard", "--out", "trail.jsonl");
      expect(exported.code, exported.err).toBe(0);
      expect((await readFile(join(cwd, "trail.jsonl"), "utf8")).split("\n").length).toBeGreaterThan(1_000);

      const run = await imageguard(
        "--json",
        "whatif",
        "--policy",
        "enforce-development.json",
        "--attach-to",
        "Root/Development",
        "--trail",
        "trail.jsonl",
        "--no-progress",
        ...connection,
      );
      expect(run.code, run.err).toBe(2);
      fromFile = json<WhatIf>(run);
      const expected = developmentLaunchesDenied(org);
      const perAccount: Record<string, number> = {};
      for (const call of fromFile.changed) {
        perAccount[call.principal.accountId] = (perAccount[call.principal.accountId] ?? 0) + 1;
      }
      expect(perAccount).toEqual(expected);
      expect(new Set(fromFile.changed.map((call) => `${call.action} ${call.change}`))).toEqual(
        new Set(["ecs:RunInstances now-denied"]),
      );
      expect(fromFile.totals.changed).toBe(48);
      // Today's organisation is not the one the build ran in: the guardrail now refuses the
      // non-golden launches made before it, in every enforced account but the exempted one, and
      // the build's creating of the image factory's pipeline role and attaching a policy to it (an
      // exempt role, which only break-glass may create or change now: DenyChangesToExemptRoles).
      expect(fromFile.totals.differFromRecord).toBe(launchesDeniedToday(org) + 2);
      expect(Object.keys(perAccount).map(accountName).sort()).toEqual(
        MEMBERS.filter((m) => m.folder === "Development").map((m) => m.name),
      );
    },
    STEP_TIMEOUT,
  );

  it(
    "whatif from the cloud's ActionTrail (no --trail) finds the same calls",
    async () => {
      const run = await imageguard(
        "--json",
        "whatif",
        "--policy",
        "enforce-development.json",
        "--attach-to",
        "Root/Development",
        "--since",
        "1h",
        "--region",
        "cn-hangzhou",
        "cn-shanghai",
        "--no-progress",
        ...connection,
      );
      expect(run.code, run.err).toBe(2);
      const fromCloud = json<WhatIf & { trailAccounts: { ok: boolean }[] }>(run);
      expect(fromCloud.trailAccounts).toHaveLength(MEMBERS.length + 1);
      expect(fromCloud.trailAccounts.every((account) => account.ok)).toBe(true);
      expect(new Set(fromCloud.changed.map((call) => call.eventId))).toEqual(
        new Set(fromFile.changed.map((call) => call.eventId)),
      );
    },
    STEP_TIMEOUT,
  );
});
