// The plan as a pure function of a spec and an observed directory: the orderings that keep a node
// protected while policies change, and the cases the local cloud cannot be brought into cheaply
// (an effect scope changed by hand, a feature being disabled, a node with no room to overlap).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEPLOY_ERROR_CODES,
  DEPLOY_ISSUE_CODES,
  generateGuardrailPolicies,
  managedMarker,
  parseGuardrailSpec,
  parseMarker,
  planDeployment,
} from "../../../src/guardrail/index.js";
import type {
  DeployPlan,
  GuardrailSpec,
  ObserveRequest,
  ObservedControlPolicy,
  ObservedDirectory,
} from "../../../src/guardrail/index.js";

const NOW = new Date("2026-05-01T00:00:00Z");
const PRODUCTION = "fd-production";

function specOf(extra = "", tags = "    status: [approved]"): GuardrailSpec {
  const result = parseGuardrailSpec(`version: 1
golden:
  requiredTags:
${tags}
scopes:
  - { path: Root/Production, mode: enforce }
${extra}`);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.spec;
}

function directory(
  policies: readonly ObservedControlPolicy[],
  attached: readonly string[],
  status: ObservedDirectory["controlPolicyStatus"] = "Enabled",
): ObservedDirectory {
  return {
    kind: "resource-directory",
    directoryId: "rd-test",
    rootFolderId: "r-root",
    managementAccountId: "1000000000000001",
    controlPolicyStatus: status,
    folders: [
      { folderId: "r-root", name: "Root", path: "Root" },
      { folderId: PRODUCTION, name: "Production", parentFolderId: "r-root", path: "Root/Production" },
    ],
    accounts: [],
    policies,
    nodes: [
      {
        nodeId: PRODUCTION,
        kind: "folder",
        path: "Root/Production",
        attached: attached.map((name) => ({
          policyId: policies.find((policy) => policy.policyName === name)?.policyId ?? `cp-${name}`,
          policyName: name,
          policyType: name === "FullAliyunAccess" ? "System" : "Custom",
        })),
      },
    ],
  };
}

function planFor(spec: GuardrailSpec, observed: ObservedDirectory): DeployPlan {
  const set = generateGuardrailPolicies(spec, { kind: "resource-directory" }, { now: NOW });
  const request: ObserveRequest = {
    target: "resource-directory",
    namePrefix: spec.generation.namePrefix,
    policyNames: set.policies.map((policy) => policy.name),
    scopes: spec.scopes.map((scope) => scope.selector),
  };
  return planDeployment({ spec, set, observed, request, now: NOW });
}

/** The policy as the spec would deploy it, observed with the given changes. */
function deployed(spec: GuardrailSpec, changes: Partial<ObservedControlPolicy> = {}): ObservedControlPolicy {
  const want = planFor(spec, directory([], ["FullAliyunAccess"])).desired.policies[0];
  if (want === undefined) throw new Error("nothing generated");
  return {
    policyId: "cp-managed",
    policyName: want.name,
    description: want.description,
    effectScope: want.effectScope ?? "RAM",
    document: want.document,
    targets: [PRODUCTION],
    ...changes,
  };
}

const describeSteps = (plan: DeployPlan) =>
  plan.steps.map((step) =>
    step.kind === "enable-control-policy"
      ? step.kind
      : step.kind === "rename-policy"
        ? `rename ${step.policy} → ${step.newName}`
        : `${step.kind} ${step.policy}`,
  );

const FOREIGN = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    policyId: `cp-team-${i}`,
    policyName: `team-${i}`,
    description: "",
    effectScope: "RAM",
    document: "{}",
    targets: [],
  }));

describe("planDeployment", () => {
  it("Given the deployed policy as generated, there is nothing to do", () => {
    const spec = specOf();
    const plan = planFor(spec, directory([deployed(spec)], ["FullAliyunAccess", "imageguard-guardrail"]));
    expect(plan.steps).toEqual([]);
    expect(plan.policies.map((change) => change.action)).toEqual(["keep"]);
  });

  it("Given a deployed policy whose effect scope was changed, it is renamed aside, replaced, and deleted only after the new one is attached", () => {
    const spec = specOf();
    const old = deployed(spec, { effectScope: "RAM" });
    const plan = planFor(spec, directory([old], ["FullAliyunAccess", "imageguard-guardrail"]));
    const renamed = plan.steps[0]?.kind === "rename-policy" ? plan.steps[0].newName : "";
    expect(renamed).toMatch(/^imageguard-guardrail-replaced-[0-9a-f]{8}$/);
    expect(describeSteps(plan)).toEqual([
      `rename imageguard-guardrail → ${renamed}`,
      "create-policy imageguard-guardrail",
      "attach imageguard-guardrail",
      `detach ${renamed}`,
      `delete-policy ${renamed}`,
    ]);
    expect(plan.policies[0]?.action).toBe("replace");
    expect(plan.summary.replace).toBe(1);
  });

  it("Given the same document but a description without its digest, only the description is rewritten", () => {
    const spec = specOf();
    const plan = planFor(
      spec,
      directory(
        [deployed(spec, { description: managedMarker("imageguard") })],
        ["FullAliyunAccess", "imageguard-guardrail"],
      ),
    );
    expect(describeSteps(plan)).toEqual(["update-policy imageguard-guardrail"]);
    expect(plan.policies[0]?.reason).toBe("its description lost imageguard's digest of the document");
  });

  it("Given a node with room for the new parts only once the old policy is gone, the old one is detached first, with a warning", () => {
    const before = specOf();
    const many = specOf(
      "",
      ["status", "security-level", "environment", "cost-center"]
        .map((key) => `    ${key}: [${Array.from({ length: 50 }, (_, i) => `${key}-value-${i}`).join(", ")}]`)
        .join("\n"),
    );
    const foreign = FOREIGN(7);
    const plan = planFor(
      many,
      directory(
        [...foreign, deployed(before)],
        ["FullAliyunAccess", ...foreign.map((policy) => policy.policyName), "imageguard-guardrail"],
      ),
    );
    expect(plan.ok).toBe(true);
    expect(describeSteps(plan)).toEqual([
      "create-policy imageguard-guardrail-1",
      "create-policy imageguard-guardrail-2",
      "detach imageguard-guardrail",
      "attach imageguard-guardrail-1",
      "attach imageguard-guardrail-2",
      "delete-policy imageguard-guardrail",
    ]);
    expect(plan.warnings.map((warning) => warning.code)).toEqual(["no-room-for-overlap"]);
    // With one foreign policy more there is no room at all.
    const full = FOREIGN(8);
    const refused = planFor(
      many,
      directory(
        [...full, deployed(before)],
        ["FullAliyunAccess", ...full.map((p) => p.policyName), "imageguard-guardrail"],
      ),
    );
    expect(refused.ok).toBe(false);
    expect(refused.conflicts.map((conflict) => conflict.code)).toEqual(["node-full"]);
  });

  it("Given the feature disabled or being disabled, the plan enables it first, or refuses until it is disabled", () => {
    const spec = specOf();
    expect(describeSteps(planFor(spec, directory([], [], "Disabled")))).toEqual([
      "enable-control-policy",
      "create-policy imageguard-guardrail",
      "attach imageguard-guardrail",
    ]);
    const pending = planFor(spec, directory([], [], "PendingDisable"));
    expect(pending.ok).toBe(false);
    expect(pending.conflicts.map((conflict) => conflict.code)).toEqual(["control-policy-pending-disable"]);
  });

  it("Given the management account as a scope, the plan refuses it: control policies never hold it", () => {
    const spec = specOf('  - { id: "1000000000000001", mode: enforce }\n');
    const observed = {
      ...directory([], ["FullAliyunAccess"]),
      accounts: [{ accountId: "1000000000000001", displayName: "management", folderId: "r-root" }],
    };
    const plan = planFor(spec, observed);
    expect(plan.conflicts.map((conflict) => conflict.code)).toEqual(["management-account-scope"]);
  });
});

describe("the ownership marker", () => {
  it("Given a marker, reads its prefix and digest; anything else is no marker", () => {
    const digest = "a".repeat(64);
    expect(parseMarker(managedMarker("acme-prod", digest))).toEqual({ namePrefix: "acme-prod", digest });
    expect(parseMarker(managedMarker("acme"))).toEqual({ namePrefix: "acme" });
    expect(parseMarker("imageguard-guardrail_launch")).toBeUndefined();
    expect(parseMarker("managed by imageguard")).toBeUndefined();
    // What CreateControlPolicy's Description accepts: letters, digits, `_` and `-`, from a letter.
    expect(managedMarker("acme", digest)).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });
});

describe("docs/guardrail-deploy.md", () => {
  it("lists every conflict, warning and error code with its severity", () => {
    const doc = readFileSync(new URL("../../../docs/guardrail-deploy.md", import.meta.url), "utf8");
    for (const [code, severity] of Object.entries(DEPLOY_ISSUE_CODES)) {
      expect(doc).toMatch(new RegExp(`\\| \`${code}\` +\\| ${severity} +\\|`));
    }
    for (const code of DEPLOY_ERROR_CODES) expect(doc).toContain(`\`${code}\``);
  });
});
