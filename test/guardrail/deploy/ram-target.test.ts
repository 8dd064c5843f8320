// An account without a Resource Directory: the guardrail becomes RAM policies attached to every
// user, group and role of the account but the break-glass and service-linked roles. New versions
// respect RAM's limit of five; identities created after apply are drift.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudClient } from "../../../src/client/index.js";
import type { DeployPlan, DriftReport } from "../../../src/guardrail/index.js";
import { RamModule } from "../../cloud/harness.js";
import { startDeployCloud, type DeployCloud } from "./fixtures.js";

let cloud: DeployCloud;
let root: CloudClient;
let account: string;
const OTHER_ACCOUNT = "1999999999999999";
const TRUST = JSON.stringify({
  Version: "1",
  Statement: [
    { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::1000000000000001:root"] } },
  ],
});

async function planOf(file = "account.yaml"): Promise<DeployPlan & { code: number }> {
  const run = await cloud.guardrail(["plan", file], { json: true });
  return { ...(JSON.parse(run.out) as DeployPlan), code: run.code };
}

async function statusOf(file = "account.yaml"): Promise<DriftReport & { code: number }> {
  const run = await cloud.guardrail(["status", file], { json: true });
  return { ...(JSON.parse(run.out) as DriftReport), code: run.code };
}

async function attached(kind: "user" | "group" | "role", name: string): Promise<string[]> {
  return (await root.ram.listAttachedPolicies({ kind, name })).map((policy) => policy.policyName).sort();
}

beforeAll(async () => {
  cloud = await startDeployCloud("none");
  root = await cloud.client();
  account = cloud.t.cloud.managementAccount.accountId;
  const ram = cloud.t.ram();
  await ram.createUser(new RamModule.CreateUserRequest({ userName: "alice" }));
  await ram.createGroup(new RamModule.CreateGroupRequest({ groupName: "developers" }));
  for (const roleName of ["image-pipeline", "break-glass-admin", "AliyunServiceRoleForECS"]) {
    await ram.createRole(new RamModule.CreateRoleRequest({ roleName, assumeRolePolicyDocument: TRUST }));
  }
  await cloud.writeFile(
    "account.yaml",
    `version: 1
golden:
  requiredTags:
    status: [approved]
  trustedOwners: ["${account}"]
scopes:
  - { id: "${account}", mode: enforce }
  - { id: "${OTHER_ACCOUNT}", mode: enforce }
pipeline:
  roles: ["acs:ram::${account}:role/image-pipeline"]
breakGlass:
  roles: ["acs:ram::${account}:role/break-glass-admin"]
`,
  );
}, 60_000);

afterAll(async () => {
  await cloud?.close();
});

describe("RAM policies in an account without a Resource Directory", () => {
  it("Given no directory, plan targets RAM: one policy for every user, group and role but break-glass and service-linked roles", async () => {
    const plan = await planOf();
    expect(plan.code).toBe(2);
    expect(plan.target).toBe("ram");
    expect(plan.where).toEqual({ accountId: account });
    expect(plan.desired.policies.map((policy) => [policy.name, policy.kind, policy.description])).toEqual([
      ["imageguard-guardrail", "ram", "imageguard-managed_imageguard"],
    ]);
    expect(
      plan.steps.map((step) =>
        step.kind === "attach"
          ? `attach ${step.target.kind === "identity" ? `${step.target.principal}/${step.target.name}` : ""}`
          : step.kind,
      ),
    ).toEqual([
      "create-policy",
      "attach group/developers",
      "attach role/image-pipeline",
      "attach user/alice",
    ]);
    expect(plan.desired.excluded.map((entry) => [entry.name, entry.reason])).toEqual([
      [
        "AliyunServiceRoleForECS",
        "a service-linked role: its service defines its policies, and RAM attaches none to it",
      ],
      ["break-glass-admin", "a break-glass role of the spec"],
    ]);
    expect(plan.warnings.map((warning) => warning.code)).toEqual(["account-not-reached"]);
    const text = await cloud.guardrail(["plan", "account.yaml"]);
    expect(text.out).toContain(
      "  3 identities (group `developers`, role `image-pipeline`, user `alice`): + `imageguard-guardrail`",
    );
    expect(text.out).toContain("  role `break-glass-admin`: a break-glass role of the spec");
    expect(text.out).toContain(
      `warning[account-not-reached]: scope \`${OTHER_ACCOUNT}\` is account \`${OTHER_ACCOUNT}\`; these credentials reach account \`${account}\` only, so it is not planned`,
    );
  });

  it("When applied, every identity holds the policy and the break-glass role does not; status is in sync", async () => {
    expect((await cloud.guardrail(["apply", "account.yaml", "--yes"])).code).toBe(0);
    expect(await attached("user", "alice")).toEqual(["imageguard-guardrail"]);
    expect(await attached("group", "developers")).toEqual(["imageguard-guardrail"]);
    expect(await attached("role", "image-pipeline")).toEqual(["imageguard-guardrail"]);
    expect(await attached("role", "break-glass-admin")).toEqual([]);
    const status = await statusOf();
    expect(status.state).toBe("in-sync");
    expect(status.inSync).toEqual({ policies: 1, attachments: 3 });
  });

  it("When a user is created after apply, status reports its missing attachment; apply attaches it", async () => {
    await cloud.t.ram().createUser(new RamModule.CreateUserRequest({ userName: "bob" }));
    const status = await statusOf();
    expect(status.code).toBe(2);
    expect(status.items.map((item) => item.message)).toEqual([
      "`imageguard-guardrail` is not attached to user `bob`",
    ]);
    expect((await cloud.guardrail(["apply", "account.yaml", "--yes"])).code).toBe(0);
    expect(await attached("user", "bob")).toEqual(["imageguard-guardrail"]);
  });

  it("When the document is changed by hand in new versions up to RAM's five, apply deletes the oldest non-default one to make room", async () => {
    const ram = cloud.t.ram();
    const loose = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Deny", Action: ["ecs:DeleteImage"], Resource: "acs:ecs:*:*:image/*" }],
    });
    for (let i = 0; i < 4; i++) {
      await ram.createPolicyVersion(
        new RamModule.CreatePolicyVersionRequest({
          policyName: "imageguard-guardrail",
          policyDocument: loose,
          setAsDefault: true,
        }),
      );
    }
    const status = await statusOf();
    expect(status.items.map((item) => item.kind)).toEqual(["document-changed"]);
    expect(status.items[0]?.message).toBe(
      "RAM policy `imageguard-guardrail` differs from what the spec generates (edited by hand, or the spec changed)",
    );
    const plan = await planOf();
    expect(plan.steps).toEqual([
      { kind: "delete-policy-version", policy: "imageguard-guardrail", versionId: "v1" },
      expect.objectContaining({ kind: "update-policy", policy: "imageguard-guardrail", policyKind: "ram" }),
    ]);
    expect((await cloud.guardrail(["apply", "account.yaml", "--yes"])).code).toBe(0);
    const versions = await root.ram.listPolicyVersions("imageguard-guardrail");
    expect(versions.map((version) => version.versionId)).toEqual(["v2", "v3", "v4", "v5", "v6"]);
    const policy = await root.ram.getPolicy({ policyName: "imageguard-guardrail", policyType: "Custom" });
    expect(policy?.defaultVersion).toBe("v6");
    expect(JSON.parse(policy?.document ?? "{}")).toEqual(
      JSON.parse(plan.desired.policies[0]?.document ?? ""),
    );
    expect((await statusOf()).state).toBe("in-sync");
  });

  it("When the policy is detached from a role and attached to the break-glass role by hand, status reports both", async () => {
    const policy = { policyName: "imageguard-guardrail", policyType: "Custom" as const };
    await root.ram.detachPolicy(policy, { kind: "role", name: "image-pipeline" });
    await root.ram.attachPolicy(policy, { kind: "role", name: "break-glass-admin" });
    const status = await statusOf();
    expect(status.items.map((item) => [item.kind, item.message])).toEqual([
      [
        "extra-attachment",
        "`imageguard-guardrail` is attached to role `break-glass-admin`, where the spec does not put it",
      ],
      ["attachment-missing", "`imageguard-guardrail` is not attached to role `image-pipeline`"],
    ]);
    expect((await cloud.guardrail(["apply", "account.yaml", "--yes"])).code).toBe(0);
    expect(await attached("role", "break-glass-admin")).toEqual([]);
    expect(await attached("role", "image-pipeline")).toEqual(["imageguard-guardrail"]);
  });

  it("Given a user holding 10 custom policies imageguard does not manage, the plan is an identity-full error", async () => {
    const ram = cloud.t.ram();
    await ram.createUser(new RamModule.CreateUserRequest({ userName: "carol" }));
    for (let i = 1; i <= 10; i++) {
      const policyName = `carol-${i}`;
      await ram.createPolicy(
        new RamModule.CreatePolicyRequest({
          policyName,
          policyDocument: JSON.stringify({
            Version: "1",
            Statement: [{ Effect: "Allow", Action: ["ecs:DescribeImages"], Resource: "*" }],
          }),
        }),
      );
      await ram.attachPolicyToUser(
        new RamModule.AttachPolicyToUserRequest({ policyType: "Custom", policyName, userName: "carol" }),
      );
    }
    const plan = await planOf();
    expect(plan.code).toBe(1);
    expect(plan.conflicts.map((conflict) => conflict.code)).toEqual(["identity-full"]);
    expect(plan.conflicts[0]?.message).toContain(
      "user `carol` would hold 11 custom policies, more than the 10 RAM allows",
    );
  });

  it("Given the credentials' account is in no scope of the spec, the plan is an error saying how to add it", async () => {
    await cloud.writeFile(
      "other.yaml",
      `version: 1\ngolden:\n  requiredTags: { status: [approved] }\nscopes:\n  - { id: "${OTHER_ACCOUNT}", mode: enforce }\n`,
    );
    const run = await cloud.guardrail(["plan", "other.yaml"]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      `error[account-not-in-spec]: the credentials are of account \`${account}\`, which no scope of the spec names by id`,
    );
  });

  it("Given --target rd in an account without a directory, plan fails with the fix", async () => {
    const run = await cloud.guardrail(["plan", "account.yaml", "--target", "rd"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `error: account \`${account}\` is in no resource directory, so it has no control policies`,
    );
    expect(run.err).toContain("= help: plan RAM policies for this account with `--target ram`");
  });
});
