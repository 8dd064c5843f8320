// `imageguard guardrail apply` as an operator meets it: it asks first and refuses to run unasked
// without a terminal; a saved plan is applied exactly, and refused when the cloud changed since or
// the file was edited; a step that fails stops the run with what was and was not done, and the next
// apply finishes the rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudClient } from "../../src/client/index.js";
import type { DeployPlan } from "../../src/guardrail/index.js";
import { startProxy, type Proxy } from "../client/fixtures.js";
import { demoSpecText, folderId, startDeployCloud, type DeployCloud } from "../guardrail/deploy/fixtures.js";

let cloud: DeployCloud;
let root: CloudClient;
let production: string;
let development: string;
const SPEC = "imageguard.yaml";

async function managedNames(): Promise<string[]> {
  return (await root.rd.listControlPolicies({ policyType: "Custom" }))
    .map((policy) => policy.policyName)
    .filter((name) => name.startsWith("imageguard-"));
}

async function policyId(name = "imageguard-guardrail"): Promise<string> {
  const found = (await root.rd.listControlPolicies({ policyType: "Custom" })).find(
    (p) => p.policyName === name,
  );
  if (found === undefined) throw new Error(`no control policy ${name}`);
  return found.policyId;
}

beforeAll(async () => {
  cloud = await startDeployCloud("demo");
  root = await cloud.client();
  production = folderId(cloud.org!, "Production");
  development = folderId(cloud.org!, "Development");
  await cloud.writeFile(SPEC, await demoSpecText(cloud));
}, 60_000);

afterAll(async () => {
  await cloud?.close();
});

describe("confirmation", () => {
  it("Given no terminal and no --yes, apply shows the plan, refuses and changes nothing: exit 1", async () => {
    const run = await cloud.guardrail(["apply", SPEC]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("plan: 1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete");
    expect(run.err).toContain(
      "error: apply changes the cloud and asks for confirmation first, but there is no terminal to ask on\n" +
        "  = help: review the plan and pass `--yes` to apply without asking",
    );
    expect(run.err).toContain(
      "= help: review the plan and pass `--yes` to apply without asking (e.g. `guardrail apply --plan plan.json --yes` in CI)\n",
    );
    expect(await managedNames()).toEqual([]);
  });

  it("Given a terminal, it asks where and what; any answer but `yes` cancels: exit 1, nothing changed", async () => {
    const run = await cloud.guardrail(["apply", SPEC], { answer: "y" });
    expect(run.code).toBe(1);
    expect(run.asked).toHaveLength(1);
    expect(run.asked[0]).toContain(`apply these changes to resource directory ${cloud.org!.directoryId}`);
    expect(run.asked[0]).toContain("(1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete)");
    expect(run.asked[0]).toMatch(/^\napply these changes to [^\n]*\? \([^\n]*\)\nonly `yes` is accepted: $/);
    expect(run.err).toContain("error: apply cancelled: nothing was changed");
    expect(run.err).toContain(
      "error: apply cancelled: nothing was changed\n  = help: answer `yes` to apply, or pass `--yes`\n",
    );
    expect(await managedNames()).toEqual([]);
  });

  it("When the answer is `yes`, it applies step by step: exit 0", async () => {
    const run = await cloud.guardrail(["apply", SPEC], { answer: "yes" });
    expect(run.code).toBe(0);
    expect(run.out).toContain("apply complete: 2 steps done");
    expect(await managedNames()).toEqual(["imageguard-guardrail"]);
  });
});

describe("saved plans", () => {
  it("Given a saved plan and a change in the cloud since, apply --plan refuses it as stale and changes nothing", async () => {
    await root.rd.detachControlPolicy(await policyId(), production);
    const planned = await cloud.guardrail(["plan", SPEC, "--out", "plan.json"]);
    expect(planned.code).toBe(2);
    expect(planned.out).toContain(
      "saved the plan to `plan.json`: apply exactly these steps with `imageguard guardrail apply --plan plan.json`",
    );
    // Someone attaches it to Development in the meantime.
    await root.rd.attachControlPolicy(await policyId(), development);
    const run = await cloud.guardrail(["apply", "--plan", "plan.json", "--yes"]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /error: `plan\.json` is stale: resource directory `rd-[^`]+` \(management account `\d+`\) changed since the plan was made/,
    );
    expect(run.err).toContain(
      "= help: plan again (`imageguard guardrail plan --out plan.json`), review the new plan, and apply that",
    );
    const attached = (await root.rd.listControlPolicyAttachments(production)).map((a) => a.policyName);
    expect(attached).not.toContain("imageguard-guardrail");
  });

  it("Given a saved plan whose steps were edited, apply --plan refuses it", async () => {
    expect((await cloud.guardrail(["plan", SPEC, "--out", "plan.json"])).code).toBe(2);
    const plan = JSON.parse(await cloud.readFile("plan.json")) as DeployPlan;
    const edited = {
      ...plan,
      steps: [
        ...plan.steps,
        { kind: "delete-policy", policy: "golden-image-guardrail", policyKind: "control", policyId: "cp-x" },
      ],
    };
    await cloud.writeFile("edited.json", JSON.stringify(edited));
    const run = await cloud.guardrail(["apply", "--plan", "edited.json", "--yes"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "error: the steps in `edited.json` are not the ones its desired state gives: the file was edited",
    );
  });

  it("Given a fresh saved plan, apply --plan runs exactly its steps: attach to Production, detach from Development", async () => {
    const plan = JSON.parse(await cloud.readFile("plan.json")) as DeployPlan;
    expect(plan.steps.map((step) => step.kind)).toEqual(["attach", "detach"]);
    const run = await cloud.guardrail(["apply", "--plan", "plan.json", "--yes"]);
    expect(run.code).toBe(0);
    expect(run.err).toContain("[1/2] attach `imageguard-guardrail` to `Root/Production`");
    expect(run.err).toContain("[2/2] detach `imageguard-guardrail` from `Root/Development`");
    expect((await cloud.guardrail(["status", SPEC])).code).toBe(0);
  });

  it("Given --plan with a spec, --target or --now, or a file that is no plan, apply refuses with the fix", async () => {
    const both = await cloud.guardrail(["apply", SPEC, "--plan", "plan.json", "--yes"]);
    expect(both.code).toBe(1);
    expect(both.err).toContain(
      "error: `--plan` applies the saved plan as it is, so a spec file cannot be given with it",
    );
    const target = await cloud.guardrail(["apply", "--plan", "plan.json", "--target", "rd", "--yes"]);
    expect(target.err).toContain("so `--target` cannot be given with it");
    await cloud.writeFile("not-a-plan.json", JSON.stringify({ hello: "world" }));
    const wrong = await cloud.guardrail(["apply", "--plan", "not-a-plan.json", "--yes"]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(
      'error: `not-a-plan.json` cannot be read as a plan: it is not an imageguard guardrail plan (no `"format": "imageguard-guardrail-plan"`)',
    );
    const missing = await cloud.guardrail(["apply", "--plan", "absent.json", "--yes"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("error: cannot read `absent.json`");
  });
});

describe("a step that fails", () => {
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy({ host: cloud.t.cloud.host, port: cloud.t.cloud.port });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("When attaching fails, apply stops: it says what was done, what failed and what did not run; the next apply finishes", async () => {
    // Someone deleted the guardrail: apply must create it, then attach it.
    await root.rd.detachControlPolicy(await policyId(), production);
    await root.rd.deleteControlPolicy(await policyId());
    proxy.plan = (action) =>
      action === "AttachControlPolicy"
        ? {
            kind: "respond",
            status: 400,
            body: {
              RequestId: "proxy-refused",
              Code: "InvalidParameter",
              Message: "refused by the test proxy",
            },
          }
        : { kind: "forward" };
    const run = await cloud.guardrail(
      ["apply", SPEC, "--yes", "--config", cloud.t.cloud.credentialsFile, "--endpoint", proxy.url],
      { bare: true },
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "[1/2] create control policy `imageguard-guardrail` (effect scope All): done\n",
    );
    expect(run.err).toContain("[2/2] attach `imageguard-guardrail` to `Root/Production`");
    expect(run.err).toContain(": FAILED\n");
    expect(run.out).toContain(
      "apply stopped at a failed step: attach `imageguard-guardrail` to `Root/Production`",
    );
    expect(run.out).toContain("`InvalidParameter`");
    expect(run.out).toContain("(request id proxy-refused)");
    expect(run.out).toContain(
      "done (1):\n  - create control policy `imageguard-guardrail` (effect scope All)\nnot run (0):\n  nothing\n",
    );
    expect(run.out).toContain(
      "run `imageguard guardrail apply` again: it plans from what is deployed now and finishes the rest",
    );

    // What is left is exactly the failed step.
    const plan = JSON.parse((await cloud.guardrail(["plan", SPEC], { json: true })).out) as DeployPlan;
    expect(plan.steps.map((step) => step.kind)).toEqual(["attach"]);
    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
    expect((await cloud.guardrail(["status", SPEC])).code).toBe(0);
  });
});
