// One comparable shape for an engine decision and a reference decision: the fields the
// differential test compares, with sets as sorted arrays of readable strings.
import type { Decision, DecisionResult, PolicyType } from "../../../src/policy/index.js";
import { normalizeContextKey } from "../../../src/policy/index.js";
import type { RefDecision } from "./ref-decide.js";

export interface DecisionSummary {
  readonly result: DecisionResult;
  readonly decidedBy: {
    readonly policyType: PolicyType;
    readonly policyName?: string;
    readonly rdNode?: string;
    readonly statementIndex?: number;
  };
  /** `ControlPolicy FullAliyunAccess @fd-1 #0`, sorted, no duplicates. */
  readonly matched: readonly string[];
  /** `IdentityPolicy id-0 #1 NumericEquals ecs:cpu`, sorted, no duplicates. */
  readonly errors: readonly string[];
  readonly absentKeys: readonly string[];
}

interface StatementLike {
  readonly policyType: PolicyType;
  readonly policyName?: string;
  readonly rdNode?: string;
  readonly statementIndex?: number;
}

function statementLabel(s: StatementLike): string {
  return `${s.policyType} ${s.policyName ?? "-"}${s.rdNode === undefined ? "" : ` @${s.rdNode}`} #${s.statementIndex ?? "-"}`;
}

function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

function decidedBy(s: StatementLike): DecisionSummary["decidedBy"] {
  return {
    policyType: s.policyType,
    ...(s.policyName === undefined ? {} : { policyName: s.policyName }),
    ...(s.rdNode === undefined ? {} : { rdNode: s.rdNode }),
    ...(s.statementIndex === undefined ? {} : { statementIndex: s.statementIndex }),
  };
}

export function summarizeDecision(decision: Decision): DecisionSummary {
  return {
    result: decision.result,
    decidedBy: decidedBy({ ...decision.decidedBy, rdNode: decision.decidedBy.rdNode?.id }),
    matched: sortedSet(decision.matched.map((m) => statementLabel({ ...m, rdNode: m.rdNode?.id }))),
    errors: sortedSet(
      decision.errors.map((e) => `${statementLabel(e)} ${e.operator} ${normalizeContextKey(e.key)}`),
    ),
    absentKeys: sortedSet(decision.absentKeys.map(normalizeContextKey)),
  };
}

export function summarizeRefDecision(decision: RefDecision): DecisionSummary {
  return {
    result: decision.result,
    decidedBy: decidedBy(decision.decidedBy),
    matched: sortedSet(decision.matched.map(statementLabel)),
    errors: sortedSet(decision.errors.map((e) => `${statementLabel(e)} ${e.operator} ${e.key}`)),
    absentKeys: sortedSet(decision.absentKeys),
  };
}

/** `matched` as labels in the order the decision lists them (evaluation order, per types.ts). */
export function matchedInOrder(decision: Decision): string[] {
  return decision.matched.map((m) => statementLabel({ ...m, rdNode: m.rdNode?.id }));
}

export function refMatchedInOrder(decision: RefDecision): string[] {
  return decision.matched.map(statementLabel);
}
