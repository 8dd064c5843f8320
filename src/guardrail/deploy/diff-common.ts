// What the directory and account diffs share: their result, telling imageguard's policies from
// others (which conflict when they hold a name the guardrail needs), the policy changes both report
// alike, room on a node or identity for old and new policies at once, and the order of the steps.
import { documentDiff } from "./line-diff.js";
import { parseMarker } from "./marker.js";
import type {
  AttachmentChange,
  DeployIssue,
  DeployStep,
  DesiredPolicy,
  DesiredState,
  ForeignPolicy,
  PolicyChange,
} from "./types.js";

export interface DiffResult {
  readonly steps: readonly DeployStep[];
  readonly policies: readonly PolicyChange[];
  readonly attachments: readonly AttachmentChange[];
  readonly conflicts: readonly DeployIssue[];
  readonly warnings: readonly DeployIssue[];
  readonly foreign: readonly ForeignPolicy[];
}

/**
 * The observed policies this spec manages (their description carries its marker), and the others
 * worth reporting; a conflict for each other one that holds a name the guardrail needs.
 */
export function splitManaged<P extends { readonly policyName: string; readonly description: string }>(
  observed: readonly P[],
  desired: DesiredState,
  what: "control policy" | "RAM policy",
  conflicts: DeployIssue[],
): { managed: P[]; foreign: ForeignPolicy[] } {
  const managed = observed.filter(
    (policy) => parseMarker(policy.description)?.namePrefix === desired.namePrefix,
  );
  const others = observed
    .filter((policy) => !managed.includes(policy))
    .map((policy) => ({ name: policy.policyName, description: policy.description }));
  return { managed, foreign: foreignPolicies(others, desired, what, conflicts) };
}

function foreignPolicies(
  others: readonly { name: string; description: string }[],
  desired: DesiredState,
  what: "control policy" | "RAM policy",
  conflicts: DeployIssue[],
): ForeignPolicy[] {
  const prefix = desired.namePrefix;
  // Another spec's policies with names of their own are no business of this plan.
  const similar = others.filter(
    ({ name }) => name.startsWith(`${prefix}-`) || desired.policies.some((policy) => policy.name === name),
  );
  return similar.map(({ name, description }) => {
    const marker = parseMarker(description);
    if (desired.policies.some((policy) => policy.name === name)) {
      conflicts.push({
        code: "name-taken",
        message: `the ${what} \`${name}\` exists and imageguard does not manage it${marker === undefined ? " (its description has no imageguard marker)" : ` (it belongs to the spec with name prefix \`${marker.namePrefix}\`)`}, but the guardrail needs that name`,
        help: `rename or delete \`${name}\` if it is a leftover, or set another \`generation.namePrefix\` in the spec`,
      });
    }
    return {
      name,
      why:
        marker !== undefined
          ? `managed by the imageguard spec with name prefix \`${marker.namePrefix}\`: left alone`
          : `named like the guardrail's policies (\`${prefix}-…\`) but not marked as imageguard's: left alone`,
    };
  });
}

/** The summary, size and limit of a generated policy, as every change to it reports them. */
export function describedPolicy(want: DesiredPolicy): Pick<PolicyChange, "summary" | "size" | "sizeLimit"> {
  return { summary: want.summary, size: want.size, sizeLimit: want.sizeLimit };
}

export function createdPolicy(want: DesiredPolicy): PolicyChange {
  return {
    name: want.name,
    action: "create",
    reason: "the spec generates it",
    ...describedPolicy(want),
    diff: documentDiff(undefined, want.document),
  };
}

export function keptPolicy(want: DesiredPolicy): PolicyChange {
  return {
    name: want.name,
    action: "keep",
    reason: "deployed as the spec generates it",
    ...describedPolicy(want),
  };
}

export function deletedPolicy(name: string, document: string): PolicyChange {
  return {
    name,
    action: "delete",
    reason: "the spec no longer generates it",
    diff: documentDiff(document, undefined),
  };
}

export interface Slots {
  /** Policies held now. */
  readonly now: number;
  /** Held once every step has run. */
  readonly after: number;
  readonly limit: number;
  /**
   * Room for the end state but not for old and new at once: the old ones must be detached before
   * the new ones are attached, leaving a moment without them.
   */
  readonly tight: boolean;
}

export function slotsOf(now: number, attaching: number, detaching: number, limit: number): Slots {
  const after = now + attaching - detaching;
  const peak = now + attaching;
  return { now, after, limit, tight: after <= limit && peak > limit };
}

/**
 * Steps in an order that never leaves a target without its guardrail: new policies first, attached
 * before documents are updated in place, old attachments detached only then (unless there is no
 * room: `earlyDetaches`), policies that go deleted last.
 */
export function orderSteps(steps: {
  readonly creates: readonly DeployStep[];
  readonly earlyDetaches: readonly DeployStep[];
  readonly attaches: readonly DeployStep[];
  readonly updates: readonly DeployStep[];
  readonly detaches: readonly DeployStep[];
  readonly deletes: readonly DeployStep[];
}): DeployStep[] {
  return [
    ...steps.creates,
    ...steps.earlyDetaches,
    ...steps.attaches,
    ...steps.updates,
    ...steps.detaches,
    ...steps.deletes,
  ];
}
