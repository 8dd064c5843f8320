// `imageguard remediate`'s options end to end on the demo organisation: selection filters that name
// nothing real are refused (a typo must not look like a clean run), a well-formed selection that
// matches nothing says which filter excluded everything, and `--approve-image` / `--wait-timeout`
// are read and acted on — approving an untagged image of the trusted factory tags it golden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule } from "../cloud/harness.js";
import { REGION, runCli, startDemoWorld, type DemoWorld } from "../guardrail/remediate/demo-world.js";

let world: DemoWorld;
let candidateImage: string;
let candidateInstance: string;

const remediate = (...args: string[]) => runCli(world, ["remediate", ...args]);

beforeAll(async () => {
  world = await startDemoWorld("imageguard-remediate-selection-");
  await world.writeSpec("imageguard.yaml");
  // The factory images its builder with only one of the golden tags and shares it with the
  // playground, where a developer launches from it: the image fails nothing but its tags.
  const factory = world.t.ecs(await world.memberCredentials("image-factory"));
  candidateImage = (
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
      imageId: candidateImage,
      addAccount: [world.ids["dev-playground"] as string],
    }),
  );
  const playground = world.t.ecs(await world.memberCredentials("dev-playground"));
  const securityGroupId = (
    await playground.describeSecurityGroups(new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION }))
  ).body?.securityGroups?.securityGroup?.[0]?.securityGroupId;
  candidateInstance = (
    await playground.runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: REGION,
        imageId: candidateImage,
        instanceType: "ecs.g7.large",
        securityGroupId,
        instanceName: "candidate-box",
        amount: 1,
      }),
    )
  ).body?.instanceIdSets?.instanceIdSet?.[0] as string;
  const scan = await runCli(world, ["scan", "--region", REGION, "--no-progress"]);
  if (scan.code !== 2) throw new Error(`the first scan did not find anything: ${scan.err}`);
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe("imageguard remediate: selection filters", () => {
  it.each([
    [["--account", "nope"], "error: `--account nope` is no account the scan covered", "app-payments"],
    [["--region", "cn-nowhere"], "error: `--region cn-nowhere` is no region the scan listed", REGION],
    [["--scope", "Root/Nope"], "error: `--scope Root/Nope` is not a scope of the spec", "`Root/Production`"],
    [["--instance", "i-nope"], "error: `--instance i-nope` is not an instance id", "i-bp1"],
  ])(
    "Given %j, which names nothing real, refuses it with the known values: exit 1",
    async (args, error, help) => {
      const run = await remediate(...args);
      expect(run.code).toBe(1);
      expect(run.err).toContain(error);
      expect(run.err).toContain(help);
      expect(run.out).toBe("");
    },
  );

  it("Given a well-formed selection that matches nothing, says which filter excluded the findings: exit 0", async () => {
    const run = await remediate("--account", "image-factory", "--instance", "i-bp1doesnotexist0000");
    expect(run.code).toBe(0);
    expect(run.out).toContain("no finding matches the selection");
    expect(run.err).toMatch(
      /nothing selected: no finding for instance `i-bp1doesnotexist0000` among the \d+ open findings? left by the filters before it/,
    );
    const region = await remediate(
      "--account",
      "dev-playground",
      "--region",
      REGION,
      "--scope",
      "Root/Production",
    );
    expect(region.code).toBe(0);
    expect(region.err).toMatch(
      /nothing selected: no finding in scope `Root\/Production` among the \d+ open findings? left by the filters before it/,
    );
  });
});

describe("imageguard remediate and the spec's history", () => {
  it("Given findings recorded under another spec file, refuses a run that would record scans; a dry run says so: exit 1", async () => {
    await world.writeSpec("other.yaml");
    const dry = await remediate("--spec", "other.yaml");
    expect(dry.err).toContain(
      "warning: planning from findings that `imageguard.yaml` judged (scan #1), with `other.yaml`'s exemptions and criteria",
    );
    const run = await remediate("--spec", "other.yaml", "--scan");
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "error: `.imageguard/findings.db` holds the history of the spec `imageguard.yaml` (last scan #1), not of `other.yaml`",
    );
  });
});

describe("imageguard scan --region", () => {
  it("Given a region that does not exist, says so instead of reporting a clean scan: exit 1", async () => {
    const run = await runCli(world, [
      "scan",
      "--region",
      "cn-nowhere",
      "--no-progress",
      "--findings",
      "other.db",
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("in `cn-nowhere` could not be scanned");
  });
});

describe("imageguard remediate: --approve-image and --wait-timeout", () => {
  it("Given an invalid --wait-timeout, refuses it before anything else: exit 1", async () => {
    for (const value of ["abc", "0", "1.5"]) {
      const run = await remediate("--wait-timeout", value);
      expect(run.code).toBe(1);
      expect(run.err).toContain(`error: invalid \`--wait-timeout ${value}\``);
      expect(run.err).toContain("= help: give a number of seconds from 1 to 86400");
    }
  });

  it("Given --approve-image for an image no selected finding runs, the plan is refused: exit 1", async () => {
    const run = await remediate("--include-audit", "--approve-image", "m-doesnotexist");
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "error: `--approve-image m-doesnotexist` names no image that a selected finding in play runs",
    );
  });

  it("Given --approve-image for the factory's untagged image and --apply, tags it golden in the factory and the re-scan is clean: exit 0", async () => {
    const dry = await remediate(
      "--include-audit",
      "--instance",
      candidateInstance,
      "--approve-image",
      candidateImage,
    );
    expect(dry.code).toBe(2);
    expect(dry.out).toContain("approve-and-tag");
    const run = await remediate(
      "--include-audit",
      "--instance",
      candidateInstance,
      "--approve-image",
      candidateImage,
      "--wait-timeout",
      "30",
      "--apply",
      "--yes",
    );
    expect(run.err).not.toContain("error");
    expect(run.code).toBe(0);
    const [tagged] = await (
      await world.member("image-factory")
    ).ecs.describeImages({ regionId: REGION, imageIds: [candidateImage] });
    expect(tagged?.tags).toEqual({
      status: "approved",
      "security-level": "trusted",
      environment: "production",
    });
  }, 120_000);
});
