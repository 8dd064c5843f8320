// A directory built for the test, with the Control Policy feature still disabled: the plan enables
// it first; specs that need more than one control policy are split; nodes without room, names held
// by policies imageguard does not manage, and scopes that name nothing are refused with the exact
// conflict, before anything changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudClient } from "../../../src/client/index.js";
import type { DeployPlan, DriftReport } from "../../../src/guardrail/index.js";
import { ResourceManagerModule } from "../../cloud/harness.js";
import { startDeployCloud, type DeployCloud } from "./fixtures.js";

let cloud: DeployCloud;
let root: CloudClient;
const folders: Record<string, string> = {};
const FACTORY = "1200000000000001";

function specText(
  options: { production?: string; development?: string; tags?: string; prefix?: string } = {},
): string {
  return `version: 1
golden:
  requiredTags:
${options.tags ?? "    status: [approved]\n    environment: [production]"}
  trustedOwners: ["${FACTORY}"]
scopes:
  - { path: Root/Production, mode: ${options.production ?? "enforce"} }
  - { path: Root/Development, mode: ${options.development ?? "audit"} }
pipeline:
  roles: ["acs:ram::${FACTORY}:role/image-pipeline"]
${options.prefix === undefined ? "" : `generation:\n  namePrefix: ${options.prefix}\n`}`;
}

/** Four required tags with 50 long values each: more than one control policy can hold. */
const MANY_VALUES = ["status", "security-level", "environment", "cost-center"]
  .map(
    (key) =>
      `    ${key}: [${Array.from({ length: 50 }, (_, i) => `${key}-value-${String(i).padStart(3, "0")}`).join(", ")}]`,
  )
  .join("\n");

async function planOf(file: string): Promise<DeployPlan & { code: number }> {
  const run = await cloud.guardrail(["plan", file], { json: true });
  return { ...(JSON.parse(run.out) as DeployPlan), code: run.code };
}

async function attachedTo(folder: string): Promise<string[]> {
  return (await root.rd.listControlPolicyAttachments(folders[folder] as string))
    .map((a) => a.policyName)
    .sort();
}

beforeAll(async () => {
  cloud = await startDeployCloud("none");
  root = await cloud.client();
  const rm = cloud.t.rm();
  const directory = await rm.enableResourceDirectory(
    new ResourceManagerModule.EnableResourceDirectoryRequest({ enableMode: "CurrentAccount" }),
  );
  expect(directory.body?.resourceDirectory?.rootFolderId).toBeTruthy();
  for (const folderName of ["Production", "Development"]) {
    const created = await rm.createFolder(new ResourceManagerModule.CreateFolderRequest({ folderName }));
    folders[folderName] = created.body?.folder?.folderId ?? "";
  }
  await rm.createResourceAccount(
    new ResourceManagerModule.CreateResourceAccountRequest({
      displayName: "app-shop",
      accountNamePrefix: "app-shop",
      parentFolderId: folders["Production"],
    }),
  );
  await cloud.writeFile("guardrail.yaml", specText());
}, 60_000);

afterAll(async () => {
  await cloud?.close();
});

describe("a directory whose control policies are disabled", () => {
  it("Given the feature disabled, plan enables it first, then creates and attaches; FullAliyunAccess counts against the node", async () => {
    const plan = await planOf("guardrail.yaml");
    expect(plan.code).toBe(2);
    expect(plan.target).toBe("resource-directory");
    expect(plan.steps.map((step) => step.kind)).toEqual(["enable-control-policy", "create-policy", "attach"]);
    expect(plan.attachments).toEqual([
      expect.objectContaining({
        target: { kind: "node", nodeId: folders["Production"], label: "Root/Production" },
        attach: ["imageguard-guardrail"],
        slots: { now: 1, after: 2, limit: 10 },
      }),
    ]);
    const status = JSON.parse(
      (await cloud.guardrail(["status", "guardrail.yaml"], { json: true })).out,
    ) as DriftReport;
    expect(status.items.map((item) => item.kind)).toEqual(["control-policy-disabled", "policy-missing"]);
    expect(status.state).toBe("not-deployed");
    const text = await cloud.guardrail(["plan", "guardrail.yaml"]);
    expect(text.out).toContain(
      "1. enable the Control Policy feature (it attaches `FullAliyunAccess` to every node)",
    );
    expect(text.out).toContain(
      "plan: 1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete; control policies to enable\n",
    );
  });

  it("When applied, the feature is enabled and the policy attached; status is in sync", async () => {
    const run = await cloud.guardrail(["apply", "guardrail.yaml", "--yes"]);
    expect(run.code, run.err + run.out).toBe(0);
    expect(await root.rd.getControlPolicyStatus()).toBe("Enabled");
    expect(await attachedTo("Production")).toEqual(["FullAliyunAccess", "imageguard-guardrail"]);
    expect((await cloud.guardrail(["status", "guardrail.yaml"])).code).toBe(0);
  });
});

describe("splitting", () => {
  it("Given required tags with many values, the statements are split over policies of at most 4,096 characters, all attached", async () => {
    await cloud.writeFile("many.yaml", specText({ tags: MANY_VALUES }));
    const plan = await planOf("many.yaml");
    expect(plan.ok).toBe(true);
    const names = plan.desired.policies.map((policy) => policy.name);
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual(names.map((_, i) => `imageguard-guardrail-${i + 1}`));
    for (const policy of plan.desired.policies) expect([...policy.document].length).toBeLessThanOrEqual(4096);
    // The single policy goes only after every part is attached.
    const kinds = plan.steps.map((step) => ("policy" in step ? `${step.kind} ${step.policy}` : step.kind));
    expect(kinds).toEqual([
      ...names.map((name) => `create-policy ${name}`),
      ...names.map((name) => `attach ${name}`),
      "detach imageguard-guardrail",
      "delete-policy imageguard-guardrail",
    ]);
    expect((await cloud.guardrail(["apply", "many.yaml", "--yes"])).code).toBe(0);
    expect(await attachedTo("Production")).toEqual(["FullAliyunAccess", ...names]);
    for (const name of names) {
      const summary = (await root.rd.listControlPolicies({ policyType: "Custom" })).find(
        (p) => p.policyName === name,
      );
      const deployed = await root.rd.getControlPolicy(summary?.policyId ?? "");
      expect([...deployed.document].length).toBeLessThanOrEqual(4096);
    }
    expect((await cloud.guardrail(["status", "many.yaml"])).code).toBe(0);
  });

  it("When the spec shrinks again, the one policy is created and attached before the parts are detached and deleted", async () => {
    const plan = await planOf("guardrail.yaml");
    const kinds = plan.steps.map((step) => step.kind);
    expect(kinds.indexOf("attach")).toBeLessThan(kinds.indexOf("detach"));
    expect(kinds.lastIndexOf("detach")).toBeLessThan(kinds.indexOf("delete-policy"));
    expect((await cloud.guardrail(["apply", "guardrail.yaml", "--yes"])).code).toBe(0);
    expect(await attachedTo("Production")).toEqual(["FullAliyunAccess", "imageguard-guardrail"]);
    expect((await root.rd.listControlPolicies({ policyType: "Custom" })).map((p) => p.policyName)).toEqual([
      "imageguard-guardrail",
    ]);
  });
});

describe("conflicts are refused before anything changes", () => {
  it("Given Development holding 10 control policies imageguard does not manage, enforcing it is a node-full error naming them: exit 1, apply refuses", async () => {
    for (let i = 1; i <= 9; i++) {
      const created = await root.rd.createControlPolicy({
        name: `team-policy-${i}`,
        document: JSON.stringify({
          Version: "1",
          Statement: [
            { Effect: "Deny", Action: [`ecs:DeleteSnapshot`], Resource: `acs:ecs:*:*:snapshot/team-${i}` },
          ],
        }),
      });
      await root.rd.attachControlPolicy(created.policyId, folders["Development"] as string);
    }
    await cloud.writeFile("dev.yaml", specText({ development: "enforce" }));
    const run = await cloud.guardrail(["plan", "dev.yaml"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      `error[node-full]: \`Root/Development\` (\`${folders["Development"]}\`) would hold 11 control policies, more than the 10 a node may: it holds \`FullAliyunAccess\`, \`team-policy-1\`, \`team-policy-2\``,
    );
    expect(run.out).toContain("and the guardrail needs 1 (`imageguard-guardrail`)");
    expect(run.out).toContain(
      "  = help: detach 1 of the control policies imageguard does not manage from `Root/Development`",
    );
    expect(run.out).toContain("plan failed: it cannot be applied until the errors above are resolved");
    const apply = await cloud.guardrail(["apply", "dev.yaml", "--yes"]);
    expect(apply.code).toBe(1);
    expect(await attachedTo("Development")).not.toContain("imageguard-guardrail");
  });

  it("Given a policy imageguard does not manage holding a generated name, the plan names it; look-alikes are listed and left alone", async () => {
    const document = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Deny", Action: ["ecs:DeleteImage"], Resource: "acs:ecs:*:*:image/*" }],
    });
    await root.rd.createControlPolicy({ name: "acme-guardrail", document, description: "hand-made" });
    await root.rd.createControlPolicy({ name: "acme-legacy", document });
    await cloud.writeFile("acme.yaml", specText({ prefix: "acme" }));
    const plan = await planOf("acme.yaml");
    expect(plan.code).toBe(1);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        code: "name-taken",
        message:
          "the control policy `acme-guardrail` exists and imageguard does not manage it (its description has no imageguard marker), but the guardrail needs that name",
      }),
    ]);
    expect(plan.foreign.map((policy) => policy.name)).toEqual(["acme-guardrail", "acme-legacy"]);
    // The other spec's deployed policy is not this spec's: nothing of it is touched.
    expect(plan.steps.some((step) => step.kind === "delete-policy" || step.kind === "detach")).toBe(false);
  });

  it("Given a scope path that names nothing, the plan says which folders exist: exit 1", async () => {
    await cloud.writeFile("typo.yaml", specText().replace("Root/Production", "Root/Prod"));
    const run = await cloud.guardrail(["plan", "typo.yaml"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      "error[scope-not-found]: scope `Root/Prod` names no folder or account of the resource directory",
    );
    expect(run.out).toContain("the directory's folders are `Root`, `Root/Development`, `Root/Production`");
  });
});
