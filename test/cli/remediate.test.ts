// `imageguard remediate` run in-process as a user runs it, against a real local cloud with the demo
// organisation: `imageguard scan` records the findings, remediate plans from them (a dry run by
// default), saves and re-checks plans, asks before it changes anything, applies through the
// official SDKs and the members' access roles, and scans again.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFindingsStore } from "../../src/guardrail/index.js";
import type { RemediationPlan, RemediationRun } from "../../src/guardrail/index.js";
import { REGION, runCli, startDemoWorld, type DemoWorld } from "../guardrail/remediate/demo-world.js";

const ONLY_HERE = ["--region", REGION];
let world: DemoWorld;

const remediate = (args: readonly string[], prompt?: (question: string) => Promise<string>) =>
  runCli(world, ["remediate", ...args], prompt);

async function state(name: string) {
  const [found] = await (
    await world.member(name === "payments-worker" ? "app-payments" : "app-storefront")
  ).ecs.describeInstances({
    regionId: REGION,
    instanceIds: [world.instances[name] as string],
  });
  return { status: found?.status, imageId: found?.imageId };
}

/** Saves the storefront's plan, then rewrites its summary with `edit`; returns the edited file. */
async function planWithSummary(
  name: string,
  edit: (summary: RemediationPlan["summary"]) => RemediationPlan["summary"],
): Promise<string> {
  const saved = await remediate(["--account", "app-storefront", "--out", `${name}.json`]);
  expect(saved.code).toBe(2);
  const plan = JSON.parse(await readFile(join(world.cwd, `${name}.json`), "utf8")) as RemediationPlan;
  expect(plan.summary).toMatchObject({ planned: 2, steps: 6, systemDisksReplaced: 2 });
  await writeFile(
    join(world.cwd, `${name}-edited.json`),
    JSON.stringify({ ...plan, summary: edit(plan.summary) }, null, 2),
  );
  return `${name}-edited.json`;
}

/** Runs `--plan file --apply`, answering `no` to the question it asks. */
async function questionFor(file: string): Promise<{ code: number; err: string; questions: string[] }> {
  const questions: string[] = [];
  const run = await remediate(["--plan", file, "--apply"], async (question) => {
    questions.push(question);
    return "no";
  });
  return { code: run.code, err: run.err, questions };
}

beforeAll(async () => {
  world = await startDemoWorld("imageguard-remediate-cli-");
  await world.writeSpec(
    "imageguard.yaml",
    `  - { id: worker-retires, scope: Root/Production, instance: ${world.instances["payments-worker"]}, reason: retires with the monthly close, approver: sec@example.com, expiresAt: "2099-12-31" }`,
  );
  await world.writeSpec("no-exemption.yaml");
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe("imageguard remediate", () => {
  it("Given no scan recorded yet, it says to scan first", async () => {
    const run = await remediate([]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "error: no scan is recorded in `.imageguard/findings.db`, so there are no findings to remediate",
    );
    expect(run.err).toContain("= help: run `imageguard scan` first, or pass `--scan` to scan now");
  });

  it("refuses options that would be ignored or unsafe, with the fix", async () => {
    const now = await remediate(["--apply", "--yes", "--now", "2026-01-01T00:00:00Z"]);
    expect(now.code).toBe(1);
    expect(now.err).toContain("error: `--now` cannot be combined with `--apply`");
    const yes = await remediate(["--yes"]);
    expect(yes.err).toContain("error: `--yes` confirms `--apply`, which is not given");
    const plan = await remediate(["--plan", "plan.json", "--strategy", "stop", "--account", "app-payments"]);
    expect(plan.err).toContain("error: `--plan` cannot be combined with `--account`, `--strategy`");
    const verdict = await remediate(["--verdict", "ugly"]);
    expect(verdict.err).toContain("error: unknown verdict `ugly` in `--verdict`");
    for (const run of [yes, plan, verdict]) expect(run.code).toBe(1);
  });

  it("Given a scan, the dry run shows the plan: disks to replace with the data-loss warning, the exempt instance skipped, audit scopes left out; exit 2", async () => {
    const scan = await runCli(world, ["scan", ...ONLY_HERE, "--no-progress"]);
    expect(scan.code).toBe(2);

    const run = await remediate([]);
    expect(run.code).toBe(2);
    const legacy = world.instances["legacy-web"] as string;
    expect(run.out).toMatch(/^remediation plan: strategy auto, judged at .+, findings from scan #1 of /);
    expect(run.out).toMatch(
      new RegExp(
        `app-storefront \\(\\d+\\)  cn-hangzhou  ${legacy} \\(legacy-web\\)  ubuntu_22_04\\S+  enforce  untrusted owner  →  replace-disk \\(3 steps\\)`,
      ),
    );
    expect(run.out).toContain(
      `1. StopInstance as account ${world.ids["app-storefront"]}: RegionId=cn-hangzhou InstanceId=${legacy} StoppedMode=KeepCharging, then wait until Stopped`,
    );
    expect(run.out).toContain(`!! DATA LOSS: everything on the system disk of \`${legacy}\` is lost`);
    expect(run.out).toMatch(
      /\(payments-worker\).+→ {2}skipped\n {2}exempt by `worker-retires` \(retires with the monthly close; approved by sec@example.com; through 2099-12-31\)/,
    );
    expect(run.out).toMatch(/\(dev-box\).+audit.+→ {2}skipped\n {2}in an audit scope/);
    expect(run.out).toMatch(
      /: 2 planned \(6 steps; 2 system disks replaced \(their data is lost\)\), 5 skipped, 0 blocked/,
    );

    const json = await remediate(["--json", "--spec", "no-exemption.yaml"]);
    expect(json.code).toBe(2);
    const plan = JSON.parse(json.out) as RemediationPlan;
    const worker = plan.items.find((item) => item.instanceName === "payments-worker");
    expect(worker).toMatchObject({
      status: "blocked",
      reason: "blocked: no golden image of family CentOS 7.9 64 bit (x86_64) in region cn-hangzhou",
    });
  }, 120_000);

  it("Given a scope turned to enforce since the scan, its findings are read and planned, not left out as recorded", async () => {
    // The scan (#1) recorded dev-box in Root/Development in audit mode; the spec now enforces it.
    const specFile = join(world.cwd, "imageguard.yaml");
    const original = await readFile(specFile, "utf8");
    const enforced = original.replace(
      "{ path: Root/Development, mode: audit }",
      "{ path: Root/Development, mode: enforce }",
    );
    expect(enforced).not.toBe(original);
    await writeFile(specFile, enforced);
    try {
      // dev-box runs Debian, which has no golden image: stopping it is the plan that can be made.
      const run = await remediate(["--json", "--account", "dev-playground", "--strategy", "stop"]);
      const plan = JSON.parse(run.out) as RemediationPlan;
      const devBox = plan.items.find((item) => item.instanceName === "dev-box");
      expect(devBox).toMatchObject({ status: "planned", mode: "enforce", strategy: "stop" });
      expect(devBox?.observed?.instanceStatus).toBe("Running");
    } finally {
      await writeFile(specFile, original);
    }
  }, 120_000);

  it("Given no terminal and no --yes, --apply refuses and changes nothing; any answer but `yes` on the terminal cancels", async () => {
    const before = await state("legacy-web");
    const refused = await remediate(["--apply"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      "error: `--apply` changes the cloud and asks for confirmation first, but there is no terminal to ask on",
    );
    expect(refused.err).toContain(
      "= help: review the plan and pass `--yes` to apply without asking (e.g. `imageguard remediate --plan plan.json --apply --yes` in CI)\n",
    );

    const questions: string[] = [];
    const cancelled = await remediate(["--apply"], async (question) => {
      questions.push(question);
      return "y";
    });
    expect(cancelled.code).toBe(1);
    expect(cancelled.err).toContain("error: remediation cancelled: nothing was changed");
    expect(questions[0]).toContain("apply 6 steps to 2 instances, ERASING 2 SYSTEM DISKS?");
    expect(questions[0]).toMatch(/^\napply [^\n]*\?\nonly `yes` is accepted: $/);
    expect(cancelled.err).toContain("= help: answer `yes` to apply, or pass `--yes`\n");
    expect(await state("legacy-web")).toEqual(before);
  }, 120_000);

  // A saved plan's summary is whatever the file says: the question is counted from the steps that
  // will run, so an edited summary still says how many system disks the apply erases.
  it("Given a saved plan whose summary hides the disk replacements, the question still names every step and erased disk", async () => {
    const file = await planWithSummary("hidden", (summary) => ({
      ...summary,
      planned: 1,
      steps: 1,
      systemDisksReplaced: 0,
    }));
    const run = await questionFor(file);
    expect(run.questions).toHaveLength(1);
    expect(run.questions[0]).toContain("apply 6 steps to 2 instances, ERASING 2 SYSTEM DISKS?");
    expect(run.code).toBe(1);
    expect(run.err).toContain("error: remediation cancelled: nothing was changed");
  }, 120_000);

  it("Given a saved plan whose summary claims nothing is planned, the planned steps are still asked about, not skipped as nothing to apply", async () => {
    const file = await planWithSummary("empty", (summary) => ({ ...summary, planned: 0, steps: 0 }));
    const run = await questionFor(file);
    expect(run.err).not.toContain("nothing to apply");
    expect(run.questions[0]).toContain("apply 6 steps to 2 instances, ERASING 2 SYSTEM DISKS?");
  }, 120_000);

  it("Given a saved plan and an instance stopped since, applying the plan is refused as stale", async () => {
    const saved = await remediate(["--out", "plan.json"]);
    expect(saved.code).toBe(2);
    expect(saved.err).toContain(
      "wrote the plan to `plan.json`; apply it with `imageguard remediate --plan plan.json --apply`",
    );
    const batch = world.instances["batch-1"] as string;
    await (await world.member("app-storefront")).ecs.stopInstance(batch, { regionId: REGION });

    const run = await remediate(["--plan", "plan.json", "--apply", "--yes"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `error: the plan \`plan.json\` is stale for \`${batch}\`: it was \`Running\` with image`,
    );
    expect(run.err).toContain("and is now `Stopped` with image");
    expect(run.err).toContain(
      "error: refused to apply a stale plan: 1 instance changed since it was made at",
    );
    expect((await state("legacy-web")).status).toBe("Running");
  }, 120_000);

  it("Given --apply --yes on a fresh plan, the disks are replaced, a stopped instance stays stopped, every step is recorded, and the re-scan is clean; exit 0", async () => {
    await remediate(["--out", "fresh.json", "--account", "app-storefront"]);
    const plan = JSON.parse(await readFile(join(world.cwd, "fresh.json"), "utf8")) as RemediationPlan;
    const golden = plan.items.find((item) => item.instanceName === "legacy-web")?.targetImage?.imageId;
    expect(plan.items.find((item) => item.instanceName === "batch-1")?.steps.map((s) => s.action)).toEqual([
      "ReplaceSystemDisk",
    ]);

    const run = await remediate(["--plan", "fresh.json", "--apply", "--yes", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { plan: RemediationPlan; run: RemediationRun };
    expect(result.run).toMatchObject({
      status: "succeeded",
      summary: { instances: 2, succeeded: 2, stepsSucceeded: 4 },
    });
    expect(result.run.verification?.items.map((item) => item.status)).toEqual(["resolved", "resolved"]);
    expect(run.err).toContain("scanning 1 account-region again to verify");

    expect(await state("legacy-web")).toEqual({ status: "Running", imageId: golden });
    expect(await state("batch-1")).toEqual({ status: "Stopped", imageId: golden });

    const store = await openFindingsStore({ file: join(world.cwd, ".imageguard", "findings.db") });
    try {
      const [stored] = await store.remediationRuns();
      expect(stored).toMatchObject({ id: result.run.runId, status: "succeeded" });
      const steps = await store.remediationSteps(result.run.runId as number);
      expect(steps.map((step) => [step.action, step.outcome])).toEqual(
        expect.arrayContaining([
          ["StopInstance", "succeeded"],
          ["ReplaceSystemDisk", "succeeded"],
          ["StartInstance", "succeeded"],
        ]),
      );
      expect(steps.every((step) => step.requestId !== undefined && step.finishedAt !== undefined)).toBe(true);
      // The re-scan resolved both findings in the database.
      const resolved = (await store.findings({ open: false })).map((finding) => finding.instanceId);
      expect(resolved).toEqual(
        expect.arrayContaining([world.instances["legacy-web"], world.instances["batch-1"]]),
      );
    } finally {
      await store.close();
    }

    // Nothing left in the storefront: a fresh scan finds nothing to do there.
    const after = await remediate(["--scan", ...ONLY_HERE, "--account", "app-storefront", "--json"]);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out)).toMatchObject({ source: { kind: "scan", scanId: 3 }, items: [] });
  }, 120_000);
});
