// `imageguard policy analyze`: exit 0 no bypass, 2 bypasses, 1 an error or an analysis that proves
// nothing (capped); a table and one block per bypass, or JSON.
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/run-cli.js";

const ORGS = "test/fixtures/orgs";
const analyze = (...args: string[]) => runCli(["policy", "analyze", ...args]);

describe("imageguard policy analyze", () => {
  it("Given the seed's RAM world, lists the four bypasses with their requests and allowing statements: exit 2", async () => {
    const run = await analyze(
      "--scenario",
      `${ORGS}/seed-ram.yaml`,
      "--require-tag",
      "environment=production",
    );
    expect(run.code).toBe(2);
    expect(run.err).toBe("");
    const lines = run.out.split("\n");
    expect(lines[0]).toMatch(/^4 bypasses: 1 principal, 12 actions, \d+ requests decided$/);
    expect(lines.slice(2, 7)).toEqual([
      "  principal                             q  action            why",
      "  acs:ram::1111111111111111:user/alice  b  ecs:AddTags       sets protected tag key `environment`",
      "  acs:ram::1111111111111111:user/alice  b  tag:TagResources  sets protected tag key `environment`",
      "  acs:ram::1111111111111111:user/alice  c  ecs:CreateImage   the new image carries protected tag key `environment`",
      "  acs:ram::1111111111111111:user/alice  c  ecs:CopyImage     the new image carries protected tag key `environment`",
    ]);
    expect(run.out).toContain(
      [
        "bypass 1: (b) set or remove a protected tag on an image",
        "  principal: acs:ram::1111111111111111:user/alice (RamUser)",
        "  action:    ecs:AddTags (API AddTags)",
        "  why:       sets protected tag key `environment`",
        "  request:   RegionId=cn-hangzhou ResourceId=m-analysis0001 ResourceType=image Tag.1.Key=environment Tag.1.Value=production",
        "  assumes:   image m-analysis0001 in cn-hangzhou, owner 1111111111111111, source Self, no tags",
        "  check 1: ecs:AddTags",
        "    resources: acs:ecs:cn-hangzhou:1111111111111111:image/m-analysis0001",
        "    context:   acs:requesttag/environment=production, acs:tagkeys=[environment]",
        "    allowed by:",
        "      - AccountLevelIdentityBasedPolicy `ImageOperators` v1 Statement[0] (Sid ManageImagesAndTags) attached to user/alice",
      ].join("\n"),
    );
    expect(run.out).toContain(
      "notes:\n  - `SeedPolicy` Statement[1] denies `ecs:CreateTags`, which no API action checks",
    );
  });

  it("Given the seed's control policy, names FullAliyunAccess at each node among the allowing statements", async () => {
    const run = await analyze(
      "--scenario",
      `${ORGS}/seed-control.yaml`,
      "--require-tag",
      "environment=production",
    );
    expect(run.code).toBe(2);
    expect(run.out).toContain(
      "  acs:ram::1111111111111111:user/admin  a  ecs:RunInstances       the image lacks tag `environment`",
    );
    expect(run.out).toContain(
      [
        "    allowed by:",
        "      - ControlPolicy `FullAliyunAccess` Statement[0] at account prod-app (1111111111111111)",
        "      - ControlPolicy `FullAliyunAccess` Statement[0] at folder Production (fd-prod)",
        "      - ControlPolicy `FullAliyunAccess` Statement[0] at root Root (r-root)",
        "      - AccountLevelIdentityBasedPolicy `AdministratorAccess` v1 Statement[0] attached to user/admin",
      ].join("\n"),
    );
  });

  it("Given the generated guardrail and its spec, finds no bypass and lists the expected principals: exit 0", async () => {
    const run = await analyze(
      "--scenario",
      `${ORGS}/guardrail.yaml`,
      "--criteria",
      "examples/imageguard.yaml",
      "--now",
      "2026-01-01T00:00:00Z",
      "--action",
      "ecs:RunInstances",
      "--action",
      "tag:TagResources",
    );
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^no bypasses: 7 principals, 2 actions, \d+ requests decided\n\nexpected \(4\)/);
    expect(run.out).toContain("pipeline role `acs:ram::1200000000000001:role/image-pipeline`");
    expect(run.out).toContain("break-glass role `acs:ram::1300000000000002:role/break-glass-admin`");
  });

  it("prints JSON with every finding, its checks and the completeness verdict", async () => {
    const run = await analyze(
      "--scenario",
      `${ORGS}/seed-ram.yaml`,
      "--require-tag",
      "environment=production",
      "--json",
    );
    expect(run.code).toBe(2);
    const data = JSON.parse(run.out) as {
      file: string;
      complete: boolean;
      findings: { question: string; action: string; checks: { allowedBy: unknown[] }[] }[];
    };
    expect(data.file).toBe(`${ORGS}/seed-ram.yaml`);
    expect(data.complete).toBe(true);
    expect(data.findings.map((f) => `${f.question} ${f.action}`)).toEqual([
      "tag-protected ecs:AddTags",
      "tag-protected tag:TagResources",
      "create-tagged ecs:CreateImage",
      "create-tagged ecs:CopyImage",
    ]);
    expect(data.findings.every((f) => f.checks.every((c) => c.allowedBy.length > 0))).toBe(true);
  });

  it("says loudly that a capped analysis proves nothing, and exits 1 when it found nothing", async () => {
    const run = await analyze(
      "--scenario",
      `${ORGS}/guardrail.yaml`,
      "--criteria",
      "examples/imageguard.yaml",
      "--now",
      "2026-01-01T00:00:00Z",
      "--action",
      "ecs:RunInstances",
      "--max-cases",
      "3",
    );
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^WARNING: the analysis is INCOMPLETE and NOT SOUND: a missing finding proves nothing\n/,
    );
    expect(run.out).toContain("  - capped: acs:ram::1300000000000002:user/payments-admin ecs:RunInstances");
  });

  it("reads the connected cloud without --scenario, and says so when no cloud can be reached", async () => {
    // The analysis against a running cloud is test/cli/analyze-cloud.test.ts; here: no credentials.
    const run = await analyze(
      "--cloud",
      "--require-tag",
      "environment=production",
      "--config",
      "no-such-credentials.json",
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain("error: the config file `no-such-credentials.json` does not exist");
    const both = await analyze("--scenario", `${ORGS}/seed-ram.yaml`, "--from-cloud");
    expect(both.err).toContain(
      "give the organisation either as a file (`--scenario FILE`) or from the cloud",
    );
    const help = await analyze("--help");
    expect(help.out).toContain("Without --scenario the organisation is read from the connected cloud");
  });

  it("asks for the golden criteria, one way of giving them, and only actions it asks about", async () => {
    const none = await analyze("--scenario", `${ORGS}/seed-ram.yaml`);
    expect(none.code).toBe(1);
    expect(none.err).toContain(
      "error: give the golden criteria: `--criteria imageguard.yaml` or at least one `--require-tag KEY=VALUE`",
    );
    const both = await analyze(
      "--scenario",
      `${ORGS}/seed-ram.yaml`,
      "--criteria",
      "examples/imageguard.yaml",
      "--require-tag",
      "environment=production",
    );
    expect(both.code).toBe(1);
    expect(both.err).toContain("cannot be combined with `--require-tag`");
    const bad = await analyze("--scenario", `${ORGS}/seed-ram.yaml`, "--require-tag", "environment");
    expect(bad.err).toContain("error: invalid `--require-tag environment`");
    const action = await analyze(
      "--scenario",
      `${ORGS}/seed-ram.yaml`,
      "--require-tag",
      "environment=production",
      "--action",
      "ecs:DescribeImages",
    );
    expect(action.code).toBe(1);
    expect(action.err).toContain("error: `ecs:DescribeImages` is not an action the analysis asks about");
  });

  it("reports an organisation file's problems at their line, exit 1", async () => {
    const run = await runCli(
      ["policy", "analyze", "--scenario", "org.yaml", "--require-tag", "environment=production"],
      {
        "org.yaml": 'principals:\n  - type: RamUser\n    accountId: "1111111111111111"\n',
      },
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain("error[missing-field]: missing field `name`\n --> org.yaml:2:5\n");
  });
});
