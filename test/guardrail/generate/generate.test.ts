import { describe, expect, it } from "vitest";
import { catalogView } from "../../../src/catalog/index.js";
import { GENERATION_PROBLEM_CODES, generateGuardrailPolicies } from "../../../src/guardrail/index.js";
import type { GeneratedPolicySet, GuardrailSpec } from "../../../src/guardrail/index.js";
import { SIZE_LIMITS, lintPolicy, parsePolicy } from "../../../src/policy/index.js";
import { readFileSync } from "node:fs";
import {
  EXAMPLE_TEXT,
  NOW,
  PAYMENTS,
  decideCall,
  directoryChain,
  imageCreationCalls,
  launch,
  ramChain,
  specOf,
  tagCalls,
} from "./harness.js";
import type { Who } from "./harness.js";

const EXAMPLE = specOf(EXAMPLE_TEXT);
const DOCS = readFileSync(new URL("../../../docs/guardrail-spec.md", import.meta.url), "utf8");

/** Every generated document: valid for its kind with no problem at all, and clean under lint. */
function expectDeployable(set: GeneratedPolicySet): void {
  for (const policy of set.policies) {
    const parsed = parsePolicy(policy.text, policy.kind);
    expect(parsed.problems, policy.name).toEqual([]);
    if (!parsed.ok) continue;
    expect(parsed.policy.size, policy.name).toBe(policy.size);
    expect(policy.size).toBeLessThanOrEqual(SIZE_LIMITS[policy.kind]);
    expect(lintPolicy(parsed.policy, catalogView, { source: policy.text }), policy.name).toEqual([]);
    expect(policy.name).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
    expect(policy.description).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,1023}$/);
    expect(policy.document.Statement.every((statement) => statement.Effect === "Deny")).toBe(true);
  }
}

function manyValues(count: number, prefix: string): string {
  return `[${Array.from({ length: count }, (_, index) => `"${prefix}-${String(index).padStart(4, "0")}-${"x".repeat(20)}"`).join(", ")}]`;
}

function specWithTags(tags: Record<string, string>, extra = ""): GuardrailSpec {
  return specOf(`version: 1
golden:
  requiredTags:
${Object.entries(tags)
  .map(([key, values]) => `    ${key}: ${values}`)
  .join("\n")}
${extra}scopes:
  - { path: Root/Production, mode: enforce }
  - { id: "${PAYMENTS}", mode: enforce }
`);
}

describe("generateGuardrailPolicies on the example", () => {
  const rd = generateGuardrailPolicies(EXAMPLE, { kind: "resource-directory" }, { now: NOW });

  it("matches the snapshot (Resource Directory target)", () => {
    expect(rd).toMatchSnapshot();
  });

  it("every document parses as a control policy with no problem and lints clean", () => {
    expect(rd.policies.length).toBeGreaterThan(0);
    expect(rd.policies.every((policy) => policy.kind === "control" && policy.effectScope === "All")).toBe(
      true,
    );
    expectDeployable(rd);
  });

  it("Given no break-glass role, protects the pipeline role from everyone with a statement that has no condition, still deployable", () => {
    const spec = specOf(
      EXAMPLE_TEXT.replace(/breakGlass:\n(?:\s*#.*\n)*\s*roles:\n\s*- [^\n]+\n/, "").replace(
        /\nexemptions:[\s\S]*$/,
        "\n",
      ),
    );
    expect(spec.breakGlass.roles).toEqual([]);
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    const protection = set.policies
      .flatMap((policy) => policy.document.Statement)
      .find((statement) => statement.Sid === "DenyChangesToExemptRoles");
    expect(protection?.Resource).toEqual(["acs:ram:*:1200000000000001:role/image-pipeline"]);
    expect(protection?.Condition).toBeUndefined();
    expectDeployable(set);
  });

  it("attaches to the enforce scopes only, with their own policies where their exemptions differ", () => {
    expect(
      rd.attachments.map((attachment) => [
        attachment.target.scope,
        attachment.policies,
        attachment.slotsUsed,
      ]),
    ).toEqual([
      ["Root/Security", ["imageguard-guardrail-root-security"], 2],
      [
        "Root/Production",
        [
          "imageguard-guardrail-root-production-1",
          "imageguard-guardrail-root-production-2",
          "imageguard-guardrail-root-production-3",
        ],
        4,
      ],
    ]);
    expect(rd.skipped).toEqual([
      { scope: "Root/Development", reason: "audit", message: "audit mode: scanned only, nothing attached" },
    ]);
  });

  it("writes one launch statement per required tag, then owners, sources, tag changes, image creation and the exempt roles' protection", () => {
    const security = rd.policies.find((policy) => policy.name === "imageguard-guardrail-root-security");
    expect(security?.document.Statement.map((statement) => statement.Sid)).toEqual([
      "DenyLaunchWithoutTagStatus",
      "DenyLaunchWithoutTagSecurityLevel",
      "DenyLaunchWithoutTagEnvironment",
      "DenyLaunchFromUntrustedOwners",
      "DenyLaunchFromDisallowedSources",
      "DenyProtectedImageTagChanges",
      "DenyImagesCreatedWithProtectedTags",
      "DenyChangesToExemptRoles",
    ]);
  });

  it("gives each rule of an exempting scope one statement per exemption end, so exemptions end on time", () => {
    const sids = rd.policies
      .filter((policy) => policy.name.startsWith("imageguard-guardrail-root-production"))
      .flatMap((policy) => policy.document.Statement.map((statement) => statement.Sid));
    // The account exemption ends 2028-07-31T10:00Z and touches every rule; the image exemption ends
    // 2028-10-01 and touches the tag rules only.
    expect(sids.filter((sid) => sid.startsWith("DenyLaunchWithoutTagStatus"))).toEqual([
      "DenyLaunchWithoutTagStatus",
      "DenyLaunchWithoutTagStatusFrom20280731T100000Z",
      "DenyLaunchWithoutTagStatusFrom20281001T000000Z",
    ]);
    expect(sids.filter((sid) => sid.startsWith("DenyProtectedImageTagChanges"))).toEqual([
      "DenyProtectedImageTagChanges",
      "DenyProtectedImageTagChangesFrom20280731T100000Z",
    ]);
    const statements = rd.policies.flatMap((policy) => policy.document.Statement);
    const from = statements.find(
      (statement) => statement.Sid === "DenyLaunchWithoutTagStatusFrom20280731T100000Z",
    );
    expect(from?.Condition).toEqual({
      StringNotEquals: {
        "acs:ResourceTag/status": ["approved"],
        "acs:ResourceTag/imageguard-exemption": ["payments-hsm-appliance"],
      },
      StringNotLike: {
        "acs:PrincipalARN": [
          "acs:ram:*:1200000000000001:role/image-pipeline",
          "acs:ram:*:1300000000000002:role/break-glass-admin",
        ],
      },
      DateGreaterThanEquals: { "acs:CurrentTime": ["2028-07-31T10:00:00Z"] },
    });
  });

  it("is deterministic", () => {
    const again = generateGuardrailPolicies(
      specOf(EXAMPLE_TEXT),
      { kind: "resource-directory" },
      { now: NOW },
    );
    expect(JSON.stringify(again)).toBe(JSON.stringify(rd));
  });

  it("notes what no policy can enforce, and each exemption's treatment", () => {
    expect(rd.notes).toMatchSnapshot();
    expect(rd.notes[0]).toContain("cannot be written in a policy");
  });

  it("Given a later `now`, expired exemptions drop out and scopes with equal documents share one policy", () => {
    const later = generateGuardrailPolicies(
      EXAMPLE,
      { kind: "resource-directory" },
      { now: new Date("2028-10-01T00:00:00Z") },
    );
    expect(later.policies.map((policy) => policy.name)).toEqual(["imageguard-guardrail"]);
    expect(later.attachments.map((attachment) => attachment.policies)).toEqual([
      ["imageguard-guardrail"],
      ["imageguard-guardrail"],
    ]);
    expect(JSON.stringify(later.policies)).not.toContain("1300000000000001");
    expect(JSON.stringify(later.policies)).not.toContain("payments-hsm-appliance");
  });

  it("Given a scope exemption, the scope gets its policies with every statement starting when it ends", () => {
    const spec = specOf(
      `${EXAMPLE_TEXT}  - { id: freeze, scope: Root/Security, reason: r, approver: a, expiresAt: "2026-06-01" }\n`,
    );
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    const security = set.attachments.find((attachment) => attachment.target.scope === "Root/Security");
    expect(security?.exemptUntil).toBe("2026-06-02T00:00:00.000Z");
    const statements = set.policies
      .filter((policy) => security?.policies.includes(policy.name))
      .flatMap((policy) => policy.document.Statement);
    expect(statements.length).toBe(8);
    for (const statement of statements) {
      expect(statement.Condition?.["DateGreaterThanEquals"]).toEqual({
        "acs:CurrentTime": ["2026-06-02T00:00:00Z"],
      });
    }
    expect(set.notes).toContain(
      "exemption `freeze`: scope `Root/Security` gets its policies now, every statement denying from `2026-06-02T00:00:00.000Z` on (`acs:CurrentTime`)",
    );
    const after = generateGuardrailPolicies(
      spec,
      { kind: "resource-directory" },
      { now: new Date("2026-06-02T00:00:00Z") },
    );
    expect(after.attachments.every((attachment) => attachment.exemptUntil === undefined)).toBe(true);
  });
});

describe("RAM target", () => {
  it("gives account scopes RAM policies and reports folder scopes as not applicable", () => {
    const spec = specWithTags({ status: "[approved]" });
    const set = generateGuardrailPolicies(spec, { kind: "ram" }, { now: NOW });
    expect(set).toMatchSnapshot();
    expectDeployable(set);
    expect(set.attachments.map((attachment) => attachment.target)).toEqual([
      { kind: "ram-identities", scope: PAYMENTS, accountId: PAYMENTS, exceptRoles: [] },
    ]);
    expect(set.problems.map((problem) => [problem.code, problem.severity, problem.line])).toEqual([
      ["scope-not-applicable", "warning", 6],
    ]);
    expect(set.ok).toBe(true);
  });
});

describe("splitting under the size limits", () => {
  it("Given statements too large for one policy, packs them into several, each within the limit", () => {
    const spec = specWithTags({
      status: manyValues(60, "status"),
      "security-level": manyValues(60, "level"),
      environment: manyValues(60, "env"),
    });
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    expect(set.ok).toBe(true);
    expect(set.policies.length).toBeGreaterThan(1);
    expectDeployable(set);
    const production = set.attachments[0];
    expect(production?.policies).toEqual(set.policies.map((policy) => policy.name));
    expect(production?.slotsUsed).toBe(set.policies.length + 1);
    // Statements are never lost: every Sid of the one-policy plan is somewhere.
    const sids = set.policies.flatMap((policy) =>
      policy.document.Statement.map((statement) => statement.Sid),
    );
    expect(sids).toEqual(
      expect.arrayContaining(["DenyLaunchWithoutTagStatus", "DenyImagesCreatedWithProtectedTags"]),
    );
  });

  it("Given a protected key list too long for one statement, splits its key list across policies and still denies each key", () => {
    const keys = Array.from(
      { length: 160 },
      (_, index) => `protected-key-${String(index).padStart(3, "0")}-${"k".repeat(12)}`,
    );
    const spec = specWithTags({ status: "[approved]" }, `  protectedTagKeys: [status, ${keys.join(", ")}]\n`);
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    expect(set.ok).toBe(true);
    expectDeployable(set);
    expect(set.policies.length).toBeGreaterThan(1);
    const admin: Who = { type: "RamUser", accountId: PAYMENTS, name: "admin" };
    const chain = directoryChain(set, admin);
    for (const key of ["status", keys[0] as string, keys[159] as string]) {
      for (const action of ["ecs:AddTags", "tag:UntagResources"] as const) {
        expect(
          decideCall(chain, admin, action, tagCalls("image", "m-own-untagged", key, PAYMENTS)[action]),
          `${action} ${key}`,
        ).toBe("ExplicitDeny");
      }
      expect(decideCall(chain, admin, "ecs:ImportImage", imageCreationCalls(key)["ecs:ImportImage"])).toBe(
        "ExplicitDeny",
      );
    }
    expect(
      decideCall(
        chain,
        admin,
        "ecs:AddTags",
        tagCalls("image", "m-own-untagged", "owner", PAYMENTS)["ecs:AddTags"],
      ),
    ).toBe("Allow");
    expect(decideCall(chain, admin, ...launch("m-untagged"))).toBe("ExplicitDeny");
  });

  it("Given RAM policies, uses the larger RAM limit: fewer documents for the same statements", () => {
    const spec = specWithTags({
      status: manyValues(60, "status"),
      "security-level": manyValues(60, "level"),
      environment: manyValues(60, "env"),
    });
    const control = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    const ram = generateGuardrailPolicies(spec, { kind: "ram" }, { now: NOW });
    expectDeployable(ram);
    expect(ram.policies.length).toBeLessThan(control.policies.length);
    const admin: Who = { type: "RamUser", accountId: PAYMENTS, name: "admin" };
    expect(decideCall(ramChain(ram, admin), admin, ...launch("m-golden"))).toBe("ExplicitDeny");
  });

  it("Given a node that would need more than 10 policies with FullAliyunAccess, fails with `too-many-policies`", () => {
    const tags = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`tag${index}`, manyValues(90, `t${index}`)]),
    );
    const set = generateGuardrailPolicies(specWithTags(tags), { kind: "resource-directory" }, { now: NOW });
    expect(set.ok).toBe(false);
    const problem = set.problems.find((candidate) => candidate.code === "too-many-policies");
    expect(problem).toMatchObject({ severity: "error", path: "scopes[0]", line: 15, column: 5 });
    expect(problem?.message).toMatch(
      /^scope `Root\/Production` would need \d+ guardrail control policies besides `FullAliyunAccess`, more than the 10 a node may hold$/,
    );
  });

  it("Given one negated list too long for any policy, fails with `statement-too-large` rather than splitting it unsoundly", () => {
    const set = generateGuardrailPolicies(
      specWithTags({ status: manyValues(140, "s") }),
      { kind: "resource-directory" },
      { now: NOW },
    );
    expect(set.ok).toBe(false);
    expect(set.problems.map((problem) => problem.code)).toContain("statement-too-large");
    expect(set.problems.find((problem) => problem.code === "statement-too-large")?.message).toMatch(
      /^statement `DenyLaunchWithoutTagStatus` alone takes \d+ characters, more than a control policy's 4096$/,
    );
  });
});

it("docs/guardrail-spec.md explains every generation problem code", () => {
  for (const code of Object.keys(GENERATION_PROBLEM_CODES)) expect(DOCS, code).toContain(`\`${code}\``);
});
