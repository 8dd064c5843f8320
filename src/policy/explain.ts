// Building explain trees. The evaluator's explain path calls these while it evaluates, so every node
// reports what the matcher itself saw: what the policy wanted and what the request or context had.
// Rendering (terminal, JSON, web) lives elsewhere; this module only shapes the data.
import type { CompiledClause } from "./compile.js";
import type {
  ContextValue,
  DecisionResult,
  ExplainNode,
  ExplainOutcome,
  NamedPolicy,
  PrincipalInfo,
  RdNodeRef,
  Statement,
} from "./types.js";

export function explainNode(
  kind: ExplainNode["kind"],
  label: string,
  outcome: ExplainOutcome,
  children: readonly ExplainNode[],
  detail?: string,
): ExplainNode {
  return detail === undefined
    ? { kind, label, outcome, children }
    : { kind, label, outcome, detail, children };
}

export function quote(s: string): string {
  return `\`${s}\``;
}

export function quoteList(values: readonly string[]): string {
  return `[${values.map(quote).join(", ")}]`;
}

export function outcomeOfResult(result: DecisionResult): ExplainOutcome {
  if (result === "Allow") return "allow";
  return result === "ExplicitDeny" ? "explicit-deny" : "implicit-deny";
}

export function requestLabel(action: string): string {
  return `request ${action}`;
}

export function requestDetail(principal: PrincipalInfo | undefined, resources: readonly string[]): string {
  const on = `on ${quoteList(resources)}`;
  return principal === undefined ? on : `${principal.type} ${quote(principal.arn)} ${on}`;
}

export function rdNodeLabel(node: RdNodeRef): string {
  return `${node.type.toLowerCase()} ${node.name} (${node.id})`;
}

export function policyLabel(policy: NamedPolicy): string {
  const parts = [policy.name];
  if (policy.version !== undefined) parts.push(policy.version);
  if (policy.policyType !== undefined) parts.push(`(${policy.policyType})`);
  return parts.join(" ");
}

export function statementLabel(statement: Statement): string {
  const base = `Statement[${statement.index}]`;
  return statement.sid === undefined ? base : `${base} (Sid ${statement.sid})`;
}

export function actionDetail(statement: Statement, action: string): string {
  const element = statement.action.negated ? "NotAction" : "Action";
  return `${element} ${quoteList(statement.action.patterns)}: request has ${quote(action)}`;
}

export function resourceDetail(statement: Statement, resources: readonly string[]): string {
  return `Resource ${quoteList(statement.resources)}: request has ${quoteList(resources)}`;
}

function contextText(value: ContextValue | undefined): string {
  if (value === undefined) return "context does not have the key";
  if (typeof value === "string") return `context has ${quote(value)}`;
  return `context has ${quoteList(value)}`;
}

export function conditionLabel(clause: CompiledClause): string {
  return `${clause.clause.operator} ${clause.clause.key}`;
}

export function conditionDetail(
  clause: CompiledClause,
  value: ContextValue | undefined,
  unreadable: boolean,
): string {
  const wanted = `${clause.clause.operator} ${quote(clause.clause.key)} = ${quoteList(clause.clause.values)}`;
  let had = contextText(value);
  if (value === undefined) had += clause.negated ? " (a negated operator is true)" : " (false)";
  if (unreadable) had += `, which ${clause.clause.operator} cannot read (fails closed)`;
  return `${wanted}: ${had}`;
}
