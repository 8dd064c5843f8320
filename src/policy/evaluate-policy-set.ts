// One policy set (spec §5): any matching Deny → explicit deny; else any matching Allow → allow; else
// implicit deny. Every statement of the set is evaluated, because a decision lists every statement
// that matched, not only the one that decided.
import { compilePolicy } from "./compile.js";
import { explainStatement, evaluateStatement } from "./evaluate-statement.js";
import { noteMatched } from "./evaluate-state.js";
import type { EvalState, Memo, PlacedStatement, SlotAllocator } from "./evaluate-state.js";
import { explainNode, policyLabel } from "./explain.js";
import type {
  AuthRequest,
  DecidingPolicy,
  ExplainNode,
  ExplainOutcome,
  NamedPolicy,
  PolicyType,
  RdNodeRef,
  StatementRef,
} from "./types.js";

/** A policy placed in the chain: its statements with their refs, or why it does not apply here. */
export interface PlacedPolicy {
  readonly named: NamedPolicy;
  readonly statements: readonly PlacedStatement[];
  /** Why the policy does not take part (e.g. out of its effect scope); undefined when it does. */
  readonly skipped?: string;
}

export interface Placement {
  readonly policyType: PolicyType;
  readonly rdNode?: RdNodeRef;
  /** DecidingPolicy reasons for this stage. */
  readonly denyReason: string;
  readonly allowReason: string;
  readonly skipped?: string;
  /** Gives the statements memo slots (a chain's policies); without it they are not memoised. */
  readonly slots?: SlotAllocator;
}

/** Compiles `named` and places each statement: refs and deciding-policy records are built here, once. */
export function placePolicy(named: NamedPolicy, placement: Placement): PlacedPolicy {
  const statements = compilePolicy(named.policy).map((core): PlacedStatement => {
    const statement = core.statement;
    const ref: StatementRef = withoutUndefined({
      policyType: placement.policyType,
      policyName: named.name,
      policyVersion: named.version,
      attachedTo: named.attachedTo,
      rdNode: placement.rdNode,
      statementIndex: statement.index,
      sid: statement.sid,
      effect: statement.effect,
    });
    const decidedBy: DecidingPolicy = withoutUndefined({
      policyType: placement.policyType,
      policyName: named.name,
      policyVersion: named.version,
      rdNode: placement.rdNode,
      statementIndex: statement.index,
      sid: statement.sid,
      reason: core.isDeny ? placement.denyReason : placement.allowReason,
    });
    const slots = placement.slots;
    return {
      core,
      policyType: placement.policyType,
      policyName: named.name,
      ref,
      decidedBy,
      resourceSlot:
        slots === undefined || core.matchesResources === undefined
          ? -1
          : slots.slot(`r${core.resourceIdentity}`),
      conditionSlot:
        slots === undefined || core.clauses.length === 0 ? -1 : slots.slot(`c${core.conditionIdentity}`),
    };
  });
  return placement.skipped === undefined
    ? { named, statements }
    : { named, statements, skipped: placement.skipped };
}

// Optional fields stay absent rather than `undefined`, so decisions compare and serialise cleanly.
function withoutUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

/** Evaluates statements whose Action already matched; leaves the first Deny and first Allow in `state`. */
export function evaluateSet(
  statements: readonly PlacedStatement[],
  request: AuthRequest,
  state: EvalState,
  memo?: Memo,
): void {
  state.deny = undefined;
  state.allow = undefined;
  for (let i = 0; i < statements.length; i++) {
    const placed = statements[i] as PlacedStatement;
    const outcome = evaluateStatement(placed, request, state, memo);
    if (outcome === "no-match") continue;
    if (placed.core.isDeny) {
      noteMatched(state, placed.ref);
      if (state.deny === undefined) state.deny = placed;
    } else if (outcome === "match") {
      noteMatched(state, placed.ref);
      if (state.allow === undefined) state.allow = placed;
    }
  }
}

/** The explain path of `evaluateSet`: every statement of every policy, one node per policy. */
export function explainSet(
  policies: readonly PlacedPolicy[],
  request: AuthRequest,
  state: EvalState,
): ExplainNode[] {
  state.deny = undefined;
  state.allow = undefined;
  const nodes: ExplainNode[] = [];
  for (const policy of policies) {
    const detail =
      policy.named.attachedTo === undefined ? undefined : `attached to ${policy.named.attachedTo}`;
    if (policy.skipped !== undefined) {
      nodes.push(explainNode("policy", policyLabel(policy.named), "skipped", [], policy.skipped));
      continue;
    }
    const children: ExplainNode[] = [];
    let outcome: ExplainOutcome = "no-match";
    for (const placed of policy.statements) {
      const explained = explainStatement(placed, request, state);
      children.push(explained.node);
      if (explained.outcome === "no-match") continue;
      if (placed.core.isDeny) {
        noteMatched(state, placed.ref);
        if (state.deny === undefined) state.deny = placed;
        outcome = "explicit-deny";
      } else if (explained.outcome === "match") {
        noteMatched(state, placed.ref);
        if (state.allow === undefined) state.allow = placed;
        if (outcome === "no-match") outcome = "allow";
      }
    }
    nodes.push(explainNode("policy", policyLabel(policy.named), outcome, children, detail));
  }
  return nodes;
}
