// Remediation from the console against a real cloud with the demo organisation: previewing the plan
// for one finding, applying it only after confirmation and only as previewed, following the run's
// steps, and the refusals — another user's plan, a stale plan, nothing to apply, no permission.
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFindingsStore } from "../../../src/guardrail/index.js";
import { parsePlanText } from "../../../src/console/web/pages/compliance/index.js";
import { startConsoleCloud, type ConsoleBrowser, type ConsoleTestCloud } from "./harness.js";

interface Row {
  key: string;
  instanceName: string;
  verdict: string;
  mode: string;
  status: string;
}

interface PlanItem {
  status: string;
  strategy?: string;
  reason: string;
  help?: string;
  steps: { action: string; risks: { level: string }[] }[];
  targetImage?: { imageId: string };
}

interface Preview {
  planId: string;
  plan: {
    items: PlanItem[];
    summary: { planned: number; steps: number; systemDisksReplaced: number };
    problems: unknown[];
  };
}

interface RunJob {
  id: string;
  state: string;
  steps: { action: string; outcome: string }[];
  run?: {
    status: string;
    summary: { stepsSucceeded: number; stepsFailed: number };
    verification?: { items: { key: string; status: string }[] };
  };
}

interface ErrorBody {
  error: { code: string; message: string; help?: string; accessDenied?: { detail: Record<string, string> } };
}

let c: ConsoleTestCloud;
let admin: ConsoleBrowser;
let findings: Row[];

const find = (name: string): Row => {
  const row = findings.find((candidate) => candidate.instanceName === name);
  if (row === undefined) throw new Error(`no finding for ${name}`);
  return row;
};

async function preview(who: ConsoleBrowser, body: Record<string, unknown>): Promise<Preview> {
  const response = await who.post("/remediation/plan", body);
  expect(response.status).toBe(201);
  return (await response.json()) as Preview;
}

async function waitForRun(who: ConsoleBrowser, id: string): Promise<RunJob> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { run } = (await (await who.get(`/remediation/runs/${id}`)).json()) as { run: RunJob };
    if (run.state !== "running") return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`remediation run ${id} still running after 600 polls`);
}

beforeAll(async () => {
  c = await startConsoleCloud({ seed: "demo" });
  admin = await c.signIn(await c.profile("security-admin"));
  const { job } = (await (await admin.post("/scan", {})).json()) as { job: { id: string } };
  for (let attempt = 0; attempt < 600; attempt++) {
    const state = ((await (await admin.get(`/scan/${job.id}`)).json()) as { job: { state: string } }).job
      .state;
    if (state !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  findings = ((await (await admin.get("/compliance/findings")).json()) as { findings: Row[] }).findings;
});
afterAll(async () => {
  await c.close();
});

describe("POST /remediation/plan", () => {
  it("previews replacing the system disk of a production instance with a golden image", async () => {
    const { planId, plan } = await preview(admin, { findingKey: find("legacy-web").key });
    expect(planId).toMatch(/^[\w-]{12}$/);
    const [item] = plan.items;
    expect(item).toMatchObject({ status: "planned", strategy: "replace-disk" });
    expect(item?.steps.map((step) => step.action)).toEqual([
      "StopInstance",
      "ReplaceSystemDisk",
      "StartInstance",
    ]);
    expect(item?.steps[1]?.risks.map((risk) => risk.level)).toContain("data-loss");
    expect(item?.targetImage?.imageId).toMatch(/^m-/);
    expect(plan.summary).toMatchObject({ planned: 1, steps: 3, systemDisksReplaced: 1 });
  });

  it("skips an audit-scope finding unless asked to include audit scopes", async () => {
    const key = find("dev-box").key;
    const skipped = (await preview(admin, { findingKey: key })).plan.items[0];
    expect(skipped).toMatchObject({ status: "skipped", steps: [] });
    expect(skipped?.help).toContain("--include-audit");
    // The page shows the planner's CLI option as its own control (plan-text.ts): the planner's
    // wording must keep naming it in a code span the page recognises.
    expect(parsePlanText(skipped?.help ?? "").filter((part) => part.kind === "option")).toEqual([
      { kind: "option", text: "--include-audit", mention: { option: "include-audit" } },
    ]);
    const included = (await preview(admin, { findingKey: key, includeAudit: true, strategy: "stop" })).plan
      .items[0];
    expect(included).toMatchObject({ status: "planned", strategy: "stop" });
  });

  it("names the options of a contradictory request as the page's controls", async () => {
    const { plan } = await preview(admin, {
      findingKey: find("legacy-web").key,
      strategy: "stop",
      approveImage: true,
    });
    const problems = plan.problems as { code: string; message: string; help: string }[];
    expect(problems.map((problem) => problem.code)).toEqual(["approve-image-with-strategy"]);
    const mentions = [...parsePlanText(problems[0]?.message ?? ""), ...parsePlanText(problems[0]?.help ?? "")]
      .filter((part) => part.kind === "option")
      .map((part) => part.mention);
    expect(mentions).toEqual(
      expect.arrayContaining([
        { option: "approve-image" },
        { option: "strategy", strategy: "stop" },
        { option: "strategy", strategy: "auto" },
      ]),
    );
  });

  it.each([
    [{ findingKey: "not a key" }, 400, "InvalidParameter.findingKey"],
    [{ findingKey: "1/cn-hangzhou/i-x", strategy: "burn" }, 400, "InvalidParameter.strategy"],
    [{ findingKey: "1/cn-hangzhou/i-x", dryRun: true }, 400, "InvalidParameter.dryRun"],
    [{ findingKey: "1/cn-hangzhou/i-missing" }, 404, "FindingNotFound"],
  ])("refuses %j", async (body, status, code) => {
    const response = await admin.post("/remediation/plan", body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as ErrorBody).error.code).toBe(code);
  });

  it("needs the CSRF token", async () => {
    const response = await admin.post(
      "/remediation/plan",
      { findingKey: find("legacy-web").key },
      { csrf: false },
    );
    expect(response.status).toBe(403);
  });

  it("is refused by the cloud for a member account's developer, explained", async () => {
    const developer = await c.signIn(await c.profile("app-storefront-developer"));
    const response = await developer.post("/remediation/plan", { findingKey: find("legacy-web").key });
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.accessDenied?.detail["AuthAction"]).toBe("resourcemanager:ListAccounts");
  });
});

describe("POST /remediation/apply", () => {
  it("needs confirmation, belongs to who previewed it, then runs every step and verifies the finding resolved", async () => {
    const finding = find("legacy-web");
    const { planId } = await preview(admin, { findingKey: finding.key });

    const unconfirmed = await admin.post("/remediation/apply", { planId });
    expect(unconfirmed.status).toBe(400);
    expect(((await unconfirmed.json()) as ErrorBody).error.code).toBe("ConfirmationRequired");

    const root = await c.signIn(c.t.root);
    const foreign = await root.post("/remediation/apply", { planId, confirmed: true });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as ErrorBody).error.code).toBe("RemediationPlanNotFound");

    const started = await admin.post("/remediation/apply", { planId, confirmed: true });
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as { run: RunJob };
    expect((await root.get(`/remediation/runs/${run.id}`)).status).toBe(404);

    const done = await waitForRun(admin, run.id);
    expect(done.state).toBe("succeeded");
    expect(done.steps.map((step) => [step.action, step.outcome])).toEqual([
      ["StopInstance", "succeeded"],
      ["ReplaceSystemDisk", "succeeded"],
      ["StartInstance", "succeeded"],
    ]);
    expect(done.run?.verification?.items).toEqual([
      expect.objectContaining({ key: finding.key, status: "resolved" }),
    ]);

    const resolved = (await (await admin.get("/compliance/findings?status=resolved")).json()) as {
      findings: Row[];
    };
    expect(resolved.findings.map((row) => row.key)).toContain(finding.key);

    // The run's re-scan joined the findings history under the console's spec, as a CLI scan would.
    const store = await openFindingsStore({ file: join(c.t.cloud.dataDir, "findings.db") });
    try {
      expect((await store.scans())[0]?.summary.spec?.name).toBe(
        relative(process.cwd(), join(c.t.cloud.dataDir, "imageguard.yaml")),
      );
    } finally {
      await store.close();
    }

    // A plan is applied once.
    const again = await admin.post("/remediation/apply", { planId, confirmed: true });
    expect(again.status).toBe(404);
  });

  it("refuses a plan with nothing to apply", async () => {
    const { planId, plan } = await preview(admin, { findingKey: find("batch-1").key });
    expect(plan.items[0]?.status).toBe("skipped");
    const response = await admin.post("/remediation/apply", { planId, confirmed: true });
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorBody).error.code).toBe("NothingToApply");
  });

  it("refuses a plan the cloud no longer matches", async () => {
    const key = find("experiment-1").key;
    const first = await preview(admin, { findingKey: key, includeAudit: true, strategy: "stop" });
    const second = await preview(admin, { findingKey: key, includeAudit: true, strategy: "stop" });
    const { run } = (await (
      await admin.post("/remediation/apply", { planId: second.planId, confirmed: true })
    ).json()) as {
      run: RunJob;
    };
    expect((await waitForRun(admin, run.id)).state).toBe("succeeded");
    // The instance is stopped now: the first plan's StopInstance would not be what a plan made now does.
    const stale = await admin.post("/remediation/apply", { planId: first.planId, confirmed: true });
    expect(stale.status).toBe(409);
    const { error } = (await stale.json()) as ErrorBody;
    expect(error.code).toBe("RemediationPlanStale");
    expect(error.help).toContain("preview the plan again");
  });
});
