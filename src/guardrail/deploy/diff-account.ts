// The steps from what one account's RAM holds to what the spec wants there, ordered as for control
// policies: create, attach, then new document versions (making room first when a policy has RAM's
// five versions), detach, delete.
import { CUSTOM_POLICIES_PER_IDENTITY } from "../generate/generate-guardrail-policies.js";
import {
  createdPolicy,
  deletedPolicy,
  describedPolicy,
  keptPolicy,
  orderSteps,
  slotsOf,
  splitManaged,
  type DiffResult,
} from "./diff-common.js";
import { documentDiff } from "./line-diff.js";
import { sameDocument } from "./marker.js";
import type {
  AttachmentChange,
  DeployIssue,
  DeployStep,
  DesiredState,
  ObservedRamAccount,
  ObservedRamPolicy,
  PolicyChange,
  PrincipalKind,
  StepTarget,
} from "./types.js";

/** RAM keeps at most five versions of a custom policy. */
export const VERSIONS_PER_POLICY = 5;

export function diffAccount(desired: DesiredState, observed: ObservedRamAccount): DiffResult {
  const conflicts: DeployIssue[] = [];
  const warnings: DeployIssue[] = [];
  const { managed, foreign } = splitManaged(observed.policies, desired, "RAM policy", conflicts);

  const creates: DeployStep[] = [];
  const updates: DeployStep[] = [];
  const policies: PolicyChange[] = [];
  const orphans: ObservedRamPolicy[] = [];
  for (const want of desired.policies) {
    const have = managed.find((policy) => policy.policyName === want.name);
    if (have === undefined) {
      creates.push({
        kind: "create-policy",
        policy: want.name,
        policyKind: "ram",
        document: want.document,
        description: want.description,
      });
      policies.push(createdPolicy(want));
      continue;
    }
    if (sameDocument(have.document, want.document)) {
      policies.push(keptPolicy(want));
      continue;
    }
    if (have.versions.length >= VERSIONS_PER_POLICY) {
      const oldest = have.versions.find((version) => !version.isDefault);
      if (oldest !== undefined) {
        updates.push({ kind: "delete-policy-version", policy: want.name, versionId: oldest.versionId });
      }
    }
    updates.push({ kind: "update-policy", policy: want.name, policyKind: "ram", document: want.document });
    policies.push({
      name: want.name,
      action: "update",
      reason: `its default version ${have.defaultVersion} differs from what the spec generates (edited by hand, or the spec changed); a new default version replaces it`,
      ...describedPolicy(want),
      diff: documentDiff(have.document, want.document),
      drift: "differs",
    });
  }
  for (const policy of managed) {
    if (desired.policies.some((want) => want.name === policy.policyName)) continue;
    orphans.push(policy);
    policies.push(deletedPolicy(policy.policyName, policy.document));
  }

  const wanted = new Map<string, readonly string[]>();
  for (const attachment of desired.attachments) {
    if (attachment.target.kind !== "identity") continue;
    wanted.set(key(attachment.target.principal, attachment.target.name), attachment.policies);
  }
  const managedNames = new Set(managed.map((policy) => policy.policyName));
  const attachSteps: DeployStep[] = [];
  const earlyDetaches: DeployStep[] = [];
  const detachSteps: DeployStep[] = [];
  const attachments: AttachmentChange[] = [];
  for (const identity of observed.identities) {
    const names = wanted.get(key(identity.kind, identity.name)) ?? [];
    const custom = identity.attached.filter((policy) => policy.policyType === "Custom");
    const held = custom
      .filter((policy) => managedNames.has(policy.policyName))
      .map((policy) => policy.policyName);
    if (names.length === 0 && held.length === 0) continue;
    const keep = names.filter((name) => held.includes(name));
    const attach = names.filter((name) => !held.includes(name));
    const detach = held.filter((name) => !names.includes(name));
    const foreignHere = custom
      .filter((policy) => !managedNames.has(policy.policyName))
      .map((policy) => policy.policyName);
    const target: StepTarget = { kind: "identity", principal: identity.kind, name: identity.name };
    const slots = slotsOf(custom.length, attach.length, detach.length, CUSTOM_POLICIES_PER_IDENTITY);
    const { after, limit, tight } = slots;
    if (after > limit) {
      conflicts.push({
        code: "identity-full",
        message: `${identity.kind} \`${identity.name}\` would hold ${after} custom policies, more than the ${limit} RAM allows: it holds ${foreignHere.map((name) => `\`${name}\``).join(", ")} that imageguard does not manage`,
        help: `detach ${after - limit} of those custom policies from ${identity.kind} \`${identity.name}\`, or shorten the spec so the guardrail needs fewer policies`,
      });
    }
    if (tight && detach.length > 0) {
      warnings.push({
        code: "no-room-for-overlap",
        message: `${identity.kind} \`${identity.name}\` has no room to hold the old and the new guardrail policies at once: the old ones are detached first, leaving it unrestricted for a moment`,
        help: `detach a custom policy imageguard does not manage from ${identity.kind} \`${identity.name}\` to avoid the gap`,
      });
    }
    for (const name of detach) {
      (tight ? earlyDetaches : detachSteps).push({ kind: "detach", policy: name, policyKind: "ram", target });
    }
    for (const name of attach) attachSteps.push({ kind: "attach", policy: name, policyKind: "ram", target });
    attachments.push({
      target,
      keep,
      attach,
      detach,
      foreign: foreignHere,
      slots: { now: slots.now, after, limit },
    });
  }

  const deletes: DeployStep[] = orphans.map((policy) => ({
    kind: "delete-policy",
    policy: policy.policyName,
    policyKind: "ram",
  }));
  return {
    steps: orderSteps({
      creates,
      earlyDetaches,
      attaches: attachSteps,
      updates,
      detaches: detachSteps,
      deletes,
    }),
    policies,
    attachments,
    conflicts,
    warnings,
    foreign,
  };
}

function key(kind: PrincipalKind, name: string): string {
  return `${kind}:${name}`;
}
