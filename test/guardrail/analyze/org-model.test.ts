// The organisation file: a scenario with `principals` instead of one `principal` and no request,
// read by the policy module's own buildScenario for each principal.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildOrgModel, parseOrgModel } from "../../../src/guardrail/index.js";
import type { Problem } from "../../../src/policy/index.js";
import { REPO } from "../../cli/run-cli.js";

const ADMIN = { document: { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

const codes = (problems: readonly Problem[]) => problems.map((p) => `${p.severity} ${p.code} ${p.path}`);

describe("buildOrgModel", () => {
  it("Given the seed's control-policy world, builds the tree, the account and the principal's chain", () => {
    const result = parseOrgModel(readFileSync(`${REPO}/test/fixtures/orgs/seed-control.yaml`, "utf8"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { model } = result;
    expect(model.name).toBe("the seed's control policy next to FullAliyunAccess");
    expect(model.directory?.managementAccountId).toBe("1000000000000001");
    expect(
      model.directory?.nodes.map(
        (n) => `${n.type} ${n.id} ${n.parent ?? "-"} [${n.policies.map((p) => p.name).join(", ")}]`,
      ),
    ).toEqual([
      "Root r-root - [FullAliyunAccess]",
      "Folder fd-prod r-root [FullAliyunAccess, SeedControlPolicy]",
      "Account 1111111111111111 fd-prod [FullAliyunAccess]",
    ]);
    expect(model.accounts).toEqual([
      {
        id: "1111111111111111",
        management: false,
        node: { id: "1111111111111111", name: "prod-app", type: "Account" },
        principals: [model.principals[0]],
      },
    ]);
    const admin = model.principals[0];
    expect(admin?.info.arn).toBe("acs:ram::1111111111111111:user/admin");
    expect(admin?.chain.controlPolicyPath?.map((node) => node.id)).toEqual([
      "1111111111111111",
      "fd-prod",
      "r-root",
    ]);
    expect(admin?.chain.identityPolicies.map((p) => `${p.name} ${p.attachedTo ?? ""}`)).toEqual([
      "AdministratorAccess user/admin",
    ]);
  });

  it("reads roles as one session of them, named by default, and keeps the role's ARN for exemptions", () => {
    const result = buildOrgModel({
      policies: { Admin: ADMIN, Session: ADMIN },
      principals: [
        {
          type: "AssumedRole",
          accountId: "1111111111111111",
          name: "deployer",
          policies: ["Admin"],
          sessionPolicy: "Session",
        },
        { type: "RamUser", accountId: "1111111111111111", name: "bob", groups: { ops: ["Admin"] } },
        { type: "RootAccount", accountId: "2222222222222222" },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [role, user, root] = result.model.principals;
    expect(role?.info.arn).toBe("acs:ram::1111111111111111:assumed-role/deployer/imageguard-analysis");
    expect(role?.roleArn).toBe("acs:ram::1111111111111111:role/deployer");
    expect(role?.chain.sessionPolicy?.name).toBe("Session");
    expect(user?.groups).toEqual(["ops"]);
    expect(user?.chain.identityPolicies.map((p) => p.attachedTo)).toEqual(["group/ops"]);
    expect(root?.info.type).toBe("RootAccount");
    expect(result.model.accounts.map((a) => [a.id, a.principals.length])).toEqual([
      ["1111111111111111", 2],
      ["2222222222222222", 1],
    ]);
    expect(result.model.directory).toBeUndefined();
  });

  it("accepts a scenario file as it is: one `principal`, its `request` ignored with a warning", () => {
    const result = parseOrgModel(
      readFileSync(`${REPO}/test/fixtures/scenarios/seed-control-allow-only.yaml`, "utf8"),
    );
    expect(result.ok).toBe(true);
    expect(codes(result.problems)).toEqual(["warning ignored-field request"]);
    expect(result.problems[0]).toMatchObject({ line: 31, column: 1 });
  });

  it("reports every problem at once, each principal's at its own path, and unused policies over all principals", () => {
    const result = buildOrgModel({
      policies: { Admin: ADMIN, Unused: ADMIN },
      principalz: [],
      principals: [
        { type: "RamUser", accountId: "1111111111111111", name: "alice", policies: ["Admin"] },
        { type: "RamUser", accountId: "1111111111111111", name: "bob", policies: ["Admn"] },
        { type: "RamUser", accountId: "1111111111111111" },
        { type: "Robot", accountId: "1111111111111111" },
        { type: "RamUser", accountId: "1111111111111111", name: "alice", policies: ["Admin"] },
      ],
    });
    expect(result.ok).toBe(false);
    expect(codes(result.problems)).toEqual([
      "error unknown-field principalz",
      "error undefined-policy principals[1].policies[0]",
      "error missing-field principals[2]",
      "error invalid-value principals[3].type",
      "error duplicate-principal principals[4]",
    ]);
    expect(result.problems[0]?.help).toBe("did you mean `principals`?");
    expect(result.problems[1]?.help).toBe("did you mean `Admin`?");
    expect(result.problems[2]?.message).toBe("missing field `name`");
    // Unused policies are judged only once the rest reads.
    const clean = buildOrgModel({
      policies: { Admin: ADMIN, Unused: ADMIN },
      principals: [
        { type: "RamUser", accountId: "1111111111111111", name: "alice", policies: ["Admin"] },
        { type: "RamUser", accountId: "1111111111111111", name: "bob" },
      ],
    });
    expect(codes(clean.problems)).toEqual(["warning unused-policy policies.Unused"]);
  });

  it("refuses an empty list, and `principal` with `principals`", () => {
    expect(codes(buildOrgModel({ principals: [] }).problems)).toEqual(["error invalid-type principals"]);
    expect(codes(buildOrgModel({}).problems)).toEqual(["error missing-field "]);
    expect(codes(buildOrgModel({ principal: {}, principals: [] }).problems)).toEqual([
      "error invalid-value principal",
    ]);
    expect(codes(buildOrgModel("text").problems)).toEqual(["error invalid-type "]);
  });

  it("checks each principal's account against the directory", () => {
    const result = buildOrgModel({
      directory: { nodes: [{ id: "r-root", type: "Root" }] },
      principals: [{ type: "RootAccount", accountId: "3333333333333333" }],
    });
    expect(codes(result.problems)).toEqual(["error account-not-in-directory principals[0].accountId"]);
  });
});

describe("parseOrgModel", () => {
  it("places problems at their line and column in the file", () => {
    const text = [
      "policies:",
      "  Admin:",
      '    document: { Version: "1", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }',
      "principals:",
      "  - type: RamUser",
      '    accountId: "1111111111111111"',
      "    name: alice",
      "    policies: [Admin]",
      "  - type: RamUser",
      "    accountId: 1111111111111111",
      "    name: bob",
      "",
    ].join("\n");
    const result = parseOrgModel(text);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: "invalid-type",
        path: "principals[1].accountId",
        line: 10,
        column: 5,
        help: 'YAML reads unquoted digits as a number; write it in quotes: `"1111111111111111"`',
      }),
    ]);
  });

  it("reports YAML syntax errors with their position", () => {
    const result = parseOrgModel("principals: [\n");
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: "yaml-syntax", severity: "error" });
  });
});
