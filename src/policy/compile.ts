// Compiling validated statements into matchers: actions and resources into wildcard tests, condition
// values into the operators' pre-parsed comparisons. Compiled statements depend only on the document,
// so they are cached per ValidatedPolicy object: the same policy attached to many identities, nodes or
// chains is compiled once.
import type { ConditionOperator, ValueTest } from "./operators/operator.js";
import { conditionOperators } from "./operators/index.js";
import type { ConditionClause, Statement, ValidatedPolicy } from "./types.js";
import { compileWildcard } from "./wildcard.js";

export interface CompiledClause {
  readonly clause: ConditionClause;
  readonly operator: ConditionOperator;
  readonly negated: boolean;
  /** The canonical key, looked up in the request context as is. */
  readonly key: string;
  /** The positive comparison of one context value against the clause's values. */
  readonly test: (contextValue: string) => ValueTest;
}

export interface CompiledStatement {
  readonly statement: Statement;
  readonly isDeny: boolean;
  /** Action or NotAction, case-insensitive; NotAction is true when no pattern matches. */
  readonly matchesAction: (action: string) => boolean;
  /** True when any pattern matches any ARN of the set; undefined when every set matches (`*`, or no Resource in a trust policy). */
  readonly matchesResources: ((resources: readonly string[]) => boolean) | undefined;
  /** The same for one ARN; defined exactly when `matchesResources` is. */
  readonly matchesArn: ((arn: string) => boolean) | undefined;
  readonly clauses: readonly CompiledClause[];
  /**
   * Identities of the Resource and Condition blocks: two statements with equal identities reach the
   * same result for any request, which lets a chain evaluate each distinct block once per request.
   * Conditions are order-insensitive (AND), so their identity is sorted.
   */
  readonly resourceIdentity: string;
  readonly conditionIdentity: string;
}

const cache = new WeakMap<ValidatedPolicy, readonly CompiledStatement[]>();

/** The policy's statements, compiled (and cached for the lifetime of the policy object). */
export function compilePolicy(policy: ValidatedPolicy): readonly CompiledStatement[] {
  let compiled = cache.get(policy);
  if (compiled === undefined) {
    compiled = policy.statements.map(compileStatement);
    cache.set(policy, compiled);
  }
  return compiled;
}

export function compileStatement(statement: Statement): CompiledStatement {
  const matchesArn = compileArnMatcher(statement.resources);
  return {
    statement,
    isDeny: statement.effect === "Deny",
    matchesAction: compileActionMatcher(statement.action.patterns, statement.action.negated),
    matchesResources: matchesArn === undefined ? undefined : anyArn(matchesArn),
    matchesArn,
    clauses: statement.conditions.map(compileClause),
    resourceIdentity: JSON.stringify(statement.resources),
    conditionIdentity: statement.conditions
      .map((clause) => JSON.stringify([clause.operator, clause.normalizedKey, clause.values]))
      .sort()
      .join(","),
  };
}

export function compileClause(clause: ConditionClause): CompiledClause {
  const operator = conditionOperators[clause.operator];
  return {
    clause,
    operator,
    negated: operator.negated,
    key: clause.normalizedKey,
    test: operator.compile(clause.values),
  };
}

function isMatchAll(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

function compileActionMatcher(patterns: readonly string[], negated: boolean): (action: string) => boolean {
  if (patterns.some(isMatchAll)) return negated ? () => false : () => true;
  const matchers = patterns.map((pattern) => compileWildcard(pattern, { caseInsensitive: true }));
  if (matchers.length === 1) {
    const only = matchers[0] as (s: string) => boolean;
    return negated ? (action) => !only(action) : only;
  }
  const any = (action: string): boolean => matchers.some((match) => match(action));
  return negated ? (action) => !any(action) : any;
}

function compileArnMatcher(patterns: readonly string[]): ((arn: string) => boolean) | undefined {
  if (patterns.length === 0 || patterns.some(isMatchAll)) return undefined;
  const matchers = patterns.map((pattern) => compileWildcard(pattern, { caseInsensitive: false }));
  if (matchers.length === 1) return matchers[0] as (arn: string) => boolean;
  return (arn) => {
    for (let i = 0; i < matchers.length; i++) if ((matchers[i] as (s: string) => boolean)(arn)) return true;
    return false;
  };
}

function anyArn(matchesArn: (arn: string) => boolean): (resources: readonly string[]) => boolean {
  return (resources) => {
    for (let i = 0; i < resources.length; i++) if (matchesArn(resources[i] as string)) return true;
    return false;
  };
}
