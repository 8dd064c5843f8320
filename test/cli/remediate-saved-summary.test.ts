// `imageguard remediate --plan FILE --apply` asks before it changes anything, and the question is
// counted from the steps that will run, not from the `summary` the saved file carries: a file whose
// summary was edited (by hand or by a tool) must still say how many system disks it erases.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RemediationPlan } from "../../src/guardrail/index.js";
import { REGION, runCli, startDemoWorld, type DemoWorld } from "../guardrail/remediate/demo-world.js";

let world: DemoWorld;

beforeAll(async () => {
  world = await startDemoWorld("imageguard-remediate-summary-");
  await world.writeSpec("imageguard.yaml");
  const scan = await runCli(world, ["scan", "--region", REGION, "--no-progress"]);
  expect(scan.code).toBe(2);
}, 180_000);

afterAll(async () => {
  await world?.close();
});

/** Saves the storefront's plan, then rewrites its summary with `edit`; returns the edited file. */
async function planWithSummary(
  name: string,
  edit: (summary: RemediationPlan["summary"]) => RemediationPlan["summary"],
): Promise<string> {
  const saved = await runCli(world, ["remediate", "--account", "app-storefront", "--out", `${name}.json`]);
  expect(saved.code).toBe(2);
  const plan = JSON.parse(await readFile(join(world.cwd, `${name}.json`), "utf8")) as RemediationPlan;
  expect(plan.summary).toMatchObject({ planned: 2, steps: 6, systemDisksReplaced: 2 });
  await writeFile(
    join(world.cwd, `${name}-edited.json`),
    JSON.stringify({ ...plan, summary: edit(plan.summary) }, null, 2),
  );
  return `${name}-edited.json`;
}

async function questionFor(file: string): Promise<{ code: number; err: string; questions: string[] }> {
  const questions: string[] = [];
  const run = await runCli(world, ["remediate", "--plan", file, "--apply"], async (question) => {
    questions.push(question);
    return "no";
  });
  return { code: run.code, err: run.err, questions };
}

describe("imageguard remediate --plan --apply with an edited summary", () => {
  it("Given a summary that hides the disk replacements, the question still names every step and erased disk", async () => {
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

  it("Given a summary that claims nothing is planned, the planned steps are still asked about, not skipped as nothing to apply", async () => {
    const file = await planWithSummary("empty", (summary) => ({ ...summary, planned: 0, steps: 0 }));
    const run = await questionFor(file);
    expect(run.err).not.toContain("nothing to apply");
    expect(run.questions[0]).toContain("apply 6 steps to 2 instances, ERASING 2 SYSTEM DISKS?");
  }, 120_000);
});
