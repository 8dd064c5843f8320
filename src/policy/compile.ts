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
  /**
   * Whether `test` can answer `"unreadable"`: every family but String. A clause that cannot read a
   * context value errs whatever the other clauses say (spec §4, errors fail closed), so the
   * evaluator tests these clauses even after another clause was false; String clauses it may skip.
   */
  readonly fallible: boolean;
}

export interface CompiledStatement {
  readonly statement: Statement;
  readonly isDeny: boolean;
  /** Action or NotAction, case-insensitive; NotAction is true when no pattern matches. */
  readonly matchesAction: (action: string) => boolean;
  /**
   * True when any pattern matches any ARN of the set. Undefined when no ARN test is needed: a `*`
   * pattern (then the Resource matches exactly when the set is non-empty, see `requiresResource`),
   * or no Resource at all (a trust statement).
   */
  readonly matchesResources: ((resources: readonly string[]) => boolean) | undefined;
  /** The same for one ARN; defined exactly when `matchesResources` is. */
  readonly matchesArn: ((arn: string) => boolean) | undefined;
  /**
   * True when the statement has a Resource element, which no pattern can match in an empty resource
   * set (spec §3: "any pattern matches any ARN in the set") — `*` included. False only for trust
   * statements, which have no Resource and are not matched against resources.
   */
  readonly requiresResource: boolean;
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
    requiresResource: statement.resources.length > 0,
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
    fallible: operator.family !== "String",
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

// Undefined when every ARN matches (a `*` pattern) or there are no patterns (a trust statement); the
// caller still owes the empty-set rule (`requiresResource`).
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
