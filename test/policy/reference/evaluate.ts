// The reference evaluator for statements and policy sets (spec §3–§4, and §5's "one policy set"),
// written for obviousness: every statement of every policy in a set is evaluated, in order, and
// everything it produces (match, errors, absent keys) is recorded in a trace.
import type {
  AuthRequest,
  ConditionClause,
  ConditionOperatorName,
  PolicyType,
  Statement,
  ValidatedPolicy,
} from "../../../src/policy/index.js";
import { REF_OPERATORS } from "./operators.js";
import { refWildcardMatch } from "./wildcard.js";

/** A statement's place in the chain. */
export interface RefStatementRef {
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly rdNode?: string;
  readonly statementIndex: number;
}

export interface RefError {
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly statementIndex: number;
  readonly operator: ConditionOperatorName;
  /** Normalized key. */
  readonly key: string;
  readonly value: string;
}

/** What evaluating the chain so far has seen. */
export interface RefTrace {
  readonly matched: RefStatementRef[];
  readonly errors: RefError[];
  readonly absentKeys: Set<string>;
}

export function newTrace(): RefTrace {
  return { matched: [], errors: [], absentKeys: new Set() };
}

// ---------------------------------------------------------------------------------------------
// Matching (spec §3)

export function refActionMatches(statement: Statement, action: string): boolean {
  const any = statement.action.patterns.some((pattern) => refWildcardMatch(pattern, action, true));
  return statement.action.negated ? !any : any;
}

/** Any pattern matches any ARN in the set: an empty set matches nothing, not even `*`. */
export function refResourceMatches(statement: Statement, resources: readonly string[]): boolean {
  return statement.resources.some((pattern) =>
    resources.some((arn) => refWildcardMatch(pattern, arn, false)),
  );
}

// ---------------------------------------------------------------------------------------------
// Conditions (spec §4)

export type RefClauseOutcome = boolean | "error";

export interface RefClauseResult {
  readonly outcome: RefClauseOutcome;
  readonly absent: boolean;
  /** Context values that could not be read for the operator, each once. */
  readonly unreadable: readonly string[];
}

export function refEvaluateClause(clause: ConditionClause, context: AuthRequest["context"]): RefClauseResult {
  const operator = REF_OPERATORS[clause.operator];
  if (!Object.hasOwn(context, clause.normalizedKey)) {
    // Absent key: a positive operator is false, a negated one true.
    return { outcome: operator.negated, absent: true, unreadable: [] };
  }
  const raw = context[clause.normalizedKey]!;
  const contextValues = typeof raw === "string" ? [raw] : raw;
  let anyMatch = false;
  const unreadable: string[] = [];
  for (const contextValue of contextValues) {
    for (const policyValue of clause.values) {
      const test = operator.test(policyValue, contextValue);
      if (test === "unreadable") {
        if (!unreadable.includes(contextValue)) unreadable.push(contextValue);
      } else if (test) {
        anyMatch = true;
      }
    }
  }
  // Spec §4, "errors fail closed", read literally: a context value that cannot be read makes the
  // clause an error, even when another value of a multi-valued key matches.
  if (unreadable.length > 0) return { outcome: "error", absent: false, unreadable };
  return { outcome: anyMatch !== operator.negated, absent: false, unreadable };
}

// ---------------------------------------------------------------------------------------------
// Statements and policy sets

export interface RefStatementResult {
  /** The statement applies to the request (for an errored Deny: it applies, failing closed). */
  readonly applies: boolean;
  /** Action and resource matched, so the conditions were evaluated. */
  readonly conditionsEvaluated: boolean;
  /** Some clause met an unreadable context value, whatever the other clauses say. */
  readonly errored: boolean;
  readonly clauses: readonly { readonly clause: ConditionClause; readonly result: RefClauseResult }[];
}

export function refEvaluateStatement(statement: Statement, request: AuthRequest): RefStatementResult {
  if (!refActionMatches(statement, request.action) || !refResourceMatches(statement, request.resources)) {
    return { applies: false, conditionsEvaluated: false, errored: false, clauses: [] };
  }
  const clauses = statement.conditions.map((clause) => ({
    clause,
    result: refEvaluateClause(clause, request.context),
  }));
  // Fail closed: an errored statement does not apply when it allows and applies when it denies,
  // regardless of the other clauses' truth values.
  if (clauses.some((c) => c.result.outcome === "error"))
    return { applies: statement.effect === "Deny", conditionsEvaluated: true, errored: true, clauses };
  // Otherwise AND: every clause true.
  const applies = clauses.every((c) => c.result.outcome === true);
  return { applies, conditionsEvaluated: true, errored: false, clauses };
}

export interface RefPolicyInSet {
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly rdNode?: string;
  readonly policy: ValidatedPolicy;
}

export interface RefSetResult {
  /** First matching Deny, in evaluation order. */
  readonly deny?: RefStatementRef;
  /** First matching Allow, in evaluation order. */
  readonly allow?: RefStatementRef;
}

/** Evaluates every statement of every policy of one set, recording into the trace. */
export function refEvaluateSet(
  policies: readonly RefPolicyInSet[],
  request: AuthRequest,
  trace: RefTrace,
): RefSetResult {
  let deny: RefStatementRef | undefined;
  let allow: RefStatementRef | undefined;
  for (const named of policies) {
    for (const statement of named.policy.statements) {
      const result = refEvaluateStatement(statement, request);
      const ref: RefStatementRef = {
        policyType: named.policyType,
        policyName: named.policyName,
        ...(named.rdNode === undefined ? {} : { rdNode: named.rdNode }),
        statementIndex: statement.index,
      };
      for (const { clause, result: clauseResult } of result.clauses) {
        // Every key of a statement whose action and resource matched counts, even after a false clause.
        if (clauseResult.absent) trace.absentKeys.add(clause.normalizedKey);
        // Every unreadable value met in a statement whose action and resource matched is an error.
        for (const value of clauseResult.unreadable) {
          trace.errors.push({
            policyType: named.policyType,
            policyName: named.policyName,
            statementIndex: statement.index,
            operator: clause.operator,
            key: clause.normalizedKey,
            value,
          });
        }
      }
      if (!result.applies) continue;
      trace.matched.push(ref);
      if (statement.effect === "Deny") deny ??= ref;
      else allow ??= ref;
    }
  }
  return { ...(deny ? { deny } : {}), ...(allow ? { allow } : {}) };
}
