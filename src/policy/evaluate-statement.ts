// One statement against one request: Resource, then Condition (Action is decided before, by the
// chain's per-action index, or by the explain path itself).
//
// Resource (spec §3): the statement matches when any pattern matches any ARN of the request's set, so
// an empty set matches no statement that has a Resource — `*` included.
//
// Condition (spec §4, "errors fail closed", read literally): a clause is true, false or unknown, and
// it is unknown when the key is present and ANY of its context values cannot be read for the operator
// (for a multi-valued key, a readable value that matches does not save it). A statement with an
// unknown clause is unknown whatever its other clauses say — unknown dominates false — so an
// unreadable value behind a false clause still counts. An unknown statement does not apply when it
// allows and applies when it denies (it is then matched, and decides if it is the deciding Deny); the
// decision carries an error for every distinct unreadable value of every clause of it. Otherwise the
// conditions are false if any clause is false, else true.
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

/** Truth of a Condition block (unknown: some value is unreadable); also the value stored in a memo slot. */
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

/**
 * Spec §4 for one clause and a present key: unknown when any context value cannot be read for the
 * operator; otherwise whether any context value matches any policy value (negated: none does).
 */
function clauseTruth(clause: CompiledClause, value: ContextValue): Truth {
  if (typeof value === "string") {
    const r = clause.test(value);
    if (r === "unreadable") return UNKNOWN;
    return r !== clause.negated ? TRUE : FALSE;
  }
  let matches = false;
  for (let i = 0; i < value.length; i++) {
    const r = clause.test(value[i] as string);
    if (r === "unreadable") return UNKNOWN;
    if (r === true) {
      matches = true;
      // A match settles a clause that cannot err; one that can must still read every value.
      if (!clause.fallible) break;
    }
  }
  return matches !== clause.negated ? TRUE : FALSE;
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
  if (core.matchesResources === undefined) {
    // `*` (or a trust statement's absent Resource): only the empty-set rule is left to check.
    if (core.requiresResource && request.resources.length === 0) return "no-match";
  } else if (
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
      // or unknown clause, so that absentKeys does not depend on the order of the clauses.
      noteAbsent(state, clause.key);
      if (!clause.negated && result === TRUE) result = FALSE;
      continue;
    }
    // Unknown dominates: once unknown, no clause can change the result. After a false clause only
    // an unreadable value can, and String clauses never meet one.
    if (result === UNKNOWN || (result === FALSE && !clause.fallible)) continue;
    const truth = clauseTruth(clause, value);
    if (truth === UNKNOWN) result = UNKNOWN;
    else if (truth === FALSE) result = FALSE;
  }
  return result;
}

/**
 * Records an error for each distinct unreadable context value of each clause of an unknown statement
 * (whatever the other clauses say: an unreadable value met behind a false clause is reported too).
 */
export function reportUnreadable(placed: PlacedStatement, context: RequestContext, state: EvalState): void {
  for (const clause of placed.core.clauses) {
    if (!clause.fallible) continue;
    const value = lookup(context, clause.key);
    if (value === undefined) continue;
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

  if (core.requiresResource) {
    const resourceMatches =
      core.matchesResources === undefined
        ? request.resources.length > 0
        : core.matchesResources(request.resources);
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
    // Unknown dominates false, which dominates true.
    if (truth === UNKNOWN) result = UNKNOWN;
    else if (truth === FALSE && result === TRUE) result = FALSE;
  }
  if (result === TRUE) return finish("match");
  if (result === FALSE) return finish("no-match");
  reportUnreadable(placed, request.context, state);
  return finish("unknown");
}
