import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FULL_ALIYUN_ACCESS, buildScenario, decide } from "../../src/policy/index.js";
import type { Problem, Scenario } from "../../src/policy/index.js";

const scenarioFixture = (name: string): unknown =>
  parse(readFileSync(new URL(`../fixtures/scenarios/${name}`, import.meta.url), "utf8"));

const ALLOW_ALL = { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const ACCOUNT = "1111111111111111";
const RUN = {
  action: "ecs:RunInstances",
  resources: [`acs:ecs:cn-hangzhou:${ACCOUNT}:instance/*`, `acs:ecs:cn-hangzhou:${ACCOUNT}:image/m-1`],
};

/** A valid RAM-user scenario to vary: every test changes one thing. */
function base(): Record<string, unknown> {
  return {
    policies: { Admin: { document: ALLOW_ALL } },
    principal: { type: "RamUser", accountId: ACCOUNT, name: "alice", policies: ["Admin"] },
    request: { ...RUN },
  };
}

function directory(nodes: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    managementAccountId: "1000000000000001",
    nodes: [{ id: "r-root", type: "Root", name: "Root" }, ...nodes],
    ...extra,
  };
}

function built(doc: unknown): Scenario {
  const result = buildScenario(doc);
  if (!result.ok) throw new Error(`expected a scenario, got ${JSON.stringify(result.problems, null, 2)}`);
  return result.scenario;
}

function problemsOf(doc: unknown): Pick<Problem, "code" | "path" | "severity">[] {
  return buildScenario(doc).problems.map(({ code, path, severity }) => ({ code, path, severity }));
}

describe("buildScenario: principals", () => {
  it("builds a RAM user's chain from the seed fixture", () => {
    const scenario = built(scenarioFixture("seed-ram-user-tagged.yaml"));
    expect(scenario.name).toBe("a RAM user with the seed policy launches from a production-tagged image");
    expect(scenario.caller).toEqual({
      type: "RamUser",
      accountId: ACCOUNT,
      name: "alice",
      arn: `acs:ram::${ACCOUNT}:user/alice`,
    });
    expect(scenario.chain.principal).toBe(scenario.caller);
    expect(scenario.chain.controlPolicyPath).toBeUndefined();
    expect(scenario.chain.identityPolicies).toEqual([
      expect.objectContaining({
        name: "SeedPolicy",
        version: "v1",
        policyType: "Custom",
        attachedTo: "user/alice",
      }),
    ]);
    expect(scenario.chain.identityPolicies[0]?.policy.kind).toBe("ram");
    expect(scenario.request.context).toEqual({ "acs:resourcetag/environment": "production" });
  });

  it("attaches group policies with the group as their place", () => {
    const doc = base();
    doc["policies"] = { Admin: { document: ALLOW_ALL, version: "v3", type: "System" } };
    doc["principal"] = { type: "RamUser", accountId: ACCOUNT, name: "alice", groups: { admins: ["Admin"] } };
    expect(built(doc).chain.identityPolicies).toEqual([
      expect.objectContaining({
        name: "Admin",
        version: "v3",
        policyType: "System",
        attachedTo: "group/admins",
      }),
    ]);
  });

  it("builds a role session: assumed-role ARN, role policies, session policy validated as a session policy", () => {
    const doc = base();
    doc["principal"] = {
      type: "AssumedRole",
      accountId: ACCOUNT,
      name: "deployer",
      sessionName: "ci",
      policies: ["Admin"],
    };
    doc["sessionPolicy"] = "Admin";
    const scenario = built(doc);
    expect(scenario.caller).toEqual({
      type: "AssumedRole",
      accountId: ACCOUNT,
      name: "deployer/ci",
      arn: `acs:ram::${ACCOUNT}:assumed-role/deployer/ci`,
    });
    expect(scenario.chain.identityPolicies[0]?.attachedTo).toBe("role/deployer");
    expect(scenario.chain.sessionPolicy?.policy.kind).toBe("session");
  });

  it("builds the root identity, which has no attached policies", () => {
    const doc = base();
    doc["policies"] = {};
    doc["principal"] = { type: "RootAccount", accountId: ACCOUNT };
    const scenario = built(doc);
    expect(scenario.caller).toEqual({
      type: "RootAccount",
      accountId: ACCOUNT,
      arn: `acs:ram::${ACCOUNT}:root`,
    });
    expect(scenario.chain.identityPolicies).toEqual([]);
  });

  it.each([
    ["RootAccount", { policies: ["Admin"] }, "principal.policies"],
    ["RootAccount", { name: "alice" }, "principal.name"],
    ["RamUser", { sessionName: "s" }, "principal.sessionName"],
    ["AssumedRole", { sessionName: "s", groups: { g: ["Admin"] } }, "principal.groups"],
  ])("Given a %s with %j, reports `not-applicable` at %s", (type, extra, path) => {
    const doc = base();
    doc["principal"] = {
      type,
      accountId: ACCOUNT,
      ...(type === "RootAccount" ? {} : { name: "alice" }),
      ...extra,
    };
    expect(problemsOf(doc)).toContainEqual({ code: "not-applicable", path, severity: "error" });
  });

  it("rejects a session policy for anyone but a role session", () => {
    const doc = { ...base(), sessionPolicy: "Admin" };
    expect(problemsOf(doc)).toContainEqual({
      code: "not-applicable",
      path: "sessionPolicy",
      severity: "error",
    });
  });

  it("allows at most 5 groups", () => {
    const doc = base();
    const groups = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((group) => [group, ["Admin"]]));
    doc["principal"] = { type: "RamUser", accountId: ACCOUNT, name: "alice", groups };
    expect(problemsOf(doc)).toEqual([
      { code: "too-many-groups", path: "principal.groups", severity: "error" },
    ]);
    delete groups["f"];
    expect(buildScenario(doc).ok).toBe(true);
  });

  it("asks for account ids in quotes, since YAML reads digits as numbers", () => {
    const doc = base();
    doc["principal"] = { type: "RamUser", accountId: 1111111111111111, name: "alice" };
    const [problem] = buildScenario(doc).problems;
    expect(problem).toMatchObject({ code: "invalid-type", path: "principal.accountId" });
    expect(problem?.help).toContain('`"1111111111111111"`');
  });
});

describe("buildScenario: references and fields", () => {
  it("reports an undefined policy where it is referenced, with a suggestion", () => {
    const doc = base();
    doc["principal"] = { type: "RamUser", accountId: ACCOUNT, name: "alice", policies: ["Admin", "Admn"] };
    const [problem] = buildScenario(doc).problems;
    expect(problem).toMatchObject({
      code: "undefined-policy",
      path: "principal.policies[1]",
      severity: "error",
    });
    expect(problem?.help).toBe("did you mean `Admin`?");
  });

  it("reports unknown fields with their path and the likely intended name", () => {
    const doc = base();
    doc["principal"] = { type: "RamUser", accountId: ACCOUNT, name: "alice", group: {} };
    doc["request"] = { ...RUN, contexts: {} };
    const problems = buildScenario(doc).problems;
    expect(problems.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "unknown-field", path: "principal.group" },
      { code: "unknown-field", path: "request.contexts" },
    ]);
    expect(problems.map((problem) => problem.help)).toEqual([
      "did you mean `groups`?",
      "did you mean `context`?",
    ]);
  });

  it("prefixes a policy document's problems with the document's path", () => {
    const doc = base();
    doc["policies"] = {
      Admin: { document: { Version: "1", Statement: [{ Effect: "Allow", Action: "*", NotResource: "*" }] } },
    };
    expect(problemsOf(doc)).toContainEqual({
      code: "not-resource",
      path: "policies.Admin.document.Statement[0].NotResource",
      severity: "error",
    });
  });

  it("reads a document given as JSON text, and quotes names that are not identifiers in paths", () => {
    const doc = base();
    doc["policies"] = { "Admin-Policy": { document: JSON.stringify(ALLOW_ALL) } };
    doc["principal"] = { type: "RamUser", accountId: ACCOUNT, name: "alice", policies: ["Admin-Policy"] };
    expect(built(doc).chain.identityPolicies[0]?.policy.statements).toHaveLength(1);
    (doc["policies"] as Record<string, unknown>)["Admin-Policy"] = { document: '{"Version": "2"}' };
    const problems = buildScenario(doc).problems;
    expect(problems.map((problem) => problem.path)).toContain('policies["Admin-Policy"].document.Version');
    expect(problems.find((problem) => problem.code === "invalid-version")?.message).toContain(
      "(line 1, column 13 of the document text)",
    );
  });

  it("warns about a policy nothing uses, once everything else is right", () => {
    const doc = base();
    doc["policies"] = { Admin: { document: ALLOW_ALL }, Spare: { document: ALLOW_ALL } };
    const result = buildScenario(doc);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "unused-policy", path: "policies.Spare", severity: "warning" }),
    ]);
  });

  it("reports a scenario that is not a mapping", () => {
    expect(problemsOf(["a"])).toEqual([{ code: "invalid-type", path: "", severity: "error" }]);
    expect(problemsOf({})).toEqual([
      { code: "missing-field", path: "", severity: "error" },
      { code: "missing-field", path: "", severity: "error" },
    ]);
  });
});

describe("buildScenario: request", () => {
  it("normalizes context keys, reads YAML scalars as strings and lists as multi-valued keys", () => {
    const doc = base();
    doc["request"] = {
      ...RUN,
      context: {
        "acs:SecureTransport": true,
        "ACS:TagKeys": ["env", "owner"],
        "acs:ResourceTag/Env": "prod",
      },
    };
    expect(built(doc).request.context).toEqual({
      "acs:securetransport": "true",
      "acs:tagkeys": ["env", "owner"],
      "acs:resourcetag/Env": "prod",
    });
  });

  it("accepts one resource written as a string, and rejects an empty list", () => {
    const doc = base();
    doc["request"] = { action: "ecs:DescribeRegions", resources: "*" };
    expect(built(doc).request.resources).toEqual(["*"]);
    doc["request"] = { action: "ecs:DescribeRegions", resources: [] };
    expect(problemsOf(doc)).toEqual([
      { code: "invalid-value", path: "request.resources", severity: "error" },
    ]);
  });

  it("takes a trust policy for sts:AssumeRole only, validated as a trust policy", () => {
    const trust = {
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } },
      ],
    };
    const doc = base();
    doc["policies"] = { Admin: { document: ALLOW_ALL }, Trust: { document: trust } };
    doc["request"] = { action: "sts:AssumeRole", resources: ["acs:ram::2:role/r"], trustPolicy: "Trust" };
    expect(built(doc).trust).toMatchObject({ name: "Trust", policy: { kind: "trust" } });
    doc["request"] = { ...RUN, trustPolicy: "Trust" };
    expect(problemsOf(doc)).toEqual([
      { code: "not-applicable", path: "request.trustPolicy", severity: "error" },
    ]);
  });
});

describe("buildScenario: resource directory", () => {
  it("builds the control policy path from the account up to Root, with FullAliyunAccess everywhere", () => {
    const scenario = built(scenarioFixture("control-deny-untagged.yaml"));
    const path = scenario.chain.controlPolicyPath ?? [];
    expect(path.map((node) => [node.id, node.type, node.name])).toEqual([
      [ACCOUNT, "Account", "prod-app"],
      ["fd-prod", "Folder", "Production"],
      ["r-root", "Root", "Root"],
    ]);
    expect(path.map((node) => node.policies.map((policy) => policy.name))).toEqual([
      ["FullAliyunAccess"],
      ["FullAliyunAccess", "DenyUntaggedImages"],
      ["FullAliyunAccess"],
    ]);
    expect(path[0]?.policies[0]).toBe(FULL_ALIYUN_ACCESS);
    expect(path[1]?.policies[1]).toMatchObject({
      effectScope: "RAM",
      policyType: "Custom",
      policy: { kind: "control" },
    });
    expect(decide(scenario.chain, scenario.request).result).toBe("ExplicitDeny");
  });

  it("detaches FullAliyunAccess where asked, but never leaves a node with no policy", () => {
    const doc = base();
    doc["controlPolicies"] = { OnlyEcs: { document: ALLOW_ALL, effectScope: "All" } };
    doc["directory"] = directory([
      { id: ACCOUNT, type: "Account", parent: "r-root", attach: ["OnlyEcs"], detach: ["FullAliyunAccess"] },
    ]);
    const [account] = built(doc).chain.controlPolicyPath ?? [];
    expect(account?.policies.map((policy) => [policy.name, policy.effectScope])).toEqual([
      ["OnlyEcs", "All"],
    ]);
    expect(account?.name).toBe(ACCOUNT);

    doc["directory"] = directory([
      { id: ACCOUNT, type: "Account", parent: "r-root", detach: ["FullAliyunAccess"] },
    ]);
    expect(problemsOf(doc)).toContainEqual({
      code: "node-without-policy",
      path: "directory.nodes[1].detach",
      severity: "error",
    });
  });

  it("skips control policies for the management account and when they are disabled", () => {
    const doc = base();
    doc["directory"] = directory([{ id: ACCOUNT, type: "Account", parent: "r-root" }], {
      managementAccountId: ACCOUNT,
    });
    expect(built(doc).chain).toMatchObject({ managementAccount: true });
    expect(built(doc).chain.controlPolicyPath).toBeUndefined();
    doc["directory"] = directory([{ id: ACCOUNT, type: "Account", parent: "r-root" }], {
      controlPoliciesEnabled: false,
    });
    expect(built(doc).chain.controlPolicyPath).toBeUndefined();
    expect(built(doc).chain.managementAccount).toBeUndefined();
  });

  it("requires the caller's account in the tree", () => {
    const doc = base();
    doc["directory"] = directory([{ id: "2222222222222222", type: "Account", parent: "r-root" }]);
    expect(problemsOf(doc)).toEqual([
      { code: "account-not-in-directory", path: "principal.accountId", severity: "error" },
    ]);
  });

  it("allows five folder levels below Root, not six", () => {
    const folders = (levels: number) =>
      Array.from({ length: levels }, (_, i) => ({
        id: `fd-${i + 1}`,
        type: "Folder",
        parent: i === 0 ? "r-root" : `fd-${i}`,
      }));
    const doc = base();
    doc["directory"] = directory([...folders(5), { id: ACCOUNT, type: "Account", parent: "fd-5" }]);
    expect(built(doc).chain.controlPolicyPath).toHaveLength(7);
    doc["directory"] = directory([...folders(6), { id: ACCOUNT, type: "Account", parent: "fd-6" }]);
    expect(problemsOf(doc)).toEqual([
      { code: "too-many-levels", path: "directory.nodes[6].parent", severity: "error" },
    ]);
  });

  it.each([
    [
      "an undefined control policy",
      [{ id: ACCOUNT, type: "Account", parent: "r-root", attach: ["Nope"] }],
      { code: "undefined-policy", path: "directory.nodes[1].attach[0]" },
    ],
    [
      "an undefined parent",
      [{ id: ACCOUNT, type: "Account", parent: "r-rot" }],
      { code: "undefined-node", path: "directory.nodes[1].parent" },
    ],
    [
      "an account as a parent",
      [
        { id: "2222222222222222", type: "Account", parent: "r-root" },
        { id: ACCOUNT, type: "Account", parent: "2222222222222222" },
      ],
      { code: "invalid-parent", path: "directory.nodes[2].parent" },
    ],
    [
      "a cycle",
      [
        { id: "fd-a", type: "Folder", parent: "fd-b" },
        { id: "fd-b", type: "Folder", parent: "fd-a" },
        { id: ACCOUNT, type: "Account", parent: "r-root" },
      ],
      { code: "directory-cycle", path: "directory.nodes[1].parent" },
    ],
    [
      "a duplicate id",
      [
        { id: ACCOUNT, type: "Account", parent: "r-root" },
        { id: ACCOUNT, type: "Account", parent: "r-root" },
      ],
      { code: "duplicate-node", path: "directory.nodes[2].id" },
    ],
    [
      "a missing parent",
      [{ id: ACCOUNT, type: "Account" }],
      { code: "missing-field", path: "directory.nodes[1]" },
    ],
    [
      "FullAliyunAccess under attach",
      [{ id: ACCOUNT, type: "Account", parent: "r-root", attach: ["FullAliyunAccess"] }],
      { code: "invalid-value", path: "directory.nodes[1].attach[0]" },
    ],
    [
      "a custom policy under detach",
      [{ id: ACCOUNT, type: "Account", parent: "r-root", detach: ["Nope"] }],
      { code: "invalid-value", path: "directory.nodes[1].detach[0]" },
    ],
  ])("Given %s, reports it", (_what, nodes, expected) => {
    const doc = base();
    doc["directory"] = directory(nodes);
    expect(problemsOf(doc)).toContainEqual({ ...expected, severity: "error" });
  });

  it("wants the Root first", () => {
    const doc = base();
    doc["directory"] = {
      nodes: [
        { id: ACCOUNT, type: "Account", parent: "r-root" },
        { id: "r-root", type: "Root" },
      ],
    };
    expect(problemsOf(doc).map((problem) => problem.path)).toEqual([
      "directory.nodes[0].type",
      "directory.nodes[1].type",
    ]);
  });

  it("allows ten control policies per node, FullAliyunAccess included, and rejects an eleventh", () => {
    const names = Array.from({ length: 10 }, (_, i) => `P${i}`);
    const doc = base();
    doc["controlPolicies"] = Object.fromEntries(
      names.slice(0, 9).map((name) => [name, { document: ALLOW_ALL }]),
    );
    doc["directory"] = directory([
      { id: ACCOUNT, type: "Account", parent: "r-root", attach: names.slice(0, 9) },
    ]);
    expect(buildScenario(doc)).toMatchObject({ ok: true, problems: [] });
    doc["controlPolicies"] = Object.fromEntries(names.map((name) => [name, { document: ALLOW_ALL }]));
    doc["directory"] = directory([{ id: ACCOUNT, type: "Account", parent: "r-root", attach: names }]);
    expect(problemsOf(doc)).toEqual([
      { code: "too-many-control-policies", path: "directory.nodes[1].attach", severity: "error" },
    ]);
  });

  it("reserves the name FullAliyunAccess", () => {
    const doc = base();
    doc["controlPolicies"] = { FullAliyunAccess: { document: ALLOW_ALL } };
    expect(problemsOf(doc)).toContainEqual({
      code: "reserved-name",
      path: "controlPolicies.FullAliyunAccess",
      severity: "error",
    });
  });
});
