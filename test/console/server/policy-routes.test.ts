// POST /console/api/policy/validate and /policy/simulate against a real cloud with the console
// mounted: the editor's checks and the simulator's decisions, and how bad input is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleCloud, type ConsoleBrowser, type ConsoleTestCloud } from "./harness.js";

const GUARDRAIL = JSON.stringify(
  {
    Version: "1",
    Statement: [
      {
        Sid: "DenyLaunchFromUnapprovedImages",
        Effect: "Deny",
        Action: ["ecs:RunInstances", "ecs:CreateInstance"],
        Resource: "acs:ecs:*:*:image/*",
        Condition: { StringNotEquals: { "acs:ResourceTag/environment": "production" } },
      },
    ],
  },
  null,
  2,
);

const LAUNCH_ONLY_PRODUCTION = JSON.stringify({
  Version: "1",
  Statement: [
    {
      Effect: "Allow",
      Action: "ecs:RunInstances",
      Resource: "*",
      Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
    },
  ],
});

const IMAGE = "acs:ecs:cn-hangzhou:1200000000000001:image/m-untagged";

interface Problem {
  code: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  help?: string;
}

let c: ConsoleTestCloud;
let root: ConsoleBrowser;

beforeAll(async () => {
  c = await startConsoleCloud();
  root = await c.signIn(c.t.root);
});
afterAll(async () => {
  await c.close();
});

describe("POST /policy/validate", () => {
  it("given a valid document, answers valid with its size against the kind's limit", async () => {
    const response = await root.post("/policy/validate", { kind: "control", text: GUARDRAIL });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      valid: boolean;
      size: number;
      sizeLimit: number;
      problems: Problem[];
    };
    expect(body).toMatchObject({ kind: "control", valid: true, sizeLimit: 4096, errors: 0, warnings: 0 });
    expect(body.size).toBeGreaterThan(100);
    expect(body.size).toBeLessThan(GUARDRAIL.length);
  });

  it("given a syntax error, anchors the problem at its line and column", async () => {
    const text = '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow" "Action": "*" }\n  ]\n}';
    const body = (await (await root.post("/policy/validate", { kind: "ram", text })).json()) as {
      valid: boolean;
      problems: Problem[];
    };
    expect(body.valid).toBe(false);
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0]).toMatchObject({ severity: "error", line: 4 });
    expect(body.problems[0]?.message).toMatch(/^[a-z]/);
    expect(body.problems[0]?.column).toBeGreaterThan(20);
  });

  it("reports validation errors and lint warnings together, in reading order", async () => {
    const text = [
      "{",
      '  "Version": "1",',
      '  "Statement": [',
      '    { "Effect": "Allow", "Action": "ecs:RunInstance", "Resource": "*" },',
      '    { "Effect": "Maybe", "Action": "ecs:RunInstances", "Resource": "*" }',
      "  ]",
      "}",
    ].join("\n");
    const body = (await (await root.post("/policy/validate", { kind: "ram", text })).json()) as {
      valid: boolean;
      errors: number;
      problems: Problem[];
    };
    expect(body.valid).toBe(false);
    expect(body.problems.map((p) => [p.line, p.severity])).toEqual([[5, "error"]]);
    // Lint only runs on a valid document: fix the error and the warning about the typo appears.
    const fixed = text.replace("Maybe", "Deny");
    const linted = (await (await root.post("/policy/validate", { kind: "ram", text: fixed })).json()) as {
      valid: boolean;
      problems: Problem[];
    };
    expect(linted.valid).toBe(true);
    expect(linted.problems).toEqual([
      expect.objectContaining({
        code: "unknown-action",
        severity: "warning",
        line: 4,
        help: "did you mean `ecs:RunInstances`?",
      }),
    ]);
  });

  it("lints a control policy's Allow as restricting nothing unless FullAliyunAccess is detached", async () => {
    const allow = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }],
    });
    const attached = (await (
      await root.post("/policy/validate", { kind: "control", text: allow })
    ).json()) as {
      problems: Problem[];
    };
    expect(attached.problems.map((p) => p.code)).toContain("control-allow-restricts-nothing");
    const detached = (await (
      await root.post("/policy/validate", { kind: "control", text: allow, fullAliyunAccessAttached: false })
    ).json()) as { problems: Problem[] };
    expect(detached.problems.map((p) => p.code)).not.toContain("control-allow-restricts-nothing");
  });

  it.each([
    [{ kind: "iam", text: "{}" }, "InvalidParameter.kind", "`kind` must be one of"],
    [{ text: "{}" }, "InvalidParameter.kind", "`kind` is required"],
    [{ kind: "ram" }, "InvalidParameter.text", "`text` must be"],
    [{ kind: "ram", text: "{}", strict: true }, "InvalidParameter.strict", "unknown field `strict`"],
    [
      { kind: "ram", text: "{}", fullAliyunAccessAttached: "yes" },
      "InvalidParameter.fullAliyunAccessAttached",
      "true or false",
    ],
    [{ kind: "ram", text: "x".repeat(70_000) }, "InvalidParameter.text", "more than the 65536"],
  ])("refuses %j with a clear error", async (body, code, message) => {
    const response = await root.post("/policy/validate", body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; help?: string } };
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("needs a session and the CSRF token", async () => {
    expect((await c.anonymous().post("/policy/validate", { kind: "ram", text: "{}" })).status).toBe(401);
    const response = await root.post("/policy/validate", { kind: "ram", text: "{}" }, { csrf: false });
    expect(response.status).toBe(403);
  });
});

interface Simulation {
  decision: string;
  decidedBy: {
    policyType: string;
    policyName?: string;
    statementIndex?: number;
    sid?: string;
    reason: string;
  };
  absentKeys: string[];
  explain: ExplainNode;
  request: { action: string; resources: string[]; context: Record<string, unknown> };
  principal: { type: string; arn: string };
  assumptions: string[];
}

interface ExplainNode {
  kind: string;
  label: string;
  outcome: string;
  detail?: string;
  children: ExplainNode[];
}

function nodes(node: ExplainNode): ExplainNode[] {
  return [node, ...node.children.flatMap(nodes)];
}

async function simulate(body: Record<string, unknown>): Promise<Simulation> {
  const response = await root.post("/policy/simulate", body);
  expect(response.status).toBe(200);
  return (await response.json()) as Simulation;
}

describe("POST /policy/simulate", () => {
  it("denies a launch from an untagged image under the guardrail control policy, and explains why", async () => {
    const result = await simulate({
      kind: "control",
      text: GUARDRAIL,
      policyName: "golden-image-guardrail",
      action: "ecs:RunInstances",
      resources: [IMAGE],
    });
    expect(result.decision).toBe("ExplicitDeny");
    expect(result.decidedBy).toMatchObject({
      policyType: "ControlPolicy",
      policyName: "golden-image-guardrail",
      statementIndex: 0,
      sid: "DenyLaunchFromUnapprovedImages",
    });
    expect(result.absentKeys).toEqual(["acs:resourcetag/environment"]);
    const condition = nodes(result.explain).find((node) => node.kind === "condition");
    expect(condition).toMatchObject({ outcome: "match" });
    expect(condition?.detail).toContain("context does not have the key");
    expect(result.assumptions.join(" ")).toContain("FullAliyunAccess");
  });

  it("allows the same launch from an image tagged environment=production", async () => {
    const result = await simulate({
      kind: "control",
      text: GUARDRAIL,
      action: "ecs:RunInstances",
      resources: [IMAGE],
      context: [{ key: "acs:ResourceTag/environment", value: "production" }],
    });
    expect(result.decision).toBe("Allow");
    expect(result.request.context).toMatchObject({ "acs:resourcetag/environment": "production" });
  });

  it("leaves the account root alone when the control policy's effect scope is RAM, not when it is All", async () => {
    const base = {
      kind: "control",
      text: GUARDRAIL,
      action: "ecs:RunInstances",
      resources: [IMAGE],
      principalType: "RootAccount",
    };
    expect((await simulate(base)).decision).toBe("Allow");
    expect((await simulate({ ...base, effectScope: "All" })).decision).toBe("ExplicitDeny");
  });

  it("decides a RAM policy as the principal's identity policy: no Allow for an untagged image", async () => {
    const result = await simulate({
      kind: "ram",
      text: LAUNCH_ONLY_PRODUCTION,
      action: "ecs:RunInstances",
      resources: [IMAGE],
    });
    expect(result.decision).toBe("ImplicitDeny");
    expect(result.principal.type).toBe("RamUser");
    expect(result.request.context["acs:principalarn"]).toBe(result.principal.arn);
    const failed = nodes(result.explain).find((node) => node.kind === "condition");
    expect(failed?.outcome).toBe("no-match");
  });

  it("takes the principal from its ARN, and refuses a type the ARN contradicts", async () => {
    const arn = "acs:ram::1300000000000001:assumed-role/deployer/ci";
    const result = await simulate({
      kind: "ram",
      text: LAUNCH_ONLY_PRODUCTION,
      action: "ecs:RunInstances",
      resources: [IMAGE],
      principalArn: arn,
    });
    expect(result.principal).toMatchObject({ type: "AssumedRole", arn });
    const response = await root.post("/policy/simulate", {
      kind: "ram",
      text: LAUNCH_ONLY_PRODUCTION,
      action: "ecs:RunInstances",
      resources: [IMAGE],
      principalArn: arn,
      principalType: "RamUser",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "InvalidParameter.principalType",
    );
  });

  it("decides a trust policy with its Principal", async () => {
    const trust = JSON.stringify({
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::1400000000000001:root"] } },
      ],
    });
    const request = {
      kind: "trust",
      text: trust,
      action: "sts:AssumeRole",
      resources: ["acs:ram::1500000000000001:role/admin"],
    };
    expect(
      (await simulate({ ...request, principalArn: "acs:ram::1400000000000001:user/alice" })).decision,
    ).toBe("Allow");
    expect(
      (await simulate({ ...request, principalArn: "acs:ram::1999999999999999:user/mallory" })).decision,
    ).toBe("ImplicitDeny");
  });

  it("refuses a document with errors, naming the first", async () => {
    const response = await root.post("/policy/simulate", {
      kind: "ram",
      text: '{"Version": "2", "Statement": []}',
      action: "ecs:RunInstances",
      resources: ["*"],
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; help: string } };
    expect(error.code).toBe("InvalidPolicyDocument");
    expect(error.message).toMatch(/^the policy has \d+ errors?, the first at line 1/);
    expect(error.help).toContain("fix the problems");
  });

  it.each([
    [{ action: "RunInstances" }, "InvalidParameter.action"],
    [{ resources: [] }, "InvalidParameter.resources"],
    [{ context: [{ key: "no-colon", value: "x" }] }, "InvalidParameter.context"],
    [{ context: [{ key: "acs:CurrentTime", value: 5 }] }, "InvalidParameter.context"],
    [{ principalType: "Robot" }, "InvalidParameter.principalType"],
    [{ effectScope: "All" }, "InvalidParameter.effectScope"],
    [{ principalArn: "alice" }, "InvalidParameter.principalArn"],
  ])("refuses %j", async (change, code) => {
    const response = await root.post("/policy/simulate", {
      kind: "ram",
      text: LAUNCH_ONLY_PRODUCTION,
      action: "ecs:RunInstances",
      resources: [IMAGE],
      ...change,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
