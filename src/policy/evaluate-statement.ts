// One statement against one request: Resource, then Condition (Action is decided before, by the
// chain's per-action index, or by the explain path itself). Conditions use three-valued logic so that
// an unreadable context value fails closed whatever the order of the clauses: a clause is true, false
// or unknown; the statement's conditions are false if any clause is false, else unknown if any is
// unknown. An unknown statement does not apply when it allows and applies when it denies; its
// unreadable values are reported as errors (an unreadable value behind a false clause changed nothing
// and is not reported).
import type { CompiledClause } from "./compile.js";
import { noteAbsent, noteError, resolveArns } from "./evaluate-state.js";
import type { EvalState, Memo, PlacedStatement } from "./evaluate-state.js";
import {
  actionDetail,
  conditionDetail,
  conditionLabel,
  explainNode,
  quote,
  resourceDetail,
  statementLabel,
} from "./explain.js";
import type { AuthRequest, ContextValue, ExplainNode, RequestContext } from "./types.js";

export type StatementOutcome = "match" | "no-match" | "unknown";

/** Three-valued truth of a Condition block; also the value stored in a memo slot. */
export type Truth = 0 | 1 | 2;
export const FALSE: Truth = 0;
export const TRUE: Truth = 1;
export const UNKNOWN: Truth = 2;

// Request contexts are plain objects, so a key such as `constructor` reaches Object.prototype: only a
// string or an array counts as present.
function lookup(context: RequestContext, key: string): ContextValue | undefined {
  const value = context[key];
  return typeof value === "string" || Array.isArray(value) ? value : undefined;
}

/** Spec §4 for one clause and a present key: any context value matching any policy value. */
function clauseTruth(clause: CompiledClause, value: ContextValue): Truth {
  if (typeof value === "string") {
    const r = clause.test(value);
    if (r === "unreadable") return UNKNOWN;
    return r !== clause.negated ? TRUE : FALSE;
  }
  let unreadable = false;
  for (let i = 0; i < value.length; i++) {
    const r = clause.test(value[i] as string);
    if (r === true) return clause.negated ? FALSE : TRUE;
    if (r === "unreadable") unreadable = true;
  }
  if (unreadable) return UNKNOWN;
  return clause.negated ? TRUE : FALSE;
}

/**
 * Does the Resource block in `slot` match the request's resource set? With a memo (which
 * `beginRequest` prepared for this request), answered from the per-ARN vectors and remembered for the
 * rest of the request.
 */
export function resourcesMatch(
  matchesResources: (resources: readonly string[]) => boolean,
  matchesArn: (arn: string) => boolean,
  slot: number,
  resources: readonly string[],
  memo: Memo | undefined,
): boolean {
  if (memo === undefined || slot < 0) return matchesResources(resources);
  if (memo.stamps[slot] === memo.generation) return memo.values[slot] === TRUE;
  if (memo.arnCount < 0) resolveArns(memo, resources);
  let matches = false;
  const vectors = memo.arnVectors;
  for (let i = 0; i < memo.arnCount; i++) {
    const vector = vectors[i] as Uint8Array;
    let known = vector[slot] as number;
    if (known === 0) {
      known = matchesArn(resources[i] as string) ? 2 : 1;
      vector[slot] = known;
    }
    if (known === 2) {
      matches = true;
      break;
    }
  }
  memo.stamps[slot] = memo.generation;
  memo.values[slot] = matches ? TRUE : FALSE;
  return matches;
}

/** The truth of the Condition block in `slot`; notes its absent keys the first time in a request. */
export function conditionTruth(
  clauses: readonly CompiledClause[],
  slot: number,
  context: RequestContext,
  state: EvalState,
  memo: Memo | undefined,
): Truth {
  if (memo === undefined || slot < 0) return conditionsTruth(clauses, context, state);
  // On a hit, the block's absent keys were noted when it was first evaluated in this request.
  if (memo.stamps[slot] === memo.generation) return memo.values[slot] as Truth;
  const truth = conditionsTruth(clauses, context, state);
  memo.stamps[slot] = memo.generation;
  memo.values[slot] = truth;
  return truth;
}

/**
 * The statement's Resource and Condition; its Action already matched. The fast path: with a memo,
 * each distinct Resource or Condition block of the chain is evaluated once per request.
 */
export function evaluateStatement(
  placed: PlacedStatement,
  request: AuthRequest,
  state: EvalState,
  memo?: Memo,
): StatementOutcome {
  const core = placed.core;
  if (
    core.matchesResources !== undefined &&
    !resourcesMatch(
      core.matchesResources,
      core.matchesArn as (arn: string) => boolean,
      placed.resourceSlot,
      request.resources,
      memo,
    )
  ) {
    return "no-match";
  }
  if (core.clauses.length === 0) return "match";
  const truth = conditionTruth(core.clauses, placed.conditionSlot, request.context, state, memo);
  if (truth === TRUE) return "match";
  if (truth === FALSE) return "no-match";
  reportUnreadable(placed, request.context, state);
  return "unknown";
}

function conditionsTruth(
  clauses: readonly CompiledClause[],
  context: RequestContext,
  state: EvalState,
): Truth {
  let result: Truth = TRUE;
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i] as CompiledClause;
    const value = lookup(context, clause.key);
    if (value === undefined) {
      // Every key of a statement whose action and resource matched is checked, even after a false
      // clause, so that absentKeys does not depend on the order of the clauses.
      noteAbsent(state, clause.key);
      if (!clause.negated) result = FALSE;
      continue;
    }
    if (result === FALSE) continue;
    const truth = clauseTruth(clause, value);
    if (truth !== TRUE) result = truth;
  }
  return result;
}

/** Records an error for each unreadable context value that made the statement unknown. */
export function reportUnreadable(placed: PlacedStatement, context: RequestContext, state: EvalState): void {
  for (const clause of placed.core.clauses) {
    const value = lookup(context, clause.key);
    if (value === undefined || clauseTruth(clause, value) !== UNKNOWN) continue;
    const values = typeof value === "string" ? [value] : value;
    for (const [i, v] of values.entries()) {
      if (clause.test(v) !== "unreadable" || values.indexOf(v) !== i) continue;
      noteError(state, {
        code: "unreadable-context-value",
        policyType: placed.policyType,
        policyName: placed.policyName,
        statementIndex: placed.core.statement.index,
        operator: clause.clause.operator,
        key: clause.clause.key,
        value: v,
        message: `context value ${quote(v)} of ${quote(clause.clause.key)} cannot be read by ${clause.clause.operator}`,
      });
    }
  }
}

/**
 * The explain path: Action, Resource and every Condition, each reporting as a child node. Records the
 * same absent keys and errors as the fast path and reaches the same outcome. `extra` is a further
 * check between Action and Resource (a trust statement's Principal) that adds its own node.
 */
export function explainStatement(
  placed: PlacedStatement,
  request: AuthRequest,
  state: EvalState,
  extra?: (children: ExplainNode[]) => boolean,
): { readonly outcome: StatementOutcome; readonly node: ExplainNode } {
  const core = placed.core;
  const statement = core.statement;
  const children: ExplainNode[] = [];
  const finish = (outcome: StatementOutcome): { outcome: StatementOutcome; node: ExplainNode } => {
    const applies = outcome === "match" || (outcome === "unknown" && core.isDeny);
    const nodeOutcome = outcome === "unknown" ? "error" : applies ? "match" : "no-match";
    let detail: string = statement.effect;
    if (outcome === "unknown") {
      detail += core.isDeny
        ? ": a context value is unreadable, so the Deny applies (fails closed)"
        : ": a context value is unreadable, so the Allow does not apply (fails closed)";
    }
    return {
      outcome,
      node: explainNode("statement", statementLabel(statement), nodeOutcome, children, detail),
    };
  };

  const actionMatches = core.matchesAction(request.action);
  children.push(
    explainNode(
      "action",
      "Action",
      actionMatches ? "match" : "no-match",
      [],
      actionDetail(statement, request.action),
    ),
  );
  if (!actionMatches) return finish("no-match");
  if (extra !== undefined && !extra(children)) return finish("no-match");

  if (statement.resources.length > 0) {
    const resourceMatches = core.matchesResources === undefined || core.matchesResources(request.resources);
    children.push(
      explainNode(
        "resource",
        "Resource",
        resourceMatches ? "match" : "no-match",
        [],
        resourceDetail(statement, request.resources),
      ),
    );
    if (!resourceMatches) return finish("no-match");
  }

  let result: Truth = TRUE;
  for (const clause of core.clauses) {
    const value = lookup(request.context, clause.key);
    let truth: Truth;
    if (value === undefined) {
      noteAbsent(state, clause.key);
      truth = clause.negated ? TRUE : FALSE;
    } else {
      truth = clauseTruth(clause, value);
    }
    children.push(
      explainNode(
        "condition",
        conditionLabel(clause),
        truth === TRUE ? "match" : truth === FALSE ? "no-match" : "error",
        [],
        conditionDetail(clause, value, truth === UNKNOWN),
      ),
    );
    if (result !== FALSE && truth !== TRUE) result = truth;
  }
  if (result === TRUE) return finish("match");
  if (result === FALSE) return finish("no-match");
  reportUnreadable(placed, request.context, state);
  return finish("unknown");
}
