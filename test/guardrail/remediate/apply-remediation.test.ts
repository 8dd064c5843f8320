// The remediation library against a real local cloud with the demo organisation: facts read through
// the client and the members' access roles, plans made from a real scan, steps run through the
// official SDKs, every step recorded in a findings database on disk, and the touched places scanned
// again. This is the API the console calls.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountClients,
  applyRemediation,
  collectInventory,
  findingsRecorder,
  gatherRemediationFacts,
  openFindingsStore,
  parseGuardrailSpec,
  planRemediation,
  remediationDepsFromClient,
  remediationInPlay,
  remediationTargetFromVerdict,
  scanInventory,
  selectRemediationTargets,
} from "../../../src/guardrail/index.js";
import type {
  FindingsStore,
  GuardrailSpec,
  RemediationPlan,
  RemediationSelection,
  StrategyChoice,
} from "../../../src/guardrail/index.js";
import { readFile } from "node:fs/promises";
import { EcsModule, ResourceManagerModule } from "../../cloud/harness.js";
import { REGION, startDemoWorld, type DemoWorld } from "./demo-world.js";

let world: DemoWorld;
let spec: GuardrailSpec;
let store: FindingsStore;

async function planFor(
  selection: Partial<RemediationSelection>,
  strategy: StrategyChoice = "auto",
): Promise<RemediationPlan> {
  const now = new Date();
  const result = scanInventory(await collectInventory(world.admin, { regions: [REGION] }), spec, now);
  const full: RemediationSelection = { includeAudit: false, approveImages: [], ...selection };
  const targets = result.instances.filter((i) => i.verdict !== "compliant").map(remediationTargetFromVerdict);
  const inPlay = selectRemediationTargets(targets, full).filter((t) => remediationInPlay(t, full));
  const facts = await gatherRemediationFacts(inPlay, accountClients(world.admin), spec);
  return planRemediation({ spec, now, targets, facts, strategy, selection: full, source: { kind: "scan" } });
}

function apply(plan: RemediationPlan) {
  const clients = accountClients(world.admin);
  return applyRemediation(plan, {
    ...remediationDepsFromClient(clients, { waitIntervalMs: 1 }),
    recorder: findingsRecorder(store),
    rescan: async (places) => {
      const result = scanInventory(
        await collectInventory(world.admin, { regions: [...new Set(places.map((p) => p.regionId))] }),
        spec,
        new Date(),
      );
      const history = await store.recordScan({
        startedAt: result.judgedAt,
        finishedAt: result.judgedAt,
        result,
      });
      return { result, scanId: history.scanId };
    },
  });
}

async function instance(account: string, name: string) {
  const [found] = await (
    await world.member(account)
  ).ecs.describeInstances({
    regionId: REGION,
    instanceIds: [world.instances[name] as string],
  });
  return found;
}

beforeAll(async () => {
  world = await startDemoWorld("imageguard-remediate-");
  await world.writeSpec("imageguard.yaml");
  const parsed = parseGuardrailSpec(await readFile(join(world.cwd, "imageguard.yaml"), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  spec = parsed.spec;
  store = await openFindingsStore({ file: join(world.cwd, "findings.db") });
}, 180_000);

afterAll(async () => {
  await store?.close();
  await world?.close();
});

describe("planning against the demo organisation judges scopes from the spec and the directory of now", () => {
  it("Given findings recorded with Production enforced and a spec that audits it now, or a finding that claims enforce for an audited account, nothing is planned", async () => {
    const now = new Date();
    const scanned = scanInventory(await collectInventory(world.admin, { regions: [REGION] }), spec, now);
    const recorded = scanned.instances
      .filter((i) => i.verdict !== "compliant")
      .map(remediationTargetFromVerdict);
    const playground = world.ids["dev-playground"] as string;
    // A tampered record: the audited playground's findings claim an enforce scope.
    const targets = recorded.map((t) =>
      t.accountId === playground ? { ...t, mode: "enforce" as const, scopes: [] } : t,
    );
    const audited = parseGuardrailSpec(
      (await readFile(join(world.cwd, "imageguard.yaml"), "utf8")).replace(
        "{ path: Root/Production, mode: enforce }",
        "{ path: Root/Production, mode: audit }",
      ),
    );
    if (!audited.ok) throw new Error(JSON.stringify(audited.problems));
    const selection: RemediationSelection = { includeAudit: false, approveImages: [] };
    const inPlay = selectRemediationTargets(targets, selection).filter((t) =>
      remediationInPlay(t, selection),
    );
    const facts = await gatherRemediationFacts(inPlay, accountClients(world.admin), audited.spec);
    const plan = planRemediation({
      spec: audited.spec,
      now,
      targets,
      facts,
      strategy: "auto",
      selection,
      source: { kind: "findings" },
    });
    const storefront = plan.items.filter((item) => item.accountName === "app-storefront");
    expect(storefront.length).toBeGreaterThan(0);
    expect(storefront.map((item) => [item.status, item.mode, item.scopes])).toEqual(
      storefront.map(() => ["skipped", "audit", ["Root/Production"]]),
    );
    const dev = plan.items.filter((item) => item.accountId === playground);
    expect(dev.length).toBeGreaterThan(0);
    expect(dev.map((item) => [item.status, item.mode, item.scopes])).toEqual(
      dev.map(() => ["skipped", "audit", ["Root/Development"]]),
    );
    expect(plan.summary.steps).toBe(0);
  });
});

describe("applying a plan against the demo organisation", () => {
  it("Given a control policy that denies ReplaceSystemDisk for legacy-web, that step fails with the denial, legacy-web is left Stopped and explained, batch-1 is remediated", async () => {
    const legacy = world.instances["legacy-web"] as string;
    const batch = world.instances["batch-1"] as string;
    const rm = world.t.rm(world.adminCredentials);
    const policyId = (
      await rm.createControlPolicy(
        new ResourceManagerModule.CreateControlPolicyRequest({
          policyName: "deny-legacy-web-disk",
          policyDocument: JSON.stringify({
            Version: "1",
            Statement: [
              {
                Effect: "Deny",
                Action: "ecs:ReplaceSystemDisk",
                Resource: `acs:ecs:*:*:instance/${legacy}`,
              },
            ],
          }),
        }),
      )
    ).body?.controlPolicy?.policyId as string;
    await rm.attachControlPolicy(
      new ResourceManagerModule.AttachControlPolicyRequest({
        policyId,
        targetId: world.ids["app-storefront"],
      }),
    );

    const plan = await planFor({ accounts: ["app-storefront"] });
    expect(
      plan.items
        .map((item) => [item.instanceName, item.status, item.steps.map((s) => s.action)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual([
      ["batch-1", "planned", ["StopInstance", "ReplaceSystemDisk", "StartInstance"]],
      ["legacy-web", "planned", ["StopInstance", "ReplaceSystemDisk", "StartInstance"]],
    ]);
    const golden = plan.items.find((item) => item.instanceId === batch)?.targetImage?.imageId as string;

    const run = await apply(plan);
    expect(run.status).toBe("failed");
    const failed = run.items.find((item) => item.instanceId === legacy);
    expect(failed?.outcome).toBe("failed");
    expect(failed?.steps.map((s) => [s.action, s.outcome])).toEqual([
      ["StopInstance", "succeeded"],
      ["ReplaceSystemDisk", "failed"],
      ["StartInstance", "not-run"],
    ]);
    const error = failed?.steps[1]?.error;
    expect(error?.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:ReplaceSystemDisk",
      PolicyType: "ControlPolicy",
    });
    expect(error?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(failed?.state).toEqual({
      status: "Stopped",
      imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
    });
    expect(failed?.explanation).toBe(
      `instance \`${legacy}\` left Stopped because ReplaceSystemDisk failed: ${error?.code} ${error?.message}; ` +
        `it is now \`Stopped\` with image \`ubuntu_22_04_x64_20G_alibase_20240130.vhd\`. ` +
        `To restore: imageguard remediate --instance ${legacy} --apply to try again, or start it as it was with ` +
        `StartInstance (aliyun ecs StartInstance --RegionId ${REGION} --InstanceId ${legacy})`,
    );

    // The other instance went on: golden, Running again.
    expect(run.items.find((item) => item.instanceId === batch)).toMatchObject({ outcome: "succeeded" });
    expect(await instance("app-storefront", "batch-1")).toMatchObject({ status: "Running", imageId: golden });

    // The re-scan: batch-1 resolved, legacy-web still a finding, and says it is Stopped.
    const verified = new Map(run.verification?.items.map((item) => [item.instanceId, item]));
    expect(verified.get(batch)?.status).toBe("resolved");
    expect(verified.get(legacy)?.status).toBe("open");
    expect(verified.get(legacy)?.message).toContain("still a finding (`Stopped`)");

    // Every step is in the findings database, with its request id or its error.
    const [stored] = await store.remediationRuns();
    expect(stored).toMatchObject({
      id: run.runId,
      status: "failed",
      verificationScanId: run.verification?.scanId,
    });
    const steps = await store.remediationSteps(run.runId as number);
    expect(steps).toHaveLength(6);
    expect(
      steps.filter((s) => s.outcome === "succeeded").every((s) => /^[0-9A-F-]{36}$/.test(s.requestId ?? "")),
    ).toBe(true);
    expect(steps.find((s) => s.instanceId === legacy && s.index === 2)).toMatchObject({
      outcome: "failed",
      error: {
        code: error?.code,
        accessDeniedDetail: expect.objectContaining({ PolicyType: "ControlPolicy" }),
      },
    });
    expect(steps.find((s) => s.instanceId === legacy && s.index === 3)?.outcome).toBe("not-run");
    expect(steps.find((s) => s.instanceId === batch && s.index === 2)?.note).toMatch(/^new system disk `d-/);

    await rm.detachControlPolicy(
      new ResourceManagerModule.DetachControlPolicyRequest({
        policyId,
        targetId: world.ids["app-storefront"],
      }),
    );
  }, 120_000);

  it("Given an untagged image of the factory and --approve-image, it is tagged in the factory's account and its instance is resolved; a foreign image is refused", async () => {
    // The factory images its builder without the golden tags and shares the image with the playground,
    // where a developer launches from it (the Development guardrail does not stop launches).
    const factory = world.t.ecs(await world.memberCredentials("image-factory"));
    const imageId = (
      await factory.createImage(
        new EcsModule.CreateImageRequest({
          regionId: REGION,
          instanceId: world.instances["builder-ubuntu"],
          imageName: "candidate-ubuntu",
          tag: [new EcsModule.CreateImageRequestTag({ key: "status", value: "approved" })],
        }),
      )
    ).body?.imageId as string;
    await factory.modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId,
        addAccount: [world.ids["dev-playground"] as string],
      }),
    );
    const playground = world.t.ecs(await world.memberCredentials("dev-playground"));
    const securityGroupId = (
      await playground.describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION }),
      )
    ).body?.securityGroups?.securityGroup?.[0]?.securityGroupId;
    const instanceId = (
      await playground.runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: REGION,
          imageId,
          instanceType: "ecs.g7.large",
          securityGroupId,
          instanceName: "candidate-box",
          amount: 1,
        }),
      )
    ).body?.instanceIdSets?.instanceIdSet?.[0] as string;

    // Without approval: the disk would be replaced, and the plan says approval is possible.
    const unapproved = await planFor({ instances: [instanceId], includeAudit: true });
    expect(unapproved.items[0]).toMatchObject({ verdict: "missing-tag", strategy: "replace-disk" });
    expect(unapproved.items[0]?.reason).toContain("`--approve-image` would tag it instead");

    // An image of the wrong owner cannot be approved, whatever the caller says.
    const foreign = await planFor({
      instances: [world.instances["experiment-1"] as string],
      includeAudit: true,
      approveImages: [(await instance("dev-playground", "experiment-1"))?.imageId as string],
    });
    expect(foreign.items[0]).toMatchObject({ status: "refused", strategy: "approve-and-tag" });
    expect(foreign.items[0]?.reason).toContain(
      `image's owner \`${world.ids["dev-playground"]}\` is not a trusted owner`,
    );

    const plan = await planFor({ instances: [instanceId], includeAudit: true, approveImages: [imageId] });
    expect(plan.items[0]?.steps).toEqual([
      expect.objectContaining({
        action: "TagResources",
        accountId: world.ids["image-factory"],
        params: {
          RegionId: REGION,
          ResourceType: "image",
          "ResourceId.1": imageId,
          "Tag.1.Key": "security-level",
          "Tag.1.Value": "trusted",
          "Tag.2.Key": "environment",
          "Tag.2.Value": "production",
        },
      }),
    ]);
    const run = await apply(plan);
    expect(run.items[0]?.steps[0]?.error).toBeUndefined();
    expect(run.status).toBe("succeeded");
    expect(run.verification?.items).toEqual([
      expect.objectContaining({ instanceId, status: "resolved", verdict: "compliant" }),
    ]);
    const [tagged] = await (
      await world.member("image-factory")
    ).ecs.describeImages({ regionId: REGION, imageIds: [imageId] });
    expect(tagged?.tags).toEqual({
      status: "approved",
      "security-level": "trusted",
      environment: "production",
    });
  }, 120_000);

  it("Given --strategy release for a Running instance, it is stopped, released, and the re-scan no longer finds it", async () => {
    const experiment = world.instances["experiment-1"] as string;
    const plan = await planFor({ instances: [experiment], includeAudit: true }, "release");
    expect(plan.items[0]?.steps.map((s) => s.action)).toEqual(["StopInstance", "DeleteInstance"]);
    const run = await apply(plan);
    expect(run.status).toBe("succeeded");
    expect(run.verification?.items).toEqual([
      {
        key: plan.items[0]?.key,
        instanceId: experiment,
        status: "resolved",
        message: "the instance is gone (released)",
      },
    ]);
    expect(await instance("dev-playground", "experiment-1")).toBeUndefined();
  }, 120_000);

  it("Given a wait that never ends, it fails with WaitTimedOut after the timeout, naming the last status seen", async () => {
    const storefront = await world.member("app-storefront");
    const batch = world.instances["batch-1"] as string;
    const failure = await storefront.ecs
      .waitForInstance(batch, {
        regionId: REGION,
        what: "Deleted",
        until: (found) => found === undefined,
        timeoutMs: 3_000,
        intervalMs: 1_000,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({
      code: "WaitTimedOut",
      serverMessage: `instance \`${batch}\` was not Deleted after 3 s (last seen \`Running\`)`,
      attempts: 4,
    });
  });
});
