import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ParseResult, PolicyKind, Problem } from "../../src/policy/index.js";
import { PROBLEM_CODES, SIZE_LIMITS, parsePolicy, policyFromObject } from "../../src/policy/index.js";

const SEED = `{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ecs:CreateInstance",
        "ecs:RunInstances",
        "ecs:ReplaceSystemDisk"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "acs:ResourceTag/environment": "production"
        }
      }
    },
    {
      "Effect": "Deny",
      "Action": [
        "ecs:DeleteTags",
        "ecs:UntagResources",
        "ecs:CreateTags",
        "ecs:TagResources"
      ],
      "Resource": "acs:ecs:*:*:image/*"
    }
  ]
}`;

function policyOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a valid policy, got ${JSON.stringify(result.problems, null, 2)}`);
  return result.policy;
}

function statementDoc(statement: Record<string, unknown>): Record<string, unknown> {
  return { Version: "1", Statement: [statement] };
}

describe("parsePolicy on valid documents", () => {
  it("turns the seed policy into statements in order, with conditions and size", () => {
    // Given the seed's policy, When it is parsed as a RAM policy
    const policy = policyOf(parsePolicy(SEED, "ram"));
    // Then both statements come back in order, the condition with its canonical key
    expect(policy).toEqual({
      kind: "ram",
      version: "1",
      size: 348,
      __validated: true,
      statements: [
        {
          index: 0,
          effect: "Allow",
          action: {
            negated: false,
            patterns: ["ecs:CreateInstance", "ecs:RunInstances", "ecs:ReplaceSystemDisk"],
          },
          resources: ["*"],
          conditions: [
            {
              operator: "StringEquals",
              key: "acs:ResourceTag/environment",
              normalizedKey: "acs:resourcetag/environment",
              values: ["production"],
            },
          ],
        },
        {
          index: 1,
          effect: "Deny",
          action: {
            negated: false,
            patterns: ["ecs:DeleteTags", "ecs:UntagResources", "ecs:CreateTags", "ecs:TagResources"],
          },
          resources: ["acs:ecs:*:*:image/*"],
          conditions: [],
        },
      ],
    });
  });

  it("counts size without whitespace outside strings", () => {
    const compact = JSON.stringify(JSON.parse(SEED));
    expect(policyOf(parsePolicy(SEED, "ram")).size).toBe(compact.length);
    expect(policyOf(parsePolicy(compact, "ram")).size).toBe(compact.length);
  });

  it("treats a string and a one-element array as the same thing", () => {
    const asString = policyFromObject(
      statementDoc({ Effect: "Deny", Action: "ecs:DeleteImage", Resource: "acs:ecs:*:*:image/*" }),
      "ram",
    );
    const asArray = policyFromObject(
      statementDoc({ Effect: "Deny", Action: ["ecs:DeleteImage"], Resource: ["acs:ecs:*:*:image/*"] }),
      "ram",
    );
    expect(policyOf(asString).statements).toEqual(policyOf(asArray).statements);
  });

  it("keeps NotAction as a negated action and the Sid", () => {
    const policy = policyOf(
      policyFromObject(
        statementDoc({ Sid: "AllButRam", Effect: "Allow", NotAction: "ram:*", Resource: "*" }),
        "ram",
      ),
    );
    expect(policy.statements[0]).toMatchObject({
      sid: "AllButRam",
      action: { negated: true, patterns: ["ram:*"] },
    });
  });

  it("omits sid and principal when a statement has none", () => {
    const statement = policyOf(parsePolicy(SEED, "ram")).statements[0];
    expect(statement).not.toHaveProperty("sid");
    expect(statement).not.toHaveProperty("principal");
  });

  it("reads every operator block and key as one clause, in document order", () => {
    const policy = policyOf(
      policyFromObject(
        statementDoc({
          Effect: "Allow",
          Action: "ecs:RunInstances",
          Resource: "*",
          Condition: {
            StringEquals: { "acs:ResourceTag/Env": ["prod", "staging"], "ECS:ImageOwnerId": "123" },
            IpAddress: { "acs:SourceIp": "10.0.0.0/8" },
          },
        }),
        "ram",
      ),
    );
    expect(policy.statements[0]?.conditions).toEqual([
      {
        operator: "StringEquals",
        key: "acs:ResourceTag/Env",
        normalizedKey: "acs:resourcetag/Env",
        values: ["prod", "staging"],
      },
      {
        operator: "StringEquals",
        key: "ECS:ImageOwnerId",
        normalizedKey: "ecs:imageownerid",
        values: ["123"],
      },
      { operator: "IpAddress", key: "acs:SourceIp", normalizedKey: "acs:sourceip", values: ["10.0.0.0/8"] },
    ]);
  });

  it("reads numbers as written and booleans as text, with a warning each", () => {
    const text = `{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:RunInstances", "Resource": "*",
      "Condition": {"NumericLessThan": {"ecs:SystemDiskSize": 1.50}, "Bool": {"acs:SecureTransport": true},
                    "StringEquals": {"ecs:ImageOwnerId": 1234567890123456789}}}]}`;
    const result = parsePolicy(text, "ram");
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([
      ["non-string-condition-value", "warning"],
      ["non-string-condition-value", "warning"],
      ["non-string-condition-value", "warning"],
    ]);
    expect(policyOf(result).statements[0]?.conditions.map((c) => c.values)).toEqual([
      ["1.50"],
      ["true"],
      ["1234567890123456789"],
    ]);
  });

  it("builds the principal of a trust policy and leaves its resources empty", () => {
    const policy = policyOf(
      policyFromObject(
        statementDoc({
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { RAM: "acs:ram::123456789012:root", Service: ["ecs.aliyuncs.com"] },
        }),
        "trust",
      ),
    );
    expect(policy.statements[0]).toMatchObject({
      resources: [],
      principal: { RAM: ["acs:ram::123456789012:root"], Service: ["ecs.aliyuncs.com"], Federated: [] },
    });
  });

  it("gives the same policy for a document as text and as an object", () => {
    expect(policyFromObject(JSON.parse(SEED), "control")).toEqual(parsePolicy(SEED, "control"));
  });
});

describe("parsePolicy on invalid documents", () => {
  it("reports every problem at once, in reading order", () => {
    // Given a document with problems in two statements and at the top
    const text = [
      "{",
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {"Effect": "allow", "Action": "RunInstances", "Resource": "*"},',
      '    {"Effect": "Deny", "Action": "ecs:*", "NotResource": "*"}',
      "  ]",
      "}",
    ].join("\n");
    // When it is parsed
    const result = parsePolicy(text, "ram");
    // Then all problems come back, ordered by position
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.code, p.path, p.line, p.column])).toEqual([
      ["invalid-version", "Version", 2, 14],
      ["invalid-effect", "Statement[0].Effect", 4, 16],
      ["invalid-action", "Statement[0].Action", 4, 35],
      ["not-resource", "Statement[1].NotResource", 5, 43],
    ]);
  });

  it("says Alibaba uses version 1 when it sees the AWS version", () => {
    const [problem] = parsePolicy('{"Version": "2012-10-17", "Statement": [{}]}', "ram").problems;
    expect(problem?.message).toContain("AWS");
    expect(problem?.message).toContain('`"1"`');
  });

  it("suggests the right case for an effect", () => {
    const result = policyFromObject(statementDoc({ Effect: "deny", Action: "ecs:*", Resource: "*" }), "ram");
    expect(result.problems).toMatchObject([
      { code: "invalid-effect", help: expect.stringContaining("`Deny`") },
    ]);
  });

  it("suggests the closest operator for a misspelt one", () => {
    const result = policyFromObject(
      statementDoc({
        Effect: "Allow",
        Action: "ecs:*",
        Resource: "*",
        Condition: {
          NumericLessThenEquals: { "ecs:SystemDiskSize": "40" },
          Boool: { "acs:MFAPresent": "true" },
        },
      }),
      "ram",
    );
    expect(result.problems.map((p) => p.help)).toEqual([
      "did you mean `NumericLessThanEquals`?",
      "did you mean `Bool`?",
    ]);
  });

  it("names the AWS-only syntax and says Alibaba Cloud RAM does not support it", () => {
    const operators = [
      "StringLikeIfExists",
      "Null",
      "ForAnyValue:StringEquals",
      "ForAllValues:StringEquals",
      "ArnEquals",
      "BinaryEquals",
    ];
    for (const operator of operators) {
      const result = policyFromObject(
        statementDoc({
          Effect: "Allow",
          Action: "ecs:*",
          Resource: "*",
          Condition: { [operator]: { "acs:TagKeys": "env" } },
        }),
        "ram",
      );
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ code: "aws-only-condition-operator" });
      expect(result.problems[0]?.message).toMatch(/AWS IAM syntax; Alibaba Cloud RAM does not support/);
    }
  });

  it("tells to wrap a single statement object in brackets", () => {
    const result = policyFromObject(
      { Version: "1", Statement: { Effect: "Allow", Action: "ecs:*", Resource: "*" } },
      "ram",
    );
    expect(result.problems).toMatchObject([
      { code: "statement-not-array", help: expect.stringContaining("brackets") },
    ]);
  });

  it("rejects NotResource saying Alibaba's grammar has none", () => {
    const result = policyFromObject(
      statementDoc({ Effect: "Deny", Action: "ecs:*", NotResource: "*" }),
      "ram",
    );
    expect(result.problems).toMatchObject([
      { code: "not-resource", message: expect.stringContaining("not part of") },
    ]);
  });

  it("gives the size and the limit when a policy is too large", () => {
    const actions = Array.from({ length: 60 }, (_, i) => `ecs:DescribeImageAttribute${i}`);
    const result = policyFromObject(
      statementDoc({ Effect: "Allow", Action: actions, Resource: "*" }),
      "session",
    );
    const problem = result.problems.find((p) => p.code === "policy-too-large");
    const size = JSON.stringify(statementDoc({ Effect: "Allow", Action: actions, Resource: "*" })).length;
    expect(problem?.message).toBe(`the session policy is ${size} characters, over the limit of 1024`);
    expect(
      policyFromObject(statementDoc({ Effect: "Allow", Action: actions, Resource: "*" }), "ram").ok,
    ).toBe(true);
  });

  it("stops at the first JSON syntax error and reports where it is", () => {
    const result = parsePolicy(
      '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}',
      "ram",
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "json-trailing-comma", path: "", line: 4, column: 23 }),
    ]);
  });

  it("cuts long user input short in messages", () => {
    const long = "x".repeat(5000);
    const result = policyFromObject({ Version: "1", Statement: [{ [long]: 1, Effect: long }] }, "ram");
    for (const problem of result.problems) expect(problem.message.length).toBeLessThan(200);
    expect(result.problems.find((p) => p.code === "invalid-effect")?.message).toBe(
      `\`Effect\` must be \`Allow\` or \`Deny\`, found the string \`${"x".repeat(59)}…\``,
    );
  });

  it("does not throw on text that is not a string", () => {
    expect(parsePolicy(undefined as unknown as string, "ram").problems[0]?.code).toBe("json-syntax");
  });
});

describe("policyFromObject", () => {
  it("reports data that cannot be written as JSON instead of throwing", () => {
    const circular: Record<string, unknown> = { Version: "1" };
    circular.Statement = [circular];
    for (const doc of [circular, undefined, () => 1, { Version: 1n }]) {
      const result = policyFromObject(doc, "ram");
      expect(result.ok).toBe(false);
      expect(result.problems).toMatchObject([{ code: "json-syntax", line: 1, column: 1 }]);
    }
  });

  it("reports positions in the indented JSON it writes", () => {
    const result = policyFromObject(
      { Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:*" }] },
      "ram",
    );
    // {\n  "Version": "1",\n  "Statement": [\n    {  ← the statement opens on line 4, column 5
    expect(result.problems).toMatchObject([{ code: "missing-resource", line: 4, column: 5 }]);
  });
});

describe("SIZE_LIMITS and PROBLEM_CODES", () => {
  it("has Alibaba's limit for each kind", () => {
    expect(SIZE_LIMITS).toEqual({ ram: 6144, control: 4096, session: 1024, trust: 4096 });
  });

  it("describes every code in the house style", () => {
    for (const [code, info] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(info.summary).toMatch(/^[a-z`]/);
      expect(info.summary).not.toMatch(/\.$/);
      expect(info.help).not.toMatch(/\.$/);
    }
  });

  it("documents every code in docs/policy-problems.md", () => {
    const doc = readFileSync(new URL("../../docs/policy-problems.md", import.meta.url), "utf8");
    for (const code of Object.keys(PROBLEM_CODES)) expect(doc).toContain(`### \`${code}\``);
  });
});

// ---------------------------------------------------------------------------------------------
// The validation vectors are compared by test/policy/vectors.test.ts; this checks what the harness
// does not: that every code has a vector, and that every message and help is in house style.

interface ValidationVector {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly document: unknown;
  readonly expected: { readonly valid: boolean; readonly problems: readonly { readonly code: string }[] };
}

const vectorDir = new URL("../vectors/validation/", import.meta.url);
const vectors = readdirSync(vectorDir)
  .filter((name) => name.endsWith(".json"))
  .flatMap((file) => JSON.parse(readFileSync(new URL(file, vectorDir), "utf8")) as ValidationVector[]);

describe("validation vectors", () => {
  it("has more than 70 vectors and one for every code", () => {
    expect(vectors.length).toBeGreaterThan(70);
    const covered = new Set(vectors.flatMap((vector) => vector.expected.problems.map((p) => p.code)));
    expect(Object.keys(PROBLEM_CODES).filter((code) => !covered.has(code))).toEqual([]);
  });

  it("words every message and help in house style", () => {
    const problems: Problem[] = vectors.flatMap((vector) =>
      typeof vector.document === "string"
        ? parsePolicy(vector.document, vector.kind).problems
        : policyFromObject(vector.document, vector.kind).problems,
    );
    expect(problems.length).toBeGreaterThan(70);
    for (const problem of problems) {
      // Lower case (a leading backtick quotes an element name), no trailing period, a fix in help.
      expect(problem.message).toMatch(/^[a-z`]/);
      expect(problem.message).not.toMatch(/\.$/);
      expect(problem.help).toMatch(/^([a-z`"]|JSON |Alibaba Cloud |ARNs )/);
      expect(problem.help).not.toMatch(/\.$/);
    }
  });
});
