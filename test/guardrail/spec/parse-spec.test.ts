import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SPEC_PROBLEM_CODES, parseGuardrailSpec } from "../../../src/guardrail/index.js";
import type { Problem } from "../../../src/policy/index.js";

const EXAMPLE = readFileSync(new URL("../../../examples/imageguard.yaml", import.meta.url), "utf8");
const DOCS = readFileSync(new URL("../../../docs/guardrail-spec.md", import.meta.url), "utf8");

/** A minimal valid spec; cases below write whole files so every line and column is visible. */
const MINIMAL = `version: 1
golden:
  requiredTags:
    status: [approved]
scopes:
  - id: fd-prod
    mode: enforce
`;

function problemsOf(text: string, now?: Date): Problem[] {
  return [...parseGuardrailSpec(text, now === undefined ? {} : { now }).problems];
}

describe("parseGuardrailSpec: a valid spec", () => {
  it("Given the example, reads it with no problems and fills in the defaults", () => {
    const result = parseGuardrailSpec(EXAMPLE, { now: new Date("2026-05-01T00:00:00Z") });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const spec = result.spec;
    expect(spec?.golden).toEqual({
      requiredTags: [
        { key: "status", values: ["approved"] },
        { key: "security-level", values: ["trusted"] },
        { key: "environment", values: ["production"] },
      ],
      trustedOwners: ["1200000000000001"],
      allowedSources: ["Self", "Others"],
      maxImageAgeDays: 90,
      deprecationGraceDays: 14,
      protectedTagKeys: ["status", "security-level", "environment"],
    });
    expect(spec?.scopes.map((scope) => [scope.key, scope.selector.kind, scope.mode])).toEqual([
      ["Root/Security", "path", "enforce"],
      ["Root/Production", "path", "enforce"],
      ["Root/Development", "path", "audit"],
    ]);
    expect(spec?.pipeline).toEqual({
      roles: [
        {
          written: "acs:ram::1200000000000001:role/image-pipeline",
          principalPattern: "acs:ram:*:1200000000000001:role/image-pipeline",
          accountId: "1200000000000001",
          roleName: "image-pipeline",
        },
      ],
      launchExempt: true,
    });
    expect(spec?.breakGlass.roles.map((role) => role.principalPattern)).toEqual([
      "acs:ram:*:1300000000000002:role/break-glass-admin",
    ]);
    expect(spec?.exemptions.map((exemption) => [exemption.id, exemption.target, exemption.endsAt])).toEqual([
      [
        "payments-hsm-appliance",
        { kind: "image", imageId: "m-bp1hsm0vendor0copy01" },
        "2028-10-01T00:00:00.000Z",
      ],
      [
        "storefront-migration",
        { kind: "account", accountId: "1300000000000001" },
        "2028-07-31T10:00:00.000Z",
      ],
      [
        "payments-batch-node",
        { kind: "instance", instanceId: "i-bp1batch0legacy00001" },
        "2028-07-01T00:00:00.000Z",
      ],
    ]);
    expect(spec?.exemptionTagKey).toBe("imageguard-exemption");
    expect(spec?.generation).toEqual({ effectScope: "All", namePrefix: "imageguard" });
  });

  it("Given the minimal spec, applies every default", () => {
    const result = parseGuardrailSpec(MINIMAL);
    expect(result.problems).toEqual([]);
    expect(result.spec?.golden).toEqual({
      requiredTags: [{ key: "status", values: ["approved"] }],
      deprecationGraceDays: 0,
      protectedTagKeys: ["status"],
    });
    expect(result.spec?.pipeline).toEqual({ roles: [], launchExempt: false });
    expect(result.spec?.exemptions).toEqual([]);
  });

  it("reads a single value as a one-element list, a role ARN's name in lower case", () => {
    const result = parseGuardrailSpec(`version: "1"
golden:
  requiredTags: { status: approved }
  allowedSources: Others
scopes:
  - { id: "1300000000000002", mode: enforce }
breakGlass:
  roles: acs:ram::1000000000000001:role/Break-Glass
`);
    expect(result.problems).toEqual([]);
    expect(result.spec?.golden.requiredTags).toEqual([{ key: "status", values: ["approved"] }]);
    expect(result.spec?.golden.allowedSources).toEqual(["Others"]);
    expect(result.spec?.scopes[0]?.selector).toEqual({ kind: "account", id: "1300000000000002" });
    expect(result.spec?.breakGlass.roles[0]?.principalPattern).toBe(
      "acs:ram:*:1000000000000001:role/break-glass",
    );
  });
});

describe("parseGuardrailSpec: roles must be pinned to an account", () => {
  const withRole = (role: string): string => `${MINIMAL}breakGlass:
  roles: ["${role}"]
`;

  it("Given a bare role name, refuses it: any member account could create a role of that name", () => {
    const result = parseGuardrailSpec(withRole("break-glass-admin"));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: "unpinned-role",
        severity: "error",
        path: "breakGlass.roles[0]",
        help: expect.stringContaining("acs:ram::<account-id>:role/break-glass-admin"),
      }),
    ]);
  });

  it("Given `*` for the account, accepts it with a warning that says how to pin it", () => {
    const result = parseGuardrailSpec(withRole("acs:ram::*:role/break-glass-admin"));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "role-any-account", severity: "warning", path: "breakGlass.roles[0]" }),
    ]);
  });
});

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly code: keyof typeof SPEC_PROBLEM_CODES;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly now?: string;
}

const CASES: readonly Case[] = [
  {
    name: "broken YAML",
    yaml: "version: 1\ngolden: [\n",
    code: "yaml-syntax",
    path: "",
    line: 3,
    column: 1,
  },
  {
    name: "a section that is not a mapping",
    yaml: `version: 1
golden: approved
scopes:
  - id: fd-prod
    mode: enforce
`,
    code: "wrong-type",
    path: "golden",
    line: 2,
    column: 9,
  },
  {
    name: "a misspelt field",
    yaml: `${MINIMAL}exemption: []
`,
    code: "unknown-field",
    path: "exemption",
    line: 8,
    column: 1,
  },
  {
    name: "no scopes",
    yaml: `version: 1
golden:
  requiredTags:
    status: [approved]
`,
    code: "missing-field",
    path: "scopes",
    line: 1,
    column: 1,
  },
  {
    name: "version 2",
    yaml: MINIMAL.replace("version: 1", "version: 2"),
    code: "unsupported-version",
    path: "version",
    line: 1,
    column: 10,
  },
  {
    name: "an empty scope list",
    yaml: `version: 1
golden:
  requiredTags:
    status: [approved]
scopes: []
`,
    code: "empty-list",
    path: "scopes",
    line: 5,
    column: 9,
  },
  {
    name: "an owner twice",
    yaml: MINIMAL.replace(
      "scopes:",
      `  trustedOwners: ["1200000000000001", "1200000000000001"]
scopes:`,
    ),
    code: "duplicate-entry",
    path: "golden.trustedOwners[1]",
    line: 5,
    column: 39,
  },
  {
    name: "an account id YAML reads as a number",
    yaml: MINIMAL.replace(
      "scopes:",
      `  trustedOwners: [1200000000000001]
scopes:`,
    ),
    code: "unquoted-account-id",
    path: "golden.trustedOwners[0]",
    line: 5,
    column: 19,
  },
  {
    name: "a short account id",
    yaml: MINIMAL.replace(
      "scopes:",
      `  trustedOwners: ["12"]
scopes:`,
    ),
    code: "invalid-account-id",
    path: "golden.trustedOwners[0]",
    line: 5,
    column: 19,
  },
  {
    name: "a reserved tag key",
    yaml: MINIMAL.replace("    status: [approved]", "    aliyun-status: [approved]"),
    code: "invalid-tag-key",
    path: "golden.requiredTags",
    line: 4,
    column: 5,
  },
  {
    name: "a tag value with a URL",
    yaml: MINIMAL.replace("[approved]", '["https://approved"]'),
    code: "invalid-tag-value",
    path: "golden.requiredTags.status[0]",
    line: 4,
    column: 14,
  },
  {
    name: "an unknown mode",
    yaml: MINIMAL.replace("mode: enforce", "mode: block"),
    code: "invalid-choice",
    path: "scopes[0].mode",
    line: 7,
    column: 11,
  },
  {
    name: "a fractional age",
    yaml: MINIMAL.replace(
      "scopes:",
      `  maxImageAgeDays: 1.5
scopes:`,
    ),
    code: "invalid-number",
    path: "golden.maxImageAgeDays",
    line: 5,
    column: 20,
  },
  {
    name: "a scope id that names no node",
    yaml: MINIMAL.replace("id: fd-prod", "id: production"),
    code: "invalid-scope",
    path: "scopes[0].id",
    line: 6,
    column: 9,
  },
  {
    name: "a role ARN with a short account",
    yaml: `${MINIMAL}pipeline:
  roles: ["acs:ram::12:role/image-pipeline"]
`,
    code: "invalid-role",
    path: "pipeline.roles[0]",
    line: 9,
    column: 11,
  },
  {
    name: "a role given by bare name",
    yaml: `${MINIMAL}pipeline:
  roles: [image-pipeline]
`,
    code: "unpinned-role",
    path: "pipeline.roles[0]",
    line: 9,
    column: 11,
  },
  {
    name: "a role in any account",
    yaml: `${MINIMAL}pipeline:
  roles: ["acs:ram::*:role/image-pipeline"]
`,
    code: "role-any-account",
    path: "pipeline.roles[0]",
    line: 9,
    column: 11,
  },
  {
    name: "a date that does not exist",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    scope: fd-prod
    reason: r
    approver: a
    expiresAt: "2026-02-30"
`,
    code: "invalid-date",
    path: "exemptions[0].expiresAt",
    line: 13,
    column: 16,
  },
  {
    name: "an exemption id with capitals",
    yaml: `${MINIMAL}exemptions:
  - id: Legacy_One
    scope: fd-prod
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "invalid-exemption-id",
    path: "exemptions[0].id",
    line: 9,
    column: 9,
  },
  {
    name: "an instance id without `i-`",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    instance: vm-1
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "invalid-resource-id",
    path: "exemptions[0].instance",
    line: 10,
    column: 15,
  },
  {
    name: "a name prefix starting with a digit",
    yaml: `${MINIMAL}generation:
  namePrefix: "9guard"
`,
    code: "invalid-name",
    path: "generation.namePrefix",
    line: 9,
    column: 15,
  },
  {
    name: "an exemption in an undeclared scope",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    scope: fd-other
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "unknown-scope",
    path: "exemptions[0].scope",
    line: 10,
    column: 12,
  },
  {
    name: "an exemption of an account and an image",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    account: "1300000000000001"
    image: m-1
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "exemption-target-conflict",
    path: "exemptions[0]",
    line: 11,
    column: 5,
  },
  {
    name: "an exemption of nothing",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "exemption-without-target",
    path: "exemptions[0]",
    line: 9,
    column: 5,
  },
  {
    name: "the exemption tag is a required tag",
    yaml: `${MINIMAL}exemptionTagKey: status
`,
    code: "exemption-tag-conflict",
    path: "exemptionTagKey",
    line: 8,
    column: 18,
  },
  {
    name: "a scope exemption below an enforced scope",
    yaml: `version: 1
golden:
  requiredTags:
    status: [approved]
scopes:
  - { path: Root/Production, mode: enforce }
  - { path: Root/Production/Legacy, mode: enforce }
exemptions:
  - id: legacy
    scope: Root/Production/Legacy
    reason: r
    approver: a
    expiresAt: "2026-09-30"
`,
    code: "exemption-not-expressible",
    path: "exemptions[0]",
    line: 9,
    column: 5,
  },
  {
    name: "a required tag left unprotected",
    yaml: MINIMAL.replace(
      "scopes:",
      `  protectedTagKeys: [owner]
scopes:`,
    ),
    code: "unprotected-required-tag",
    path: "golden.protectedTagKeys",
    line: 5,
    column: 3,
  },
  {
    name: "an audit scope inside an enforced one",
    yaml: `version: 1
golden:
  requiredTags:
    status: [approved]
scopes:
  - { path: Root/Production, mode: enforce }
  - { path: Root/Production/Sandbox, mode: audit }
`,
    code: "scope-inside-enforced",
    path: "scopes[1]",
    line: 7,
    column: 5,
  },
  {
    name: "only audit scopes",
    yaml: MINIMAL.replace("mode: enforce", "mode: audit"),
    code: "no-enforced-scope",
    path: "scopes",
    line: 5,
    column: 1,
  },
  {
    name: "an expired exemption",
    yaml: `${MINIMAL}exemptions:
  - id: legacy
    scope: fd-prod
    reason: r
    approver: a
    expiresAt: "2026-01-31"
`,
    code: "exemption-expired",
    path: "exemptions[0].expiresAt",
    line: 13,
    column: 16,
    now: "2026-02-01T00:00:00Z",
  },
];

describe("parseGuardrailSpec: problems", () => {
  it.each(CASES)("Given $name, reports `$code` at $line:$column", (item) => {
    const problems = problemsOf(item.yaml, item.now === undefined ? undefined : new Date(item.now));
    const found = problems.find((problem) => problem.code === item.code);
    expect(found, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(found).toMatchObject({
      severity: SPEC_PROBLEM_CODES[item.code].severity,
      path: item.path,
      line: item.line,
      column: item.column,
    });
    // House style: lower case, no trailing period, the fix apart.
    expect(found?.message).toMatch(/^[^A-Z].*[^.]$/);
    expect(found?.help).toBeTruthy();
  });

  it("has a case for every code, and docs/guardrail-spec.md explains every code", () => {
    const covered = new Set(CASES.map((item) => item.code));
    for (const code of Object.keys(SPEC_PROBLEM_CODES)) {
      expect(covered, code).toContain(code);
      expect(DOCS, code).toContain(`\`${code}\``);
    }
  });

  it("Given several mistakes, reports them all at once, in source order, and no spec", () => {
    const result = parseGuardrailSpec(`version: 1
golden:
  requiredTags:
    status: []
  trustedOwners: [1200000000000001]
scopes:
  - id: fd-prod
    mode: enforced
pipeline:
  roles: ["acs:ram::1200000000000001:user/alice"]
`);
    expect(result.ok).toBe(false);
    expect(result.spec).toBeUndefined();
    expect(result.problems.map((problem) => [problem.code, problem.line])).toEqual([
      ["empty-list", 4],
      ["unquoted-account-id", 5],
      ["invalid-choice", 8],
      ["invalid-role", 10],
    ]);
  });

  it("Given a warning only, the spec is still valid", () => {
    const result = parseGuardrailSpec(MINIMAL.replace("mode: enforce", "mode: audit"));
    expect(result.ok).toBe(true);
    expect(result.problems.map((problem) => problem.severity)).toEqual(["warning"]);
  });

  it("suggests the closest field name", () => {
    const problems = problemsOf(MINIMAL.replace("    mode: enforce", "    mdoe: enforce"));
    expect(problems.find((problem) => problem.code === "unknown-field")?.help).toBe("did you mean `mode`?");
    expect(problems.find((problem) => problem.code === "missing-field")?.path).toBe("scopes[0].mode");
  });

  it("reads the end of an exemption: a date holds through that day in UTC, a date-time is exact", () => {
    const spec = (expiresAt: string) => `${MINIMAL}exemptions:
  - { id: legacy, scope: fd-prod, reason: r, approver: a, expiresAt: "${expiresAt}" }
`;
    const endsAt = (expiresAt: string) => parseGuardrailSpec(spec(expiresAt)).spec?.exemptions[0]?.endsAt;
    expect(endsAt("2026-12-31")).toBe("2027-01-01T00:00:00.000Z");
    expect(endsAt("2026-09-30T18:00:00+08:00")).toBe("2026-09-30T10:00:00.000Z");
    expect(endsAt("2026-09-30T18:00Z")).toBe("2026-09-30T18:00:00.000Z");
    // Without an offset the instant is ambiguous, as in policies.
    expect(problemsOf(spec("2026-09-30T18:00:00")).map((problem) => problem.code)).toEqual(["invalid-date"]);
    expect(problemsOf(spec("2026-13-01")).map((problem) => problem.code)).toEqual(["invalid-date"]);
  });
});
