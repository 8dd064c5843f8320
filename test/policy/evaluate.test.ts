// One policy decided alone (evaluatePolicy): matching, conditions, errors, absent keys, explain.
import { describe, expect, it } from "vitest";
import { evaluatePolicy, makeContext, parsePolicy } from "../../src/policy/index.js";
import type {
  AuthRequest,
  ContextValue,
  Decision,
  ExplainNode,
  NamedPolicy,
  PolicyKind,
} from "../../src/policy/index.js";

function policy(statements: readonly object[], kind: PolicyKind = "ram", name = "P"): NamedPolicy {
  const parsed = parsePolicy(JSON.stringify({ Version: "1", Statement: statements }), kind);
  if (!parsed.ok) throw new Error(`test policy is invalid: ${JSON.stringify(parsed.problems)}`);
  return { name, version: "v1", policy: parsed.policy };
}

function request(
  action: string,
  resources: readonly string[] = ["acs:ecs:cn-hangzhou:123:instance/i-1"],
  context: Record<string, ContextValue> = {},
): AuthRequest {
  return { action, resources, context: makeContext(context) };
}

const INSTANCE = "acs:ecs:cn-hangzhou:123:instance/*";
const IMAGE = "acs:ecs:cn-hangzhou:123:image/m-1";

/** Both paths, and they must agree on everything but the tree. */
function evaluate(p: NamedPolicy, r: AuthRequest): Decision {
  const fast = evaluatePolicy(p, r);
  const explained = evaluatePolicy(p, r, { explain: true });
  const { explain, ...rest } = explained;
  expect(explain).toBeDefined();
  expect(rest).toEqual(fast);
  expect(fast.explain).toBeUndefined();
  return fast;
}

const allowAll = { Effect: "Allow", Action: "*", Resource: "*" };

describe("action matching", () => {
  it.each([
    ["ecs:RunInstances", "ecs:RunInstances", "Allow"],
    ["ECS:runinstances", "ecs:RunInstances", "Allow"],
    ["ecs:Run*", "ecs:RunInstances", "Allow"],
    ["ecs:*Instances", "ecs:RunInstances", "Allow"],
    ["ecs:Run?nstances", "ecs:RunInstances", "Allow"],
    ["ecs:Describe*", "ecs:RunInstances", "ImplicitDeny"],
    ["oss:*", "ecs:RunInstances", "ImplicitDeny"],
    ["*", "anything:AtAll", "Allow"],
  ] as const)("given Allow on %j, when the request is %j, then %s", (pattern, action, result) => {
    expect(
      evaluate(policy([{ Effect: "Allow", Action: pattern, Resource: "*" }]), request(action)).result,
    ).toBe(result);
  });

  it("given NotAction, when the action is not listed, then the statement matches; when listed, it does not", () => {
    const p = policy([{ Effect: "Allow", NotAction: ["ecs:Delete*", "ram:*"], Resource: "*" }]);
    expect(evaluate(p, request("ecs:RunInstances")).result).toBe("Allow");
    expect(evaluate(p, request("ECS:DeleteImage")).result).toBe("ImplicitDeny");
    expect(evaluate(p, request("ram:CreateUser")).result).toBe("ImplicitDeny");
  });
});

describe("resource matching", () => {
  it.each([
    [["acs:ecs:*:*:image/*"], [IMAGE], "Allow"],
    [["acs:ecs:*:*:Image/*"], [IMAGE], "ImplicitDeny"],
    [["acs:ecs:*:*:image/*"], [INSTANCE], "ImplicitDeny"],
    // any pattern against any ARN of the set
    [["acs:ecs:*:*:image/*"], [INSTANCE, IMAGE], "Allow"],
    [["acs:ecs:*:*:keypair/*", "acs:ecs:*:*:image/m-?"], [INSTANCE, IMAGE], "Allow"],
    [["acs:ecs:*:*:image/m-2"], [INSTANCE, IMAGE], "ImplicitDeny"],
    // a wildcard spans `:` and `/`
    [["acs:ecs:*"], [IMAGE], "Allow"],
    [["acs:*/m-1"], [IMAGE], "Allow"],
    // system images have an empty account segment
    [["acs:ecs:*::image/*"], ["acs:ecs:cn-hangzhou::image/ubuntu_22"], "Allow"],
    // an empty set matches nothing, not even `*` (spec §3: any pattern against any ARN of the set)
    [["*"], [], "ImplicitDeny"],
    [["*", "acs:ecs:*"], [], "ImplicitDeny"],
    [["acs:ecs:*"], [], "ImplicitDeny"],
  ] as const)("given Resource %j, when the check's set is %j, then %s", (resources, set, result) => {
    const p = policy([{ Effect: "Allow", Action: "ecs:RunInstances", Resource: resources }]);
    expect(evaluate(p, request("ecs:RunInstances", set)).result).toBe(result);
  });
});

describe("one policy set", () => {
  const p = policy([
    { Sid: "AllowEcs", Effect: "Allow", Action: "ecs:*", Resource: "*" },
    { Sid: "DenyDelete", Effect: "Deny", Action: "ecs:Delete*", Resource: "*" },
    { Sid: "AllowDelete", Effect: "Allow", Action: "ecs:DeleteImage", Resource: "*" },
  ]);

  it("given a matching Deny and Allows, then ExplicitDeny decided by the Deny, and every match listed in order", () => {
    const d = evaluate(p, request("ecs:DeleteImage"));
    expect(d.result).toBe("ExplicitDeny");
    expect(d.decidedBy).toEqual({
      policyType: "AccountLevelIdentityBasedPolicy",
      policyName: "P",
      policyVersion: "v1",
      statementIndex: 1,
      sid: "DenyDelete",
      reason: "a statement explicitly denies the request",
    });
    expect(d.matched.map((m) => [m.statementIndex, m.effect])).toEqual([
      [0, "Allow"],
      [1, "Deny"],
      [2, "Allow"],
    ]);
  });

  it("given only Allows match, then Allow decided by the first", () => {
    const d = evaluate(p, request("ecs:RunInstances"));
    expect(d.result).toBe("Allow");
    expect(d.decidedBy.statementIndex).toBe(0);
    expect(d.decidedBy.sid).toBe("AllowEcs");
  });

  it("given nothing matches, then ImplicitDeny naming the policy", () => {
    const d = evaluate(p, request("oss:GetObject"));
    expect(d).toEqual({
      result: "ImplicitDeny",
      decidedBy: {
        policyType: "AccountLevelIdentityBasedPolicy",
        policyName: "P",
        policyVersion: "v1",
        reason: "no statement of `P` allows the request",
      },
      matched: [],
      errors: [],
      absentKeys: [],
    });
  });

  it.each([
    ["ram", "AccountLevelIdentityBasedPolicy"],
    ["control", "ControlPolicy"],
    ["session", "SessionPolicy"],
  ] as const)("given a %s policy, then it is decided as a %s", (kind, policyType) => {
    const d = evaluate(policy([allowAll], kind), request("ecs:RunInstances"));
    expect(d.decidedBy.policyType).toBe(policyType);
    expect(d.matched[0]?.policyType).toBe(policyType);
  });

  it("given a trust policy, then it is decided as an AssumeRolePolicy on Action and conditions alone", () => {
    const trust = policy(
      [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::999:root"] } }],
      "trust",
    );
    const d = evaluate(trust, request("sts:AssumeRole", ["acs:ram::123:role/admin"]));
    expect(d.result).toBe("Allow");
    expect(d.decidedBy.policyType).toBe("AssumeRolePolicy");
  });
});

describe("conditions", () => {
  const tagged = (values: string | string[], operator = "StringEquals") =>
    policy([
      {
        Effect: "Allow",
        Action: "ecs:RunInstances",
        Resource: "*",
        Condition: { [operator]: { "acs:ResourceTag/environment": values } },
      },
    ]);

  it("given several values for one key, then any of them matches (OR)", () => {
    const p = tagged(["production", "staging"]);
    expect(
      evaluate(p, request("ecs:RunInstances", [IMAGE], { "acs:ResourceTag/environment": "staging" })).result,
    ).toBe("Allow");
    expect(
      evaluate(p, request("ecs:RunInstances", [IMAGE], { "acs:ResourceTag/environment": "dev" })).result,
    ).toBe("ImplicitDeny");
  });

  it("given several keys under one operator and several operators, then all must hold (AND)", () => {
    const p = policy([
      {
        Effect: "Allow",
        Action: "ecs:RunInstances",
        Resource: "*",
        Condition: {
          StringEquals: { "acs:ResourceTag/environment": "production", "acs:ResourceTag/status": "approved" },
          Bool: { "acs:SecureTransport": "true" },
        },
      },
    ]);
    const all = {
      "acs:ResourceTag/environment": "production",
      "acs:ResourceTag/status": "approved",
      "acs:SecureTransport": "true",
    };
    expect(evaluate(p, request("ecs:RunInstances", [IMAGE], all)).result).toBe("Allow");
    for (const key of Object.keys(all)) {
      const wrong = { ...all, [key]: key === "acs:SecureTransport" ? "false" : "other" };
      expect(evaluate(p, request("ecs:RunInstances", [IMAGE], wrong)).result).toBe("ImplicitDeny");
    }
  });

  it("given condition key names in any case, then they meet the context's canonical keys", () => {
    const p = policy([
      {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { IpAddress: { "ACS:SOURCEIP": "10.0.0.0/8" } },
      },
    ]);
    expect(evaluate(p, request("ecs:RunInstances", [IMAGE], { "acs:SourceIp": "10.0.0.1" })).result).toBe(
      "Allow",
    );
  });

  it("given a tag key, then its case matters", () => {
    const p = tagged("production");
    const d = evaluate(
      p,
      request("ecs:RunInstances", [IMAGE], { "acs:ResourceTag/Environment": "production" }),
    );
    expect(d.result).toBe("ImplicitDeny");
    expect(d.absentKeys).toEqual(["acs:resourcetag/environment"]);
  });

  describe("an absent key", () => {
    it("makes a positive operator false and lists the key", () => {
      const d = evaluate(tagged("production"), request("ecs:RunInstances", [IMAGE]));
      expect(d.result).toBe("ImplicitDeny");
      expect(d.absentKeys).toEqual(["acs:resourcetag/environment"]);
      expect(d.matched).toEqual([]);
    });

    it.each(["StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike"])(
      "makes %s true: a Deny blocks untagged images",
      (operator) => {
        const p = policy([
          allowAll,
          {
            Effect: "Deny",
            Action: "ecs:RunInstances",
            Resource: "acs:ecs:*:*:image/*",
            Condition: { [operator]: { "acs:ResourceTag/environment": "production" } },
          },
        ]);
        const untagged = evaluate(p, request("ecs:RunInstances", [INSTANCE, IMAGE]));
        expect(untagged.result).toBe("ExplicitDeny");
        expect(untagged.absentKeys).toEqual(["acs:resourcetag/environment"]);
        const tagged = request("ecs:RunInstances", [INSTANCE, IMAGE], {
          "acs:ResourceTag/environment": "production",
        });
        expect(evaluate(p, tagged).result).toBe("Allow");
      },
    );

    it.each([
      ["NumericNotEquals", "5"],
      ["DateNotEquals", "2020-01-01"],
      ["NotIpAddress", "10.0.0.0/8"],
    ])("makes %s true", (operator, value) => {
      const p = policy([
        { Effect: "Allow", Action: "*", Resource: "*", Condition: { [operator]: { "acs:Whatever": value } } },
      ]);
      const d = evaluate(p, request("ecs:RunInstances"));
      expect(d.result).toBe("Allow");
      expect(d.absentKeys).toEqual(["acs:whatever"]);
    });

    it("is listed only for statements whose action and resource matched, even behind a false clause", () => {
      const p = policy([
        {
          Effect: "Allow",
          Action: "oss:*",
          Resource: "*",
          Condition: { StringEquals: { "acs:NotThisAction": "x" } },
        },
        {
          Effect: "Allow",
          Action: "*",
          Resource: "acs:oss:*",
          Condition: { StringEquals: { "acs:NotThisResource": "x" } },
        },
        {
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "acs:A": "x", "acs:B": "y" }, Bool: { "acs:C": "true" } },
        },
      ]);
      const d = evaluate(p, request("ecs:RunInstances", [IMAGE], { "acs:A": "not-x" }));
      expect(d.result).toBe("ImplicitDeny");
      expect(d.absentKeys).toEqual(["acs:b", "acs:c"]);
    });

    it("is listed once however many statements name it", () => {
      const statement = {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "acs:K": "v" } },
      };
      const d = evaluate(
        policy([statement, statement, { ...statement, Effect: "Deny" }]),
        request("ecs:RunInstances"),
      );
      expect(d.absentKeys).toEqual(["acs:k"]);
    });
  });

  describe("a multi-valued context key", () => {
    const p = (operator: string) =>
      policy([
        {
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { [operator]: { "acs:TagKeys": ["status", "owner"] } },
        },
      ]);

    it.each([
      ["StringEquals", ["cost", "status"], "Allow"],
      ["StringEquals", ["cost", "team"], "ImplicitDeny"],
      ["StringEquals", [], "ImplicitDeny"],
      ["StringNotEquals", ["cost", "status"], "ImplicitDeny"],
      ["StringNotEquals", ["cost", "team"], "Allow"],
      ["StringNotEquals", [], "Allow"],
    ] as const)("given %s, when the context has %j, then %s", (operator, keys, result) => {
      expect(
        evaluate(p(operator), request("tag:TagResources", ["*"], { "acs:TagKeys": [...keys] })).result,
      ).toBe(result);
    });
  });

  describe("an unreadable context value fails closed", () => {
    const numeric = (effect: string, extra: object = {}) =>
      policy([
        allowAll,
        {
          Sid: "Checked",
          Effect: effect,
          Action: "ecs:RunInstances",
          Resource: "*",
          Condition: { NumericLessThan: { "ecs:Count": "10" }, ...extra },
        },
      ]);

    it("given an Allow, then it does not apply, and the decision carries the error", () => {
      const p = policy([
        {
          Effect: "Allow",
          Action: "ecs:RunInstances",
          Resource: "*",
          Condition: { NumericLessThan: { "ecs:Count": "10" } },
        },
      ]);
      const d = evaluate(p, request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "many" }));
      expect(d.result).toBe("ImplicitDeny");
      expect(d.matched).toEqual([]);
      expect(d.errors).toEqual([
        {
          code: "unreadable-context-value",
          policyType: "AccountLevelIdentityBasedPolicy",
          policyName: "P",
          statementIndex: 0,
          operator: "NumericLessThan",
          key: "ecs:Count",
          value: "many",
          message: "context value `many` of `ecs:Count` cannot be read by NumericLessThan",
        },
      ]);
    });

    it("given a Deny, then it applies and decides", () => {
      const d = evaluate(numeric("Deny"), request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "many" }));
      expect(d.result).toBe("ExplicitDeny");
      expect(d.decidedBy.sid).toBe("Checked");
      expect(d.errors.map((e) => e.value)).toEqual(["many"]);
    });

    it("given another clause of the statement is false, then the Deny still applies and carries the error", () => {
      const p = numeric("Deny", { StringEquals: { "acs:ResourceTag/env": "prod" } });
      const d = evaluate(
        p,
        request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "many", "acs:ResourceTag/env": "dev" }),
      );
      expect(d.result).toBe("ExplicitDeny");
      expect(d.decidedBy.sid).toBe("Checked");
      expect(d.errors.map((e) => e.value)).toEqual(["many"]);
    });

    it("given another clause of the statement is false, then an Allow does not apply and carries the error", () => {
      const p = policy([
        {
          Effect: "Allow",
          Action: "ecs:RunInstances",
          Resource: "*",
          Condition: {
            StringEquals: { "acs:ResourceTag/env": "prod" },
            NumericLessThan: { "ecs:Count": "10" },
          },
        },
      ]);
      const d = evaluate(
        p,
        request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "many", "acs:ResourceTag/env": "dev" }),
      );
      expect(d.result).toBe("ImplicitDeny");
      expect(d.matched).toEqual([]);
      expect(d.errors.map((e) => e.value)).toEqual(["many"]);
    });

    it("given one readable value matches among unreadable ones, then the clause still errs", () => {
      const d = evaluate(
        numeric("Deny"),
        request("ecs:RunInstances", [INSTANCE], { "ecs:Count": ["many", "3"] }),
      );
      expect(d.result).toBe("ExplicitDeny");
      expect(d.errors.map((e) => e.value)).toEqual(["many"]);
      const allow = policy([
        {
          Effect: "Allow",
          Action: "ecs:RunInstances",
          Resource: "*",
          Condition: { NumericLessThan: { "ecs:Count": "10" } },
        },
      ]);
      const a = evaluate(allow, request("ecs:RunInstances", [INSTANCE], { "ecs:Count": ["many", "3"] }));
      expect(a.result).toBe("ImplicitDeny");
      expect(a.errors.map((e) => e.value)).toEqual(["many"]);
    });

    it("given the statement's resource does not match, then its unreadable value is no error", () => {
      const p = policy([
        allowAll,
        {
          Effect: "Deny",
          Action: "ecs:RunInstances",
          Resource: "acs:ecs:*:*:image/*",
          Condition: { NumericLessThan: { "ecs:Count": "10" } },
        },
      ]);
      const d = evaluate(p, request("ecs:RunInstances", [INSTANCE], { "ecs:Count": "many" }));
      expect(d.result).toBe("Allow");
      expect(d.errors).toEqual([]);
    });

    it("given only unreadable and non-matching values, then each distinct unreadable value is an error", () => {
      const d = evaluate(
        numeric("Deny"),
        request("ecs:RunInstances", [INSTANCE], { "ecs:Count": ["x", "42", "x", "y"] }),
      );
      expect(d.result).toBe("ExplicitDeny");
      expect(d.errors.map((e) => e.value)).toEqual(["x", "y"]);
    });

    it.each([
      ["Bool", "acs:SecureTransport", "true", "yes"],
      ["IpAddress", "acs:SourceIp", "10.0.0.0/8", "localhost"],
      ["DateLessThan", "acs:CurrentTime", "2030-01-01", "tomorrow"],
      ["NotIpAddress", "acs:SourceIp", "10.0.0.0/8", "localhost"],
    ])("given %s on %s and a value it cannot read, then a Deny applies", (operator, key, value, bad) => {
      const p = policy([
        allowAll,
        { Effect: "Deny", Action: "*", Resource: "*", Condition: { [operator]: { [key]: value } } },
      ]);
      const d = evaluate(p, request("ecs:RunInstances", [INSTANCE], { [key]: bad }));
      expect(d.result).toBe("ExplicitDeny");
      expect(d.errors).toHaveLength(1);
      expect(d.errors[0]?.operator).toBe(operator);
    });
  });
});

describe("explain", () => {
  const seed = policy(
    [
      {
        Sid: "RequireTag",
        Effect: "Allow",
        Action: ["ecs:CreateInstance", "ecs:RunInstances"],
        Resource: "*",
        Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
      },
      { Effect: "Deny", Action: ["ecs:DeleteTags", "ecs:TagResources"], Resource: "acs:ecs:*:*:image/*" },
    ],
    "ram",
    "SeedPolicy",
  );

  function find(node: ExplainNode, kind: ExplainNode["kind"]): ExplainNode[] {
    return [...(node.kind === kind ? [node] : []), ...node.children.flatMap((child) => find(child, kind))];
  }

  it("given a request, then the tree reads request → stage → policy → statement → action / resource / condition", () => {
    const d = evaluatePolicy(
      seed,
      request("ecs:RunInstances", [INSTANCE, IMAGE], { "acs:ResourceTag/environment": "dev" }),
      {
        explain: true,
      },
    );
    const tree = d.explain as ExplainNode;
    expect(tree).toMatchObject({
      kind: "request",
      label: "request ecs:RunInstances",
      outcome: "implicit-deny",
    });
    expect(tree.detail).toBe(`on [\`${INSTANCE}\`, \`${IMAGE}\`]`);
    const [stage] = tree.children;
    expect(stage).toMatchObject({
      kind: "stage",
      label: "AccountLevelIdentityBasedPolicy",
      outcome: "implicit-deny",
    });
    const [policyNode] = stage?.children ?? [];
    expect(policyNode).toMatchObject({ kind: "policy", label: "SeedPolicy v1", outcome: "no-match" });
    const [first, second] = policyNode?.children ?? [];
    expect(first).toMatchObject({
      kind: "statement",
      label: "Statement[0] (Sid RequireTag)",
      outcome: "no-match",
    });
    expect(first?.children.map((c) => [c.kind, c.outcome, c.detail])).toEqual([
      [
        "action",
        "match",
        "Action [`ecs:CreateInstance`, `ecs:RunInstances`]: request has `ecs:RunInstances`",
      ],
      ["resource", "match", `Resource [\`*\`]: request has [\`${INSTANCE}\`, \`${IMAGE}\`]`],
      [
        "condition",
        "no-match",
        "StringEquals `acs:ResourceTag/environment` = [`production`]: context has `dev`",
      ],
    ]);
    expect(second).toMatchObject({ kind: "statement", label: "Statement[1]", outcome: "no-match" });
    expect(second?.children.map((c) => c.kind)).toEqual(["action"]);
  });

  it("given an absent key or an unreadable value, then the condition node says so", () => {
    const absent = evaluatePolicy(seed, request("ecs:RunInstances", [IMAGE]), { explain: true });
    expect(find(absent.explain as ExplainNode, "condition")[0]?.detail).toBe(
      "StringEquals `acs:ResourceTag/environment` = [`production`]: context does not have the key (false)",
    );
    const p = policy([
      { Effect: "Deny", Action: "*", Resource: "*", Condition: { NumericLessThan: { "ecs:Count": "3" } } },
    ]);
    const unreadable = evaluatePolicy(p, request("ecs:RunInstances", [IMAGE], { "ecs:Count": ["x", "5"] }), {
      explain: true,
    });
    const [condition] = find(unreadable.explain as ExplainNode, "condition");
    expect(condition?.outcome).toBe("error");
    expect(condition?.detail).toBe(
      "NumericLessThan `ecs:Count` = [`3`]: context has [`x`, `5`], which NumericLessThan cannot read (fails closed)",
    );
    expect(find(unreadable.explain as ExplainNode, "statement")[0]).toMatchObject({
      outcome: "error",
      detail: "Deny: a context value is unreadable, so the Deny applies (fails closed)",
    });
  });

  it("given a Deny matches, then the policy and statement nodes say so", () => {
    const d = evaluatePolicy(seed, request("ecs:TagResources", [IMAGE]), { explain: true });
    const tree = d.explain as ExplainNode;
    expect(tree.outcome).toBe("explicit-deny");
    expect(find(tree, "policy")[0]?.outcome).toBe("explicit-deny");
    expect(find(tree, "statement").map((s) => s.outcome)).toEqual(["no-match", "match"]);
  });
});
