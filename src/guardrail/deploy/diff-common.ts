// What the directory and account diffs share: their result, and how policies imageguard does not
// manage are reported (and conflict when they hold a name the guardrail needs).
import { parseMarker } from "./marker.js";
import type {
  AttachmentChange,
  DeployIssue,
  DeployStep,
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

export function foreignPolicies(
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
