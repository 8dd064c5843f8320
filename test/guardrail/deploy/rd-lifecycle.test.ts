// The guardrail's whole life in the demo organisation, through the CLI as a user runs it: plan,
// apply, status, and every kind of drift an operator can cause by hand through the official SDKs.
// One seeded cloud; each test starts from the state the one before it left.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudClient } from "../../../src/client/index.js";
import type { DeployPlan, DriftReport } from "../../../src/guardrail/index.js";
import { demoSpecText, folderId, startDeployCloud, type DeployCloud } from "./fixtures.js";

let cloud: DeployCloud;
let root: CloudClient;
let spec: string;
const SPEC = "imageguard.yaml";

async function plan(): Promise<DeployPlan & { code: number }> {
  const run = await cloud.guardrail(["plan", SPEC], { json: true });
  return { ...(JSON.parse(run.out) as DeployPlan), code: run.code };
}

async function status(): Promise<DriftReport & { code: number }> {
  const run = await cloud.guardrail(["status", SPEC], { json: true });
  return { ...(JSON.parse(run.out) as DriftReport), code: run.code };
}

async function guardrailPolicy(name = "imageguard-guardrail") {
  const found = (await root.rd.listControlPolicies({ policyType: "Custom" })).find(
    (p) => p.policyName === name,
  );
  if (found === undefined) throw new Error(`no control policy ${name}`);
  return root.rd.getControlPolicy(found.policyId);
}

beforeAll(async () => {
  cloud = await startDeployCloud("demo");
  root = await cloud.client();
  spec = await demoSpecText(cloud);
  await cloud.writeFile(SPEC, spec);
}, 60_000);

afterAll(async () => {
  await cloud?.close();
});

describe("plan, apply, status", () => {
  it("Given a fresh organisation, plan shows one policy to create and its attachment to Production: exit 2", async () => {
    const run = await cloud.guardrail(["plan", "--spec", `.imageguard/${SPEC}`]);
    expect(run.code).toBe(2);
    expect(run.out).toContain("+ control policy `imageguard-guardrail`: create (the spec generates it)");
    expect(run.out).toMatch(
      /`Root\/Production` \(`fd-[^`]+`\): \+ `imageguard-guardrail` \(2 → 3 of 10 policies, with `FullAliyunAccess`, `golden-image-guardrail`\)/,
    );
    expect(run.out).toContain("plan: 1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete\n");
    const json = await plan();
    expect(json.steps.map((step) => step.kind)).toEqual(["create-policy", "attach"]);
    expect(json.summary).toEqual({
      enable: 0,
      create: 1,
      update: 0,
      replace: 0,
      delete: 0,
      attach: 1,
      detach: 0,
    });
    // The seed's own guardrail is not imageguard's and not named like it: neither touched nor reported.
    expect(json.foreign).toEqual([]);
  });

  it("When applied with --yes, the policy is created with the marker and attached; status is in sync; a second plan and apply change nothing", async () => {
    const applied = await cloud.guardrail(["apply", SPEC, "--yes"]);
    expect(applied.code).toBe(0);
    expect(applied.err).toContain(
      "[1/2] create control policy `imageguard-guardrail` (effect scope All): done",
    );
    expect(applied.err).toContain("[2/2] attach `imageguard-guardrail` to `Root/Production`");
    const policy = await guardrailPolicy();
    expect(policy.description).toMatch(/^imageguard-managed_imageguard_sha256-[0-9a-f]{64}$/);
    expect(policy.effectScope).toBe("All");
    const attached = await root.rd.listControlPolicyAttachments(folderId(cloud.org!, "Production"));
    expect(attached.map((a) => a.policyName).sort()).toEqual([
      "FullAliyunAccess",
      "golden-image-guardrail",
      "imageguard-guardrail",
    ]);

    const report = await status();
    expect(report.code).toBe(0);
    expect(report.state).toBe("in-sync");
    expect(report.inSync).toEqual({ policies: 1, attachments: 1 });
    const again = await plan();
    expect(again.code).toBe(0);
    expect(again.steps).toEqual([]);
    const second = await cloud.guardrail(["apply", SPEC, "--yes"]);
    expect(second.code).toBe(0);
    expect(second.out).toContain("apply complete: nothing to do");
  });

  it("When the document is edited by hand, status says it was changed outside imageguard, plan shows the update, apply restores it", async () => {
    const policy = await guardrailPolicy();
    const edited = JSON.parse(policy.document) as { Statement: unknown[] };
    edited.Statement = edited.Statement.slice(1); // someone drops the `status` tag rule
    await root.rd.updateControlPolicy(policy.policyId, { document: JSON.stringify(edited) });

    const report = await status();
    expect(report.code).toBe(2);
    expect(report.state).toBe("drifted");
    expect(report.items.map((item) => [item.kind, item.policy])).toEqual([
      ["document-changed", "imageguard-guardrail"],
    ]);
    expect(report.items[0]?.message).toContain("was changed outside imageguard since the last apply");
    const text = await cloud.guardrail(["plan", SPEC]);
    expect(text.code).toBe(2);
    expect(text.out).toContain(
      "~ control policy `imageguard-guardrail`: update (its document was changed outside imageguard since the last apply)",
    );
    expect(text.out).toContain('    +       "Sid": "DenyLaunchWithoutTagStatus",');
    expect(text.out).toContain("update the document of control policy `imageguard-guardrail`");

    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
    expect((await guardrailPolicy()).document).toBe((await plan()).desired.policies[0]?.document);
    expect((await status()).state).toBe("in-sync");
  });

  it("When the policy is detached by hand, status reports the missing attachment and apply attaches it again", async () => {
    const policy = await guardrailPolicy();
    const production = folderId(cloud.org!, "Production");
    await root.rd.detachControlPolicy(policy.policyId, production);
    const report = await status();
    expect(report.code).toBe(2);
    expect(report.items.map((item) => item.kind)).toEqual(["attachment-missing"]);
    expect(report.items[0]?.message).toBe(
      `\`imageguard-guardrail\` is not attached to \`Root/Production\` (\`${production}\`)`,
    );
    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
    expect((await root.rd.listControlPolicyAttachments(production)).map((a) => a.policyName)).toContain(
      "imageguard-guardrail",
    );
  });

  it("When the policy is also attached to the audit-mode Development folder by hand, status reports an extra attachment and apply detaches it", async () => {
    const policy = await guardrailPolicy();
    const development = folderId(cloud.org!, "Development");
    await root.rd.attachControlPolicy(policy.policyId, development);
    const report = await status();
    expect(report.items.map((item) => item.kind)).toEqual(["extra-attachment"]);
    const json = await plan();
    expect(json.steps).toEqual([
      expect.objectContaining({
        kind: "detach",
        policy: "imageguard-guardrail",
        target: expect.objectContaining({ nodeId: development }),
      }),
    ]);
    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
    expect((await root.rd.listControlPolicyAttachments(development)).map((a) => a.policyName)).not.toContain(
      "imageguard-guardrail",
    );
    expect((await status()).state).toBe("in-sync");
  });

  it("When the spec requires a new tag, the deployed document is outdated; apply updates it in place, without detaching", async () => {
    const changed = spec.replace(
      "    environment: [production]\n",
      "    environment: [production]\n    cost-center: [platform, payments]\n",
    );
    await cloud.writeFile("changed.yaml", changed);
    const report = await cloud.guardrail(["status", "changed.yaml"], { json: true });
    expect(report.code).toBe(2);
    expect((JSON.parse(report.out) as DriftReport).items.map((item) => item.kind)).toEqual([
      "document-outdated",
    ]);
    const text = await cloud.guardrail(["plan", "changed.yaml"]);
    expect(text.out).toContain(
      "the spec now generates another document (the spec changed, or an exemption expired)",
    );
    expect(text.out).toContain('    +       "Sid": "DenyLaunchWithoutTagCostCenter",');
    expect(text.out).toContain('    +           "acs:ResourceTag/cost-center": ["platform", "payments"]');
    expect(text.out).toContain("plan: 0 to create, 1 to update, 0 to attach, 0 to detach, 0 to delete\n");

    const before = await guardrailPolicy();
    expect((await cloud.guardrail(["apply", "changed.yaml", "--yes"])).code).toBe(0);
    const after = await guardrailPolicy();
    expect(after.policyId).toBe(before.policyId);
    expect(after.document).toContain("acs:ResourceTag/cost-center");
    expect((await cloud.guardrail(["status", "changed.yaml"])).code).toBe(0);
    // Back to the seed's spec for the tests below.
    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
  });

  it("When the policy is deleted by hand, status reports it missing and apply deploys it again", async () => {
    const policy = await guardrailPolicy();
    await root.rd.detachControlPolicy(policy.policyId, folderId(cloud.org!, "Production"));
    await root.rd.deleteControlPolicy(policy.policyId);
    const report = await status();
    expect(report.code).toBe(2);
    // Nothing of imageguard's is deployed any more.
    expect(report.state).toBe("not-deployed");
    expect(report.items.map((item) => item.kind)).toEqual(["policy-missing"]);
    expect((await cloud.guardrail(["apply", SPEC, "--yes"])).code).toBe(0);
    expect((await status()).state).toBe("in-sync");
  });

  it("When the spec makes Production audit too, the policy is detached first and deleted after", async () => {
    await cloud.writeFile("audit.yaml", spec.replace("mode: enforce", "mode: audit"));
    const json = JSON.parse(
      (await cloud.guardrail(["plan", "audit.yaml"], { json: true })).out,
    ) as DeployPlan;
    expect(json.steps.map((step) => step.kind)).toEqual(["detach", "delete-policy"]);
    expect(json.policies).toEqual([
      expect.objectContaining({ name: "imageguard-guardrail", action: "delete" }),
    ]);
    expect((await cloud.guardrail(["apply", "audit.yaml", "--yes"])).code).toBe(0);
    expect(
      (await root.rd.listControlPolicies({ policyType: "Custom" })).map((p) => p.policyName),
    ).not.toContain("imageguard-guardrail");
    expect((await cloud.guardrail(["status", "audit.yaml"])).code).toBe(0);
  });
});
