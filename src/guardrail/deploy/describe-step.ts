// One line per step, for plans, apply progress and errors alike.
import type { DeployStep, StepTarget } from "./types.js";

export function describeTarget(target: StepTarget): string {
  return target.kind === "node"
    ? `\`${target.label}\` (\`${target.nodeId}\`)`
    : `${target.principal} \`${target.name}\``;
}

export function describeStep(step: DeployStep): string {
  const kind = (policyKind: "control" | "ram") =>
    policyKind === "control" ? "control policy" : "RAM policy";
  switch (step.kind) {
    case "enable-control-policy":
      return "enable the Control Policy feature (it attaches `FullAliyunAccess` to every node)";
    case "rename-policy":
      return `rename control policy \`${step.policy}\` to \`${step.newName}\` (${step.reason})`;
    case "create-policy":
      return `create ${kind(step.policyKind)} \`${step.policy}\`${step.effectScope === undefined ? "" : ` (effect scope ${step.effectScope})`}`;
    case "update-policy":
      return step.policyKind === "control"
        ? `update the document of control policy \`${step.policy}\``
        : `make a new default version of RAM policy \`${step.policy}\``;
    case "delete-policy-version":
      return `delete version ${step.versionId} of RAM policy \`${step.policy}\` (RAM keeps at most 5 versions: the oldest non-default one makes room)`;
    case "attach":
      return `attach \`${step.policy}\` to ${describeTarget(step.target)}`;
    case "detach":
      return `detach \`${step.policy}\` from ${describeTarget(step.target)}`;
    case "delete-policy":
      return `delete ${kind(step.policyKind)} \`${step.policy}\``;
  }
}
