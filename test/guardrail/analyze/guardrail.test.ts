// The generated guardrail closes every bypass: analysed over the policies generateGuardrailPolicies
// writes for examples/imageguard.yaml, no principal but the pipeline and break-glass roles gets
// past it. Principals the spec deliberately leaves out (audit scopes, exempted accounts) are
// reported as expected, and principals no scope covers as bypasses.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import {
  analysisInputsFromSpec,
  analyzeBypasses,
  buildOrgModel,
  generateGuardrailPolicies,
  parseGuardrailSpec,
} from "../../../src/guardrail/index.js";
import type { GuardrailSpec, OrgModel } from "../../../src/guardrail/index.js";
import { REPO } from "../../cli/run-cli.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const ADMIN = {
  type: "System",
  document: { Version: "1", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

function exampleSpec(): GuardrailSpec {
  const result = parseGuardrailSpec(readFileSync(`${REPO}/examples/imageguard.yaml`, "utf8"));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.spec;
}

/** The example's directory with the generated control policies attached where the plan says. */
function organisation(
  spec: GuardrailSpec,
  now: Date,
  principals: readonly unknown[],
  keep: (sid: string) => boolean = () => true,
): OrgModel {
  const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now });
  expect(set.ok).toBe(true);
  const attach = (scope: string): readonly string[] =>
    set.attachments.find((attachment) => attachment.target.scope === scope)?.policies ?? [];
  const doc = {
    policies: { AdministratorAccess: ADMIN },
    controlPolicies: Object.fromEntries(
      set.policies.map((policy) => [
        policy.name,
        {
          effectScope: policy.effectScope,
          document: JSON.stringify({
            ...policy.document,
            Statement: policy.document.Statement.filter((statement) => keep(statement.Sid)),
          }),
        },
      ]),
    ),
    directory: {
      managementAccountId: "1000000000000001",
      nodes: [
        { id: "r-root", type: "Root", name: "Root" },
        {
          id: "fd-security",
          type: "Folder",
          name: "Security",
          parent: "r-root",
          attach: attach("Root/Security"),
        },
        {
          id: "fd-production",
          type: "Folder",
          name: "Production",
          parent: "r-root",
          attach: attach("Root/Production"),
        },
        {
          id: "fd-development",
          type: "Folder",
          name: "Development",
          parent: "r-root",
          attach: attach("Root/Development"),
        },
        { id: "1200000000000001", type: "Account", name: "image-factory", parent: "fd-security" },
        { id: "1300000000000001", type: "Account", name: "app-storefront", parent: "fd-production" },
        { id: "1300000000000002", type: "Account", name: "app-payments", parent: "fd-production" },
        { id: "1400000000000001", type: "Account", name: "dev-playground", parent: "fd-development" },
      ],
    },
    principals,
  };
  const result = buildOrgModel(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.model;
}

const admin = (accountId: string, name: string) => ({
  type: "RamUser",
  accountId,
  name,
  policies: ["AdministratorAccess"],
});
const role = (accountId: string, name: string) => ({
  type: "AssumedRole",
  accountId,
  name,
  policies: ["AdministratorAccess"],
});

describe("the guardrail generated for examples/imageguard.yaml", () => {
  const spec = exampleSpec();
  const enforced = [
    role("1200000000000001", "image-pipeline"),
    admin("1200000000000001", "factory-operator"),
    { type: "RootAccount", accountId: "1200000000000001" },
    admin("1300000000000002", "payments-admin"),
    role("1300000000000002", "payments-deployer"),
    { type: "RootAccount", accountId: "1300000000000002" },
    role("1300000000000002", "break-glass-admin"),
  ];
  const org = organisation(spec, NOW, enforced);
  const inputs = analysisInputsFromSpec(spec, org, NOW);
  const report = analyzeBypasses(org, inputs.criteria, inputs.options);

  it("leaves no bypass to any principal but the pipeline and break-glass roles, and says the analysis is complete", () => {
    expect(report.complete).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.stats.principals).toBe(7);
    // The 12 catalog actions of the questions, and the two that take an exempt role over.
    expect(report.stats.actions).toBe(14);
  });

  it("lets the pipeline role launch (launchExempt), tag and create images, and break-glass do everything", () => {
    const expected = new Map<string, Set<string>>();
    for (const finding of report.expected) {
      const key = `${finding.principal.arn} ${finding.expected ?? ""}`;
      expected.set(key, new Set([...(expected.get(key) ?? []), finding.question]));
    }
    const all = new Set(["launch-non-golden", "tag-protected", "create-tagged"]);
    expect(expected).toEqual(
      new Map([
        [
          "acs:ram::1200000000000001:assumed-role/image-pipeline/imageguard-analysis pipeline role `acs:ram::1200000000000001:role/image-pipeline`",
          all,
        ],
        [
          "acs:ram::1300000000000002:assumed-role/break-glass-admin/imageguard-analysis break-glass role `acs:ram::1300000000000002:role/break-glass-admin`",
          all,
        ],
      ]),
    );
    // Every catalog action of each question, for both roles; and for break-glass alone, changing
    // the exempt roles (UpdateRole, DeleteRole, for each question).
    expect(report.expected).toHaveLength(2 * 12 + 3 * 2);
    expect(
      report.expected.filter((finding) => finding.action.startsWith("ram:")).map((f) => f.principal.arn),
    ).toEqual(
      Array.from(
        { length: 6 },
        () => "acs:ram::1300000000000002:assumed-role/break-glass-admin/imageguard-analysis",
      ),
    );
  });

  it("Given a guardrail that does not protect the roles it exempts, reports their takeover by an account's administrator", () => {
    // As a hand-written guardrail would be: the same statements but DenyChangesToExemptRoles.
    const unprotected = organisation(
      spec,
      NOW,
      enforced,
      (sid) => !sid.startsWith("DenyChangesToExemptRoles"),
    );
    const result = analyzeBypasses(unprotected, inputs.criteria, inputs.options);
    expect(result.complete).toBe(true);
    const takeovers = result.findings.map((f) => `${f.principal.arn} ${f.question} ${f.action}`);
    const operator = "acs:ram::1200000000000001:user/factory-operator";
    const factoryRoot = "acs:ram::1200000000000001:root";
    const deployer = "acs:ram::1300000000000002:assumed-role/payments-deployer/imageguard-analysis";
    const paymentsAdmin = "acs:ram::1300000000000002:user/payments-admin";
    for (const who of [operator, factoryRoot]) {
      for (const question of ["launch-non-golden", "tag-protected", "create-tagged"]) {
        for (const action of ["ram:UpdateRole", "ram:DeleteRole"]) {
          expect(takeovers).toContain(`${who} ${question} ${action}`);
        }
      }
    }
    // In payments the break-glass role is the one to take over.
    expect(takeovers).toContain(`${deployer} launch-non-golden ram:UpdateRole`);
    expect(takeovers).toContain(`${paymentsAdmin} tag-protected ram:DeleteRole`);
    expect(result.findings.every((f) => f.action.startsWith("ram:"))).toBe(true);
    const update = result.findings.find((f) => f.principal.arn === operator && f.action === "ram:UpdateRole");
    expect(update?.request.params).toEqual({ RoleName: "image-pipeline" });
    expect(update?.why).toBe(
      "rewrites the trust policy of `acs:ram::1200000000000001:role/image-pipeline` (pipeline role `acs:ram::1200000000000001:role/image-pipeline`), then acts as it",
    );
  });

  it("neither exempts nor expects a role of the break-glass name created in another account: the spec pins it", () => {
    const squatter = role("1200000000000001", "break-glass-admin");
    const withSquatter = organisation(spec, NOW, [...enforced, squatter]);
    const squatted = analyzeBypasses(withSquatter, inputs.criteria, inputs.options);
    expect(squatted.findings).toEqual([]);
    const squatterArn = "acs:ram::1200000000000001:assumed-role/break-glass-admin/imageguard-analysis";
    expect(squatted.expected.map((finding) => finding.principal.arn)).not.toContain(squatterArn);
  });

  it("does not expect a role pinned to no account (`acs:ram::*:role/…`): any account can create it", () => {
    const anyAccount = parseGuardrailSpec(
      readFileSync(`${REPO}/examples/imageguard.yaml`, "utf8").replace(
        "acs:ram::1300000000000002:role/break-glass-admin",
        "acs:ram::*:role/break-glass-admin",
      ),
      { now: NOW },
    ).spec;
    if (anyAccount === undefined) throw new Error("the edited example does not parse");
    const unpinned = analysisInputsFromSpec(anyAccount, org, NOW);
    expect(unpinned.options.expected?.some((access) => access.reason.includes("break-glass"))).toBe(false);
  });

  it("is what test/fixtures/orgs/guardrail.yaml holds, so the fixture cannot drift from the generator", () => {
    const fixture = parse(readFileSync(`${REPO}/test/fixtures/orgs/guardrail.yaml`, "utf8")) as {
      controlPolicies: Record<string, { effectScope: string; document: string }>;
    };
    const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
    // Compared as documents, so a change of layout alone is no drift.
    const documents = (entries: [string, { effectScope?: string; document: string }][]) =>
      Object.fromEntries(
        entries.map(([name, p]) => [
          name,
          { effectScope: p.effectScope, document: JSON.parse(p.document) as unknown },
        ]),
      );
    expect(documents(Object.entries(fixture.controlPolicies))).toEqual(
      documents(
        set.policies.map((policy) => [
          policy.name,
          {
            ...(policy.effectScope === undefined ? {} : { effectScope: policy.effectScope }),
            document: policy.text,
          },
        ]),
      ),
    );
  });

  it("reports principals of an audit-mode scope and of an exempted account as expected, naming why", () => {
    const others = organisation(spec, NOW, [
      admin("1400000000000001", "dev"),
      admin("1300000000000001", "storefront"),
    ]);
    const more = analysisInputsFromSpec(spec, others, NOW);
    const result = analyzeBypasses(others, more.criteria, {
      ...more.options,
      actions: ["ecs:RunInstances", "ecs:AddTags"],
    });
    expect(result.findings).toEqual([]);
    expect(new Set(result.expected.map((f) => `${f.principal.arn}: ${f.expected ?? ""}`))).toEqual(
      new Set([
        "acs:ram::1400000000000001:user/dev: scope `Root/Development` is in audit mode: scanned, not enforced",
        "acs:ram::1300000000000001:user/storefront: exemption `storefront-migration`",
      ]),
    );
  });

  it("judges requests from `now` on: an account exemption's time-bounded statements hold it after expiry", () => {
    const later = new Date("2028-08-01T00:00:00Z");
    // The policy generated before the storefront exemption expires, still attached after it.
    const stale = organisation(spec, NOW, [admin("1300000000000001", "storefront")]);
    const before = analysisInputsFromSpec(spec, stale, NOW);
    const after = analysisInputsFromSpec(spec, stale, later);
    const launches = (inputs: typeof before) =>
      analyzeBypasses(stale, inputs.criteria, { ...inputs.options, actions: ["ecs:RunInstances"] });
    // Before expiry the account is exempted: expected, not a bypass.
    expect(launches(before).findings).toEqual([]);
    expect(launches(before).expected.map((f) => f.expected)).toEqual(["exemption `storefront-migration`"]);
    // After expiry the exemption no longer excuses the account, and the statements that start at
    // the expiry instant hold it: no bypass from `now` on.
    expect(launches(after).findings).toEqual([]);
    expect(launches(after).expected).toEqual([]);
    // Over all time (no `now`) the window before expiry is a bypass, at a time before it.
    const { now: _now, ...anyTime } = after.options;
    const open = analyzeBypasses(stale, after.criteria, { ...anyTime, actions: ["ecs:RunInstances"] });
    expect(open.findings).toHaveLength(1);
    const time = open.findings[0]?.checks[0]?.context["acs:currenttime"];
    expect(typeof time === "string" && Date.parse(time) < Date.parse("2028-07-31T10:00:00Z")).toBe(true);
  });

  it("reports the management account's principals: control policies never govern it", () => {
    const management = organisation(spec, NOW, [admin("1000000000000001", "root-admin")]);
    const more = analysisInputsFromSpec(spec, management, NOW);
    const result = analyzeBypasses(management, more.criteria, more.options);
    expect(new Set(result.findings.map((f) => f.question))).toEqual(
      new Set(["launch-non-golden", "tag-protected", "create-tagged"]),
    );
    expect(
      result.findings.every((f) =>
        f.checks.every((c) => c.allowedBy.every((r) => r.policyType !== "ControlPolicy")),
      ),
    ).toBe(true);
  });

  it("honours the image exemption: an exempted image is not a bypass, and without it the analysis shows it", () => {
    const payments = organisation(spec, NOW, [admin("1300000000000002", "payments-admin")]);
    const more = analysisInputsFromSpec(spec, payments, NOW);
    expect(more.options.imageExemption).toEqual({
      key: "imageguard-exemption",
      values: [{ value: "payments-hsm-appliance", until: "2028-10-01T00:00:00.000Z" }],
    });
    const { imageExemption: _ignored, ...withoutExemption } = more.options;
    const result = analyzeBypasses(payments, more.criteria, {
      ...withoutExemption,
      actions: ["ecs:RunInstances"],
    });
    const launch = result.findings[0];
    expect(result.findings).toHaveLength(1);
    expect(launch?.assumes.find((r) => r.kind === "image")?.tags).toMatchObject({
      "imageguard-exemption": "payments-hsm-appliance",
    });
  });
});

describe("an image exemption in the analysis", () => {
  // Launches are allowed only from images carrying the exemption tag: non-golden launches exist
  // only through the exemption, so what the analysis reports depends on when the exemption holds.
  const org = buildOrgModel({
    policies: {
      ExemptOnly: {
        document: {
          Version: "1",
          Statement: [
            {
              Effect: "Allow",
              Action: "ecs:RunInstances",
              Resource: "*",
              Condition: { StringEquals: { "acs:ResourceTag/imageguard-exemption": "vendor-appliance" } },
            },
          ],
        },
      },
    },
    principals: [{ type: "RamUser", accountId: "1111111111111111", name: "ops", policies: ["ExemptOnly"] }],
  });
  if (!org.ok) throw new Error(JSON.stringify(org.problems));
  const criteria = { requiredTags: [{ key: "status", values: ["approved"] }] };
  const exemption = {
    key: "imageguard-exemption",
    values: [{ value: "vendor-appliance", until: "2026-10-01T00:00:00Z" }],
  };
  const actions = ["ecs:RunInstances"];

  it("excuses an exempted image while the exemption holds, and reports it from the instant it ends", () => {
    const report = analyzeBypasses(org.model, criteria, { actions, imageExemption: exemption, now: NOW });
    expect(report.findings).toHaveLength(1);
    const finding = report.findings[0];
    expect(finding?.assumes[0]?.tags).toEqual({ "imageguard-exemption": "vendor-appliance" });
    expect(finding?.checks[0]?.context["acs:currenttime"]).toBe("2026-10-01T00:00:00Z");
  });

  it("reports nothing when the exemption does not end", () => {
    const forever = { key: exemption.key, values: [{ value: "vendor-appliance" }] };
    expect(
      analyzeBypasses(org.model, criteria, { actions, imageExemption: forever, now: NOW }).findings,
    ).toEqual([]);
  });

  it("reports the exempted launch when no exemption is given", () => {
    const report = analyzeBypasses(org.model, criteria, { actions, now: NOW });
    expect(report.findings.map((f) => f.why)).toEqual(["the image lacks tag `status`"]);
  });
});
