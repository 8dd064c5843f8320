// Drift: how the deployed guardrail differs from what the spec generates now, item by item. It is
// read off a plan (the steps that would restore the spec are exactly the drift), so `status` and
// `plan` can never disagree about what is out of place.
import { describeTarget } from "./describe-step.js";
import type { DeployPlan, DriftItem, DriftReport } from "./types.js";

export function driftReport(plan: DeployPlan): DriftReport {
  const items: DriftItem[] = [];
  if (plan.steps.some((step) => step.kind === "enable-control-policy")) {
    items.push({
      kind: "control-policy-disabled",
      message: "the Control Policy feature of the resource directory is disabled: no control policy holds",
    });
  }
  const missing = new Set<string>();
  const orphaned = new Set<string>();
  for (const change of plan.policies) {
    const what = `${plan.target === "ram" ? "RAM" : "control"} policy \`${change.name}\``;
    switch (change.action) {
      case "create":
        missing.add(change.name);
        items.push({
          kind: "policy-missing",
          policy: change.name,
          message: `${what} is not deployed (deleted, or the spec needs it since the last apply)`,
        });
        break;
      case "update":
        items.push({
          kind: change.drift === "outdated" ? "document-outdated" : "document-changed",
          policy: change.name,
          message:
            change.drift === "outdated"
              ? `${what} is as imageguard deployed it, but the spec now generates another document (the spec changed, or an exemption expired)`
              : change.drift === "changed-outside"
                ? `${what} was changed outside imageguard since the last apply`
                : change.drift === "differs"
                  ? `${what} differs from what the spec generates (edited by hand, or the spec changed)`
                  : `${what} lost imageguard's digest from its description`,
          ...(change.diff === undefined ? {} : { diff: change.diff }),
        });
        break;
      case "replace":
        items.push({
          kind: "effect-scope-changed",
          policy: change.name,
          message: `${what}: ${change.reason}`,
        });
        break;
      case "delete":
        orphaned.add(change.name);
        items.push({
          kind: "orphaned-policy",
          policy: change.name,
          message: `${what} is deployed but the spec no longer generates it`,
        });
        break;
      case "keep":
        break;
    }
  }
  let keptAttachments = 0;
  for (const change of plan.attachments) {
    keptAttachments += change.keep.length;
    for (const name of change.attach) {
      if (missing.has(name)) continue;
      items.push({
        kind: "attachment-missing",
        policy: name,
        target: change.target,
        message: `\`${name}\` is not attached to ${describeTarget(change.target)}`,
      });
    }
    for (const name of change.detach) {
      if (orphaned.has(name)) continue;
      items.push({
        kind: "extra-attachment",
        policy: name,
        target: change.target,
        message: `\`${name}\` is attached to ${describeTarget(change.target)}, where the spec does not put it`,
      });
    }
  }
  const deployed = plan.policies.some((change) => change.action !== "create");
  const wanted = plan.desired.policies.length > 0;
  return {
    state: items.length === 0 ? "in-sync" : !deployed && wanted ? "not-deployed" : "drifted",
    target: plan.target,
    where: plan.where,
    judgedAt: plan.judgedAt,
    items,
    inSync: {
      policies: plan.policies.filter((change) => change.action === "keep").length,
      attachments: keptAttachments,
    },
    conflicts: plan.conflicts,
    foreign: plan.foreign,
  };
}
