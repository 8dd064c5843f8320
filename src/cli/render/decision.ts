// A decision as text: the result, who decided and why, then everything that shaped it.
import type {
  Decision,
  DecidingPolicy,
  EvaluationError,
  RdNodeRef,
  StatementRef,
} from "../../policy/index.js";

export function renderDecision(decision: Decision): string {
  const lines = [`decision: ${decision.result}`, `decided by: ${describeDecider(decision.decidedBy)}`];
  lines.push(`reason: ${decision.decidedBy.reason}`);
  lines.push(
    decision.matched.length === 0
      ? "matched statements: none"
      : ["matched statements:", ...decision.matched.map((ref) => `  - ${describeStatement(ref)}`)].join("\n"),
  );
  if (decision.errors.length > 0) {
    lines.push(["errors:", ...decision.errors.map((error) => `  - ${describeError(error)}`)].join("\n"));
  }
  if (decision.absentKeys.length > 0) {
    lines.push(`absent keys: ${decision.absentKeys.map((key) => `\`${key}\``).join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The decision as JSON data: `decision` is the result, the other fields as the engine gives them. */
export function decisionData(decision: Decision): Record<string, unknown> {
  const { result, ...rest } = decision;
  return { decision: result, ...rest };
}

function describeDecider(decider: DecidingPolicy): string {
  const parts: string[] = [decider.policyType];
  if (decider.policyName !== undefined) parts.push(policyName(decider.policyName, decider.policyVersion));
  if (decider.rdNode !== undefined) parts.push(`at ${describeNode(decider.rdNode)}`);
  if (decider.statementIndex !== undefined) parts.push(statementName(decider.statementIndex, decider.sid));
  return parts.join(" ");
}

function describeStatement(ref: StatementRef): string {
  const parts = [ref.effect, ref.policyType, policyName(ref.policyName, ref.policyVersion)];
  parts.push(statementName(ref.statementIndex, ref.sid));
  if (ref.attachedTo !== undefined) parts.push(`attached to ${ref.attachedTo}`);
  if (ref.rdNode !== undefined) parts.push(`at ${describeNode(ref.rdNode)}`);
  return parts.join(" ");
}

function describeError(error: EvaluationError): string {
  return `${error.message} (${error.policyType} ${policyName(error.policyName)} ${statementName(error.statementIndex)})`;
}

function policyName(name: string, version?: string): string {
  return version === undefined ? `\`${name}\`` : `\`${name}\` ${version}`;
}

function statementName(index: number, sid?: string): string {
  return sid === undefined ? `Statement[${index}]` : `Statement[${index}] (Sid ${sid})`;
}

function describeNode(node: RdNodeRef): string {
  return `${node.type.toLowerCase()} ${node.name} (${node.id})`;
}
