// The steps from what a Resource Directory holds to what the spec wants there, in an order that never
// leaves a node unprotected: new and renamed policies first, attached before documents are updated
// in place (so statements that move from one split part to another are attached twice for a moment,
// never zero times), old attachments detached only then, orphaned policies deleted last. A node too
// full to hold old and new at once is the exception, and the plan says so.
import { CONTROL_POLICIES_PER_NODE } from "../generate/generate-guardrail-policies.js";
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
import { documentDigest, parseMarker, sameDocument } from "./marker.js";
import { nodeLabel } from "./resolve-scopes.js";
import type {
  AttachmentChange,
  DeployIssue,
  DeployStep,
  DesiredState,
  DocumentDrift,
  ObservedControlPolicy,
  ObservedDirectory,
  PolicyChange,
  StepTarget,
} from "./types.js";

export function diffDirectory(desired: DesiredState, observed: ObservedDirectory): DiffResult {
  const conflicts: DeployIssue[] = [];
  const warnings: DeployIssue[] = [];
  const { managed, foreign } = splitManaged(observed.policies, desired, "control policy", conflicts);

  const enable: DeployStep[] = [];
  if (observed.controlPolicyStatus === "PendingDisable") {
    conflicts.push({
      code: "control-policy-pending-disable",
      message: "the Control Policy feature of the resource directory is being disabled",
      help: "wait until it is disabled, then plan again: apply enables it",
    });
  } else if (observed.controlPolicyStatus !== "Enabled") {
    enable.push({ kind: "enable-control-policy" });
  }

  const renames: DeployStep[] = [];
  const creates: DeployStep[] = [];
  const updates: DeployStep[] = [];
  const policies: PolicyChange[] = [];
  /** Desired name → the managed policy that stays and carries it. */
  const kept = new Map<string, ObservedControlPolicy>();
  /** Managed policies that go: name as it will be when detached and deleted. */
  const orphans: { policy: ObservedControlPolicy; name: string }[] = [];

  for (const want of desired.policies) {
    const have = managed.find((policy) => policy.policyName === want.name);
    if (have === undefined) {
      creates.push(createStep(want));
      policies.push(createdPolicy(want));
      continue;
    }
    if (have.effectScope !== want.effectScope) {
      // EffectScope cannot be updated: the old policy steps aside under another name, stays attached
      // until the new one is, and is deleted after.
      const newName = `${want.name}-replaced-${documentDigest(have.document).slice(0, 8)}`;
      renames.push({
        kind: "rename-policy",
        policy: want.name,
        policyId: have.policyId,
        newName,
        reason: `its effect scope is ${have.effectScope}, the spec's is ${want.effectScope ?? "RAM"}, and UpdateControlPolicy cannot change it`,
      });
      creates.push(createStep(want));
      orphans.push({ policy: have, name: newName });
      policies.push({
        name: want.name,
        action: "replace",
        reason: `effect scope ${have.effectScope} → ${want.effectScope ?? "RAM"}: a new policy replaces it (the old one is renamed \`${newName}\`, detached and deleted)`,
        ...describedPolicy(want),
        diff: documentDiff(have.document, want.document),
      });
      continue;
    }
    kept.set(want.name, have);
    const sameText = sameDocument(have.document, want.document);
    if (sameText && have.description === want.description) {
      policies.push(keptPolicy(want));
      continue;
    }
    const drift: DocumentDrift | undefined = sameText ? undefined : driftOf(have);
    updates.push({
      kind: "update-policy",
      policy: want.name,
      policyKind: "control",
      policyId: have.policyId,
      document: want.document,
      description: want.description,
    });
    policies.push({
      name: want.name,
      action: "update",
      reason:
        drift === "changed-outside"
          ? "its document was changed outside imageguard since the last apply"
          : drift === "outdated"
            ? "the spec now generates another document (the spec changed, or an exemption expired)"
            : "its description lost imageguard's digest of the document",
      ...describedPolicy(want),
      diff: documentDiff(have.document, want.document),
      ...(drift === undefined ? {} : { drift }),
    });
  }
  for (const policy of managed) {
    if (desired.policies.some((want) => want.name === policy.policyName)) continue;
    orphans.push({ policy, name: policy.policyName });
    policies.push(deletedPolicy(policy.policyName, policy.document));
  }

  // Attachments, node by node.
  const wanted = new Map<string, { label: string; names: readonly string[]; exemptUntil?: string }>();
  for (const attachment of desired.attachments) {
    if (attachment.target.kind !== "node") continue;
    wanted.set(attachment.target.nodeId, {
      label: attachment.target.label,
      names: attachment.policies,
      ...(attachment.exemptUntil === undefined ? {} : { exemptUntil: attachment.exemptUntil }),
    });
  }
  const nodeIds = new Set<string>(wanted.keys());
  for (const policy of managed) for (const target of policy.targets) nodeIds.add(target);
  const attachSteps: DeployStep[] = [];
  const earlyDetaches: DeployStep[] = [];
  const detachSteps: DeployStep[] = [];
  const attachments: AttachmentChange[] = [];
  const enabling = enable.length > 0;
  for (const nodeId of [...nodeIds].sort()) {
    const want = wanted.get(nodeId);
    const label = want?.label ?? nodeLabel(observed, nodeId);
    const target: StepTarget = { kind: "node", nodeId, label };
    const names = want?.names ?? [];
    const keep = names.filter((name) => kept.get(name)?.targets.includes(nodeId) === true);
    const attach = names.filter((name) => !keep.includes(name));
    const detach: { policyId: string; name: string }[] = [];
    for (const policy of managed) {
      if (!policy.targets.includes(nodeId)) continue;
      const orphan = orphans.find((entry) => entry.policy === policy);
      if (orphan !== undefined) detach.push({ policyId: policy.policyId, name: orphan.name });
      else if (!names.includes(policy.policyName))
        detach.push({ policyId: policy.policyId, name: policy.policyName });
    }
    const node = observed.nodes.find((entry) => entry.nodeId === nodeId);
    const attached = node?.attached ?? [];
    const foreignHere = attached
      .filter((entry) => !managed.some((policy) => policy.policyId === entry.policyId))
      .map((entry) => entry.policyName);
    // Enabling the feature attaches FullAliyunAccess to every node.
    const held =
      attached.length +
      (enabling && !attached.some((entry) => entry.policyName === "FullAliyunAccess") ? 1 : 0);
    const slots = slotsOf(held, attach.length, detach.length, CONTROL_POLICIES_PER_NODE);
    const { after, limit, tight } = slots;
    if (want !== undefined && after > limit) {
      conflicts.push({
        code: "node-full",
        message: `\`${label}\` (\`${nodeId}\`) would hold ${after} control policies, more than the ${limit} a node may: it holds ${foreignHere.map((name) => `\`${name}\``).join(", ") || "nothing"} that imageguard does not manage, and the guardrail needs ${names.length} (${names.map((name) => `\`${name}\``).join(", ")})`,
        help: `detach ${after - limit} of the control policies imageguard does not manage from \`${label}\` (\`FullAliyunAccess\` must stay unless another policy allows), or shorten the spec so the guardrail needs fewer policies`,
      });
    }
    if (tight && detach.length > 0) {
      warnings.push({
        code: "no-room-for-overlap",
        message: `\`${label}\` has no room to hold the old and the new guardrail policies at once: the old ones are detached before the new ones are attached, leaving it unprotected for a moment`,
        help: `detach a control policy imageguard does not manage from \`${label}\` to avoid the gap`,
      });
    }
    const detachList = tight ? earlyDetaches : detachSteps;
    for (const entry of detach) {
      detachList.push({
        kind: "detach",
        policy: entry.name,
        policyKind: "control",
        policyId: entry.policyId,
        target,
      });
    }
    for (const name of attach) {
      const existing = kept.get(name);
      attachSteps.push({
        kind: "attach",
        policy: name,
        policyKind: "control",
        ...(existing === undefined ? {} : { policyId: existing.policyId }),
        target,
      });
    }
    attachments.push({
      target,
      keep,
      attach,
      detach: detach.map((entry) => entry.name),
      foreign: foreignHere,
      slots: { now: slots.now, after, limit },
      ...(want?.exemptUntil === undefined ? {} : { exemptUntil: want.exemptUntil }),
    });
  }

  const deletes: DeployStep[] = orphans.map(({ policy, name }) => ({
    kind: "delete-policy",
    policy: name,
    policyKind: "control",
    policyId: policy.policyId,
  }));
  return {
    steps: [
      ...enable,
      ...renames,
      ...orderSteps({
        creates,
        earlyDetaches,
        attaches: attachSteps,
        updates,
        detaches: detachSteps,
        deletes,
      }),
    ],
    policies,
    attachments,
    conflicts,
    warnings,
    foreign,
  };
}

function createStep(want: DesiredState["policies"][number]): DeployStep {
  return {
    kind: "create-policy",
    policy: want.name,
    policyKind: "control",
    document: want.document,
    description: want.description,
    ...(want.effectScope === undefined ? {} : { effectScope: want.effectScope }),
  };
}

/** A digest that no longer matches means someone edited the document after imageguard wrote it. */
function driftOf(policy: ObservedControlPolicy): DocumentDrift {
  const digest = parseMarker(policy.description)?.digest;
  return digest !== undefined && digest !== documentDigest(policy.document) ? "changed-outside" : "outdated";
}
