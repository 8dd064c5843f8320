import { describe, expect, it } from "vitest";
import { POLICIES, SCENARIOS, runCli } from "./run-cli.js";

const SEED = `${POLICIES}/seed-ram-policy.json`;
const INSTANCE = "acs:ecs:cn-hangzhou:1111111111111111:instance/*";
const IMAGE = "acs:ecs:cn-hangzhou:1111111111111111:image/m-1";

const simulate = (...args: string[]) => runCli(["policy", "simulate", ...args]);
const onSeed = (...args: string[]) =>
  simulate(
    "--policy",
    SEED,
    "--action",
    "ecs:RunInstances",
    "--resource",
    INSTANCE,
    "--resource",
    IMAGE,
    ...args,
  );

describe("imageguard policy simulate --policy", () => {
  it("Given a production-tagged image, allows: exit 0 and the deciding statement", async () => {
    const run = await onSeed("--context", "acs:ResourceTag/environment=production");
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        "decision: Allow",
        "decided by: AccountLevelIdentityBasedPolicy `seed-ram-policy` Statement[0]",
        "reason: a statement allows the request",
        "matched statements:",
        "  - Allow AccountLevelIdentityBasedPolicy `seed-ram-policy` Statement[0]",
        "",
      ].join("\n"),
    );
  });

  it("Given an untagged image, denies: exit 2, naming the absent key", async () => {
    const run = await onSeed();
    expect(run.code).toBe(2);
    expect(run.out).toContain("decision: ImplicitDeny\n");
    expect(run.out).toContain("matched statements: none\n");
    expect(run.out).toContain("absent keys: `acs:resourcetag/environment`\n");
  });

  it("prints the explain tree with --explain", async () => {
    const run = await onSeed("--explain", "--context", "acs:ResourceTag/environment=dev");
    expect(run.code).toBe(2);
    expect(run.out).toContain("\n✗ request ecs:RunInstances [implicit-deny]: on [");
    expect(run.out).toMatch(/^ {6}✗ Statement\[0\]: Allow$/m);
    expect(run.out).toMatch(/^ {8}✗ StringEquals acs:ResourceTag\/environment: .*context has `dev`$/m);
  });

  it("prints JSON whose `decision` is the result; repeating a --context key makes it multi-valued", async () => {
    const policy = JSON.stringify({
      Version: "1",
      Statement: [
        {
          Effect: "Deny",
          Action: "ecs:TagResources",
          Resource: "*",
          Condition: { StringEquals: { "acs:TagKeys": "environment" } },
        },
        { Effect: "Allow", Action: "ecs:TagResources", Resource: "*" },
      ],
    });
    const run = (...context: string[]) =>
      runCli(
        [
          "policy",
          "simulate",
          "--json",
          "--policy",
          "p.json",
          "--action",
          "ecs:TagResources",
          "--resource",
          IMAGE,
          ...context,
        ],
        { "p.json": policy },
      );
    const denied = await run("--context", "acs:TagKeys=owner", "--context", "acs:TagKeys=environment");
    expect(denied.code).toBe(2);
    expect(JSON.parse(denied.out)).toMatchObject({
      decision: "ExplicitDeny",
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy", policyName: "p", statementIndex: 0 },
      matched: [
        { statementIndex: 0, effect: "Deny" },
        { statementIndex: 1, effect: "Allow" },
      ],
      errors: [],
      absentKeys: [],
    });
    const allowed = await run("--context", "acs:TagKeys=owner");
    expect(JSON.parse(allowed.out)).toMatchObject({ decision: "Allow" });
    expect(allowed.code).toBe(0);
  });

  it("exits 1 with the problems for an invalid policy", async () => {
    const run = await simulate(
      "--policy",
      `${POLICIES}/not-resource.json`,
      "--action",
      "ecs:RunInstances",
      "--resource",
      IMAGE,
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain("error[not-resource]");
    expect(run.out).toBe("");
  });

  it.each([
    [["--policy", SEED], "`--policy` needs `--action` and at least one `--resource`"],
    [["--policy", SEED, "--action", "ecs:RunInstances"], "`--policy` needs at least one `--resource`"],
    [[], "give either `--policy` or `--scenario`"],
    [
      ["--policy", SEED, "--scenario", `${SCENARIOS}/assume-role.yaml`],
      "give either `--policy` or `--scenario`",
    ],
    [
      ["--scenario", `${SCENARIOS}/assume-role.yaml`, "--action", "x:y"],
      "`--action` cannot be used with `--scenario`",
    ],
    [
      ["--policy", SEED, "--action", "ecs:RunInstances", "--resource", IMAGE, "--context", "novalue"],
      "invalid `--context novalue`",
    ],
  ])("Given %j, exits 1: %s", async (args, message) => {
    const run = await simulate(...args);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`error: ${message}`);
  });
});

describe("imageguard policy simulate --scenario", () => {
  it.each([
    ["seed-ram-user-tagged.yaml", 0, "Allow", "AccountLevelIdentityBasedPolicy"],
    ["seed-ram-user-untagged.yaml", 2, "ImplicitDeny", "AccountLevelIdentityBasedPolicy"],
    ["control-deny-untagged.yaml", 2, "ExplicitDeny", "ControlPolicy"],
    ["seed-control-allow-only.yaml", 0, "Allow", "AccountLevelIdentityBasedPolicy"],
    ["assume-role.yaml", 0, "Allow", "AccountLevelIdentityBasedPolicy"],
  ])("decides %s: exit %i, %s by %s", async (file, code, decision, policyType) => {
    const run = await simulate("--scenario", `${SCENARIOS}/${file}`, "--json");
    expect(run.code).toBe(code);
    const data = JSON.parse(run.out) as Record<string, unknown>;
    expect(data).toMatchObject({ decision, decidedBy: { policyType } });
    expect(data["scenario"]).toEqual(expect.any(String));
    expect(data["explain"]).toMatchObject({ kind: "request" });
  });

  it("names the deciding control policy, RD node, statement and Sid", async () => {
    const run = await simulate("--scenario", `${SCENARIOS}/control-deny-untagged.yaml`);
    expect(run.out).toContain(
      "decided by: ControlPolicy `DenyUntaggedImages` at folder Production (fd-prod) Statement[0] (Sid DenyUntaggedImages)\n",
    );
    expect(run.out).toContain(
      "  ✗ ControlPolicy [explicit-deny]: a control policy explicitly denies the request\n",
    );
  });

  it("checks the trust policy of sts:AssumeRole", async () => {
    const run = await simulate("--scenario", `${SCENARIOS}/assume-role.yaml`, "--json");
    const data = JSON.parse(run.out) as { matched: { policyType: string }[] };
    expect(data.matched.map((ref) => ref.policyType)).toEqual([
      "AccountLevelIdentityBasedPolicy",
      "AssumeRolePolicy",
    ]);
  });

  it("places every scenario problem at its line and column in the file, exit 1", async () => {
    const run = await simulate("--scenario", `${SCENARIOS}/broken.yaml`);
    expect(run.code).toBe(1);
    const headers = run.err.split("\n").filter((line) => line.includes("-->"));
    expect(headers.map((line) => line.trim())).toEqual([
      "--> test/fixtures/scenarios/broken.yaml:9:11",
      "--> test/fixtures/scenarios/broken.yaml:13:54",
      "--> test/fixtures/scenarios/broken.yaml:16:3",
      "--> test/fixtures/scenarios/broken.yaml:18:26",
      "--> test/fixtures/scenarios/broken.yaml:19:3",
    ]);
    expect(run.err).toContain("error[undefined-node]: parent `r-rot` is not a node of the directory");
    expect(run.err).toContain("= help: did you mean `r-root`?");
  });

  it("reads JSON scenarios too, and reports YAML syntax errors with their position", async () => {
    const scenario = JSON.stringify({
      principal: { type: "RootAccount", accountId: "1111111111111111" },
      request: { action: "ecs:RunInstances", resources: [IMAGE] },
    });
    const root = await runCli(["policy", "simulate", "--scenario", "s.json"], { "s.json": scenario });
    expect(root.code).toBe(0);
    expect(root.out).toContain(
      "decided by: AccountLevelIdentityBasedPolicy\nreason: account root identity\n",
    );
    const broken = await runCli(["policy", "simulate", "--scenario", "bad.yaml"], {
      "bad.yaml": "principal:\n  type: [RamUser\n",
    });
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^error\[yaml-syntax\]: /);
  });
});
