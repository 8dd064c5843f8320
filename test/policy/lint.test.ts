import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogView } from "../../src/catalog/index.js";
import { compileWildcard, lintPolicy, parsePolicy } from "../../src/policy/index.js";
import type { ActionCatalogView, PolicyKind, Problem, ValidatedPolicy } from "../../src/policy/index.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/policies/${name}`, import.meta.url), "utf8");

function parsed(text: string, kind: PolicyKind = "ram"): ValidatedPolicy {
  const result = parsePolicy(text, kind);
  if (!result.ok) throw new Error(`fixture is invalid: ${JSON.stringify(result.problems)}`);
  return result.policy;
}

/** A policy of one statement, written as JSON text so positions are meaningful. */
function statement(
  body: Record<string, unknown>,
  kind: PolicyKind = "ram",
): { policy: ValidatedPolicy; source: string } {
  const source = JSON.stringify(
    { Version: "1", Statement: [{ Effect: "Allow", Resource: "*", ...body }] },
    null,
    2,
  );
  return { policy: parsed(source, kind), source };
}

const TAGGED = "acs:ecs:{RegionId}:{OwnerId}:{ResourceType}/{ResourceId}";

const FAKE: ActionCatalogView = fakeCatalog({
  "ecs:RunInstances": {
    arns: ["acs:ecs:{RegionId}:{AccountId}:instance/*", "acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}"],
    keys: ["acs:resourcetag/*", "ecs:imageownerid"],
  },
  "ecs:CreateInstance": {
    arns: ["acs:ecs:{RegionId}:{AccountId}:instance/*", "acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}"],
    keys: ["acs:resourcetag/*", "ecs:imageownerid"],
  },
  "ecs:ReplaceSystemDisk": {
    arns: [
      "acs:ecs:{RegionId}:{AccountId}:instance/{InstanceId}",
      "acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}",
    ],
    keys: ["acs:resourcetag/*", "ecs:imageownerid"],
  },
  "ecs:DeleteImage": {
    arns: ["acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}"],
    keys: ["acs:resourcetag/*"],
  },
  "ecs:TagResources": { arns: [TAGGED], keys: ["acs:resourcetag/*", "acs:requesttag/*", "acs:tagkeys"] },
  "ecs:UntagResources": { arns: [TAGGED], keys: ["acs:resourcetag/*", "acs:requesttag/*", "acs:tagkeys"] },
  // Names policies recognise but no API action checks.
  "ecs:CreateTags": { arns: [], keys: ["acs:requesttag/*", "acs:tagkeys"] },
  "ecs:DeleteTags": { arns: [], keys: ["acs:requesttag/*", "acs:tagkeys"] },
  "ecs:DescribeRegions": { arns: ["*"], keys: [] },
  "ram:GetUser": { arns: ["acs:ram::{AccountId}:user/{UserName}"], keys: [] },
});

function fakeCatalog(entries: Record<string, { arns: string[]; keys: string[] }>): ActionCatalogView {
  const find = (action: string) =>
    Object.entries(entries).find(([name]) => name.toLowerCase() === action.toLowerCase())?.[1];
  return {
    actionNames: Object.keys(entries),
    arnTemplates: (action) => find(action)?.arns,
    contextKeys: (action) => find(action)?.keys,
  };
}

const codes = (problems: readonly Problem[]): string[] => problems.map((problem) => problem.code);

describe("lint: Allow statements in control policies", () => {
  it("flags the seed's enterprise example, pointing at the Allow and naming the Deny-form rewrite", () => {
    const source = fixture("seed-control-policy.json");
    const problems = lintPolicy(parsed(source, "control"), FAKE, { source }).filter(
      (problem) => problem.code === "control-allow-restricts-nothing",
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: "control-allow-restricts-nothing",
        severity: "warning",
        path: "Statement[0].Effect",
        line: 5,
        column: 7,
      }),
    ]);
    expect(problems[0]?.message).toContain("`FullAliyunAccess`");
    expect(problems[0]?.help).toContain('`"StringNotEquals": {"acs:ResourceTag/environment": "production"}`');
    expect(problems[0]?.help).toContain("detach `FullAliyunAccess`");
  });

  it("is silent when FullAliyunAccess is detached (allow-list mode)", () => {
    const source = fixture("seed-control-policy.json");
    expect(lintPolicy(parsed(source, "control"), FAKE, { source, fullAliyunAccessAttached: false })).toEqual(
      [],
    );
  });

  it("is silent for the same document as a RAM policy and for the Deny-form control policy", () => {
    expect(lintPolicy(parsed(fixture("seed-ram-policy.json")), FAKE)).toEqual([]);
    expect(lintPolicy(parsed(fixture("deny-untagged-images.json"), "control"), FAKE)).toEqual([]);
  });

  it("gives the generic rewrite when the condition has no exact negation", () => {
    const { policy } = statement(
      { Action: "ecs:RunInstances", Condition: { NumericLessThan: { "ecs:imageownerid": "5" } } },
      "control",
    );
    const [problem] = lintPolicy(policy, FAKE);
    expect(problem?.help).toContain("one `Deny` per condition key");
  });
});

describe("lint: a Resource no ARN of the statement's actions can match", () => {
  it.each([
    ["ecs:RunInstances", "acs:oss:*:*:golden-bucket/*", true],
    ["ecs:RunInstances", "acs:ecs:*:*:image/*", false],
    ["ecs:RunInstances", "acs:ecs:cn-hangzhou:123:instance/*", false],
    // Alibaba-provided images have an empty account segment (spec §3).
    ["ecs:RunInstances", "acs:ecs:cn-hangzhou::image/m-1", false],
    ["ecs:RunInstances", "acs:ecs:*:*:Image/*", true],
    ["ecs:RunInstances", "acs:ecs:cn-hangzhou:123:image/", true],
    ["ecs:RunInstances", "acs:ecs:*:*:image?m-1", false],
    ["ecs:DeleteImage", "acs:ecs:*:*:instance/*", true],
    ["ecs:Delete*", "acs:ecs:*:*:snapshot/*", true],
    ["ecs:Run*", "acs:ecs:*:*:snapshot/*", true],
    // An action not authorized per resource is checked against the literal `*`, which only a
    // pattern matching `*` covers: Alibaba requires `"Resource": "*"` for it.
    ["ecs:DescribeRegions", "acs:ecs:*:*:anything", true],
    ["ecs:DescribeRegions", "*", false],
    // A new instance is checked as the literal `instance/*`.
    ["ecs:RunInstances", "acs:ecs:*:*:instance/i-1", true],
    // Placeholders stay inside their part of the ARN.
    ["ecs:RunInstances", "acs:ecs:*:*:snapshot/*", true],
    // No templates: never checked, so nothing to compare with.
    ["ecs:CreateTags", "acs:ecs:*:*:image/*", false],
    // Wildcard services and actions outside the catalog are beyond what the catalog can say.
    ["*", "acs:oss:*:*:golden-bucket/*", false],
    ["e*:RunInstances", "acs:oss:*:*:golden-bucket/*", false],
    ["oss:GetObject", "acs:oss:*:*:golden-bucket/*", false],
    ["ram:GetUser", "acs:ram::123:user/alice", false],
    ["ram:GetUser", "acs:ram:*:123:role/admin", true],
  ])("Given Action %s and Resource %s, warns: %s", (action, resource, warns) => {
    const { policy } = statement({ Action: action, Resource: resource });
    const problems = lintPolicy(policy, FAKE).filter(
      (problem) => problem.code === "resource-matches-no-action",
    );
    expect(problems.length).toBe(warns ? 1 : 0);
  });

  it("skips NotAction statements, whose actions reach beyond the catalog", () => {
    const { policy } = statement({ NotAction: "ecs:RunInstances", Resource: "acs:oss:*:*:bucket/*" });
    expect(lintPolicy(policy, FAKE)).toEqual([]);
  });

  it("points at the resource and lists what the actions check", () => {
    const { policy, source } = statement({
      Action: "ecs:DeleteImage",
      Resource: ["acs:ecs:*:*:image/*", "acs:ecs:*:*:disk/*"],
    });
    const [problem] = lintPolicy(policy, FAKE, { source });
    expect(problem).toMatchObject({ path: "Statement[0].Resource[1]", line: 8, column: 9 });
    expect(problem?.message).toBe(
      "resource `acs:ecs:*:*:disk/*` matches no resource the statement's actions act on",
    );
    expect(problem?.help).toContain("`acs:ecs:{RegionId}:{ImageOwnerId}:image/{ImageId}`");
  });

  // The overlap test is an automaton product; check it against brute force with regular expressions.
  // A shortest common string advances the pattern or the template at every character, so strings
  // up to the sum of their lengths (a placeholder counting two) are enough; `b` stands for every
  // character neither side names.
  it("agrees with brute-force search for a common string", () => {
    const words = allStrings(["a", "b", ":", "/"], 7).map((word) => `acs:x:${word}`);
    const pattern = fc
      .array(fc.constantFrom("a", ":", "/", "*", "?"), { maxLength: 3 })
      .map((chars) => chars.join(""));
    const template = fc
      .array(fc.constantFrom("a", ":", "/", "{X}"), { maxLength: 2 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(pattern, template, (p, t) => {
        const resource = `acs:x:${p}`;
        const arn = `acs:x:${t}`;
        const matchesPattern = compileWildcard(resource, { caseInsensitive: false });
        const matchesTemplate = templateRegExp(arn);
        const overlap = words.some((word) => matchesPattern(word) && matchesTemplate.test(word));
        const catalog = fakeCatalog({ "x:Act": { arns: [arn], keys: [] } });
        const policy: ValidatedPolicy = {
          kind: "ram",
          version: "1",
          size: 0,
          __validated: true,
          statements: [
            {
              index: 0,
              effect: "Allow",
              action: { negated: false, patterns: ["x:Act"] },
              resources: [resource],
              conditions: [],
            },
          ],
        };
        expect(lintPolicy(policy, catalog).length === 0).toBe(overlap);
      }),
      { numRuns: 200 },
    );
  });
});

/** What a template stands for: placeholders stay inside their ARN part; the account may be empty. */
function templateRegExp(template: string): RegExp {
  let colons = 0;
  let source = "";
  for (const part of template.split(/(\{X\})/)) {
    if (part === "{X}") source += colons >= 4 ? "[^/]+" : colons === 3 ? "[^:]*" : "[^:]+";
    else {
      colons += part.split(":").length - 1;
      source += part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

function allStrings(alphabet: readonly string[], maxLength: number): string[] {
  const out = [""];
  let layer = [""];
  for (let length = 1; length <= maxLength; length++) {
    layer = layer.flatMap((prefix) => alphabet.map((char) => prefix + char));
    out.push(...layer);
  }
  return out;
}

describe("lint: condition keys the statement's actions never carry", () => {
  const condition = (operator: string, key: string, action = "ecs:RunInstances") =>
    statement({ Action: action, Condition: { [operator]: { [key]: "x" } } });

  it.each([
    ["StringEquals", "ecs:ImageOwnerId", false],
    ["StringEquals", "ECS:imageownerid", false],
    ["StringEquals", "acs:ResourceTag/anything", false],
    ["StringEquals", "acs:RequestTag/owner", true],
    ["StringEquals", "ram:UserName", true],
    ["IpAddress", "acs:SourceIp", false],
    ["DateLessThan", "acs:CurrentTime", false],
    ["Bool", "acs:MFAPresent", false],
    ["Bool", "acs:SecureTransport", false],
    ["StringEquals", "acs:AccessId", false],
  ])("Given %s on %s for ecs:RunInstances, warns: %s", (operator, key, warns) => {
    const value =
      operator === "IpAddress"
        ? "10.0.0.0/8"
        : operator === "Bool"
          ? "true"
          : operator.startsWith("Date")
            ? "2030-01-01T00:00:00Z"
            : "x";
    const { policy } = statement({ Action: "ecs:RunInstances", Condition: { [operator]: { [key]: value } } });
    const problems = lintPolicy(policy, FAKE).filter(
      (problem) => problem.code === "condition-key-not-carried",
    );
    expect(problems.length).toBe(warns ? 1 : 0);
  });

  it("says a positive operator is then always false and a negated one always true", () => {
    const [positive] = lintPolicy(condition("StringEquals", "ram:UserName").policy, FAKE);
    const [negated] = lintPolicy(condition("StringNotEquals", "ram:UserName").policy, FAKE);
    expect(positive?.help).toContain("`StringEquals` always false");
    expect(negated?.help).toContain("`StringNotEquals` always true");
  });

  it("locates the key in the source, with the path validation would write", () => {
    const { policy, source } = condition("StringEquals", "acs:RequestTag/owner", "ecs:DeleteImage");
    const [problem] = lintPolicy(policy, FAKE, { source });
    expect(problem).toMatchObject({
      path: 'Statement[0].Condition.StringEquals["acs:RequestTag/owner"]',
      line: 10,
      column: 11,
    });
  });

  it("takes the union of every action a wildcard names", () => {
    const { policy } = statement({ Action: "ecs:*", Condition: { StringEquals: { "acs:TagKeys": "env" } } });
    expect(lintPolicy(policy, FAKE)).toEqual([]);
  });
});

describe("lint: action names not in the catalog", () => {
  it("suggests the closest name", () => {
    const { policy, source } = statement({ Action: ["ecs:DeleteImage", "ecs:RunInstance"] });
    expect(lintPolicy(policy, FAKE, { source })).toEqual([
      expect.objectContaining({
        code: "unknown-action",
        path: "Statement[0].Action[1]",
        line: 9,
        column: 9,
        message: "action `ecs:RunInstance` is not in the action catalog",
        help: "did you mean `ecs:RunInstances`?",
      }),
    ]);
  });

  it("reports NotAction entries under NotAction, and a single string at the string itself", () => {
    const { policy, source } = statement({ NotAction: "ecs:RunInstancez" });
    const [problem] = lintPolicy(policy, FAKE, { source });
    expect(problem).toMatchObject({ path: "Statement[0].NotAction[0]", line: 7, column: 20 });
  });

  it.each([
    ["ecs:runinstances", []],
    ["ecs:Run*", []],
    ["oss:GetObject", []],
    ["esc:RunInstances", ["unknown-action"]],
    ["ecs:FrobnicateWidgets", ["unknown-action"]],
  ])("Given Action %s, reports %j", (action, expected) => {
    expect(codes(lintPolicy(statement({ Action: action }).policy, FAKE))).toEqual(expected);
  });

  it("without a close name, says so instead of guessing", () => {
    const [problem] = lintPolicy(statement({ Action: "ecs:FrobnicateWidgets" }).policy, FAKE);
    expect(problem?.help).not.toContain("did you mean");
  });
});

describe("lint: positions and duplicates", () => {
  it("reports 1:1 only when no source is given", () => {
    const { policy } = statement({ Action: "ecs:RunInstance" });
    expect(lintPolicy(policy, FAKE)).toEqual([expect.objectContaining({ line: 1, column: 1 })]);
  });

  it("leaves non-string condition values to validation: reported once, by parsePolicy", () => {
    const source = fixture("lint-mistakes.json");
    const result = parsePolicy(source, "ram");
    if (!result.ok) throw new Error("fixture is invalid");
    const warnings = lintPolicy(result.policy, FAKE, { source });
    expect(codes(result.problems)).toEqual(["non-string-condition-value"]);
    expect(codes(warnings)).not.toContain("non-string-condition-value");
  });
});

describe("lint against the real catalog", () => {
  it("finds nothing in the seed RAM policy and the Deny-form control policy", () => {
    expect(lintPolicy(parsed(fixture("seed-ram-policy.json")), catalogView)).toEqual([]);
    expect(lintPolicy(parsed(fixture("deny-untagged-images.json"), "control"), catalogView)).toEqual([]);
  });

  it("flags the seed's control policy", () => {
    const source = fixture("seed-control-policy.json");
    expect(codes(lintPolicy(parsed(source, "control"), catalogView, { source }))).toEqual([
      "control-allow-restricts-nothing",
    ]);
  });

  it("finds each mistake in lint-mistakes.json, where it is", () => {
    const source = fixture("lint-mistakes.json");
    const problems = lintPolicy(parsed(source), catalogView, { source });
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: "unknown-action", path: "Statement[0].Action[0]", line: 7, column: 18 },
      { code: "resource-matches-no-action", path: "Statement[0].Resource[1]", line: 8, column: 43 },
      {
        code: "condition-key-not-carried",
        path: 'Statement[0].Condition.StringEquals["ram:UserName"]',
        line: 12,
        column: 11,
      },
    ]);
    expect(problems[0]?.help).toBe("did you mean `ecs:RunInstances`?");
  });
});
