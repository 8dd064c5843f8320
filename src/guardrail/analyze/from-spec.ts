// What a guardrail spec (imageguard.yaml) tells the analysis: the criteria, and who is expected to
// get past the guardrail — the pipeline and break-glass roles, exempted accounts and scopes,
// audit-mode scopes — so that only real bypasses are reported as findings. Pure: `now` decides
// which exemptions still hold, as it does for the generated policies.
import { activeExemptions } from "../exemptions.js";
import type { OrgModel, OrgNode } from "../org-model.js";
import type { GuardrailScope, GuardrailSpec, RoleRef } from "../spec/types.js";
import type { AnalysisCriteria } from "./criteria.js";
import type { AnalysisOptions, BypassQuestion, ExpectedAccess } from "./types.js";

const ALL: readonly BypassQuestion[] = ["launch-non-golden", "tag-protected", "create-tagged"];

export interface SpecAnalysisInputs {
  readonly criteria: AnalysisCriteria;
  readonly options: Pick<AnalysisOptions, "expected" | "imageExemption" | "now">;
}

export function analysisInputsFromSpec(spec: GuardrailSpec, org: OrgModel, now: Date): SpecAnalysisInputs {
  const golden = spec.golden;
  // The exemption tag lets an image past the tag criteria, so it is as protected as they are (the
  // generated policies protect it too).
  const protectedTagKeys = [...new Set([...golden.protectedTagKeys, spec.exemptionTagKey])];
  const expected: ExpectedAccess[] = [];
  // A role matched in any account (`acs:ram::*:role/…`) is not expected access: any member account's
  // admin can create a role of that name, so its sessions stay reported as bypasses.
  const pinned = (role: RoleRef): boolean => role.accountId !== undefined;
  for (const role of spec.pipeline.roles.filter(pinned)) {
    expected.push({
      principal: role.principalPattern,
      questions: spec.pipeline.launchExempt ? ALL : ["tag-protected", "create-tagged"],
      reason: `pipeline role \`${role.written}\``,
    });
  }
  for (const role of spec.breakGlass.roles.filter(pinned)) {
    expected.push({
      principal: role.principalPattern,
      questions: ALL,
      reason: `break-glass role \`${role.written}\``,
    });
  }
  const active = activeExemptions(spec.exemptions, now);
  for (const exemption of active) {
    const target = exemption.target;
    const accounts =
      target.kind === "account"
        ? [target.accountId]
        : target.kind === "scope" && exemption.scope !== undefined
          ? accountsIn(
              org,
              spec.scopes.find((scope) => scope.key === exemption.scope),
            )
          : [];
    for (const account of accounts) {
      expected.push({
        principal: accountPattern(account),
        questions: ALL,
        reason: `exemption \`${exemption.id}\``,
      });
    }
  }
  for (const scope of spec.scopes) {
    if (scope.mode !== "audit") continue;
    for (const account of accountsIn(org, scope)) {
      expected.push({
        principal: accountPattern(account),
        questions: ALL,
        reason: `scope \`${scope.key}\` is in audit mode: scanned, not enforced`,
      });
    }
  }
  const imageExemptions = active
    .filter((exemption) => exemption.target.kind === "image")
    .map((exemption) => ({ value: exemption.id, until: exemption.endsAt }));
  return {
    criteria: {
      requiredTags: golden.requiredTags,
      ...(golden.trustedOwners === undefined ? {} : { trustedOwners: golden.trustedOwners }),
      ...(golden.allowedSources === undefined ? {} : { allowedSources: golden.allowedSources }),
      protectedTagKeys,
    },
    options: {
      expected,
      now,
      ...(imageExemptions.length === 0
        ? {}
        : { imageExemption: { key: spec.exemptionTagKey, values: imageExemptions } }),
    },
  };
}

function accountPattern(accountId: string): string {
  return `acs:ram:*:${accountId}:*`;
}

/** Member accounts at or below the scope's node; an account scope is its account. */
export function accountsIn(org: OrgModel, scope: GuardrailScope | undefined): string[] {
  if (scope === undefined) return [];
  const selector = scope.selector;
  if (selector.kind === "account") return [selector.id];
  const nodes = org.directory?.nodes ?? [];
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const target =
    selector.kind === "folder"
      ? byId.get(selector.id)
      : nodes.find((node) => samePath(pathOf(node, byId), selector.names));
  if (target === undefined) return [];
  return nodes
    .filter((node) => node.type === "Account" && ancestry(node, byId).includes(target.id))
    .map((node) => node.id);
}

function ancestry(node: OrgNode, byId: ReadonlyMap<string, OrgNode>): string[] {
  const ids: string[] = [];
  for (let current: OrgNode | undefined = node; current !== undefined && !ids.includes(current.id);) {
    ids.push(current.id);
    current = current.parent === undefined ? undefined : byId.get(current.parent);
  }
  return ids;
}

function pathOf(node: OrgNode, byId: ReadonlyMap<string, OrgNode>): string[] {
  return ancestry(node, byId)
    .map((id) => byId.get(id)?.name ?? id)
    .reverse();
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
