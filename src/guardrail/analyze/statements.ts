// Which statements of a principal's chain can take part in deciding an action, and what they
// compare: resource patterns and conditions by key. Only these constants shape the classes the
// analysis enumerates; statements whose Action cannot match are left out because the engine skips
// them for this action too.
import { compileWildcard, normalizeContextKey } from "../../policy/index.js";
import type { ChainInput, ConditionClause, NamedPolicy, Statement } from "../../policy/index.js";

export interface PlacedStatementRef {
  readonly policy: NamedPolicy;
  readonly statement: Statement;
}

/** Every statement of the chain: control policies on the path, the session policy, identity policies. */
export function chainStatements(chain: ChainInput): PlacedStatementRef[] {
  const policies: NamedPolicy[] = [
    ...(chain.controlPolicyPath ?? []).flatMap((node) => node.policies),
    ...(chain.sessionPolicy === undefined ? [] : [chain.sessionPolicy]),
    ...chain.identityPolicies,
  ];
  return policies.flatMap((policy) => policy.policy.statements.map((statement) => ({ policy, statement })));
}

export function actionMatches(statement: Statement, action: string): boolean {
  const any = statement.action.patterns.some((pattern) =>
    compileWildcard(pattern, { caseInsensitive: true })(action),
  );
  return statement.action.negated ? !any : any;
}

export interface ActionView {
  readonly statements: readonly Statement[];
  readonly patterns: readonly string[];
  /** Conditions by canonical key. */
  readonly clauses: ReadonlyMap<string, readonly ConditionClause[]>;
}

export function actionView(statements: readonly PlacedStatementRef[], action: string): ActionView {
  const relevant = statements
    .filter((ref) => actionMatches(ref.statement, action))
    .map((ref) => ref.statement);
  const patterns = [...new Set(relevant.flatMap((statement) => statement.resources))];
  const clauses = new Map<string, ConditionClause[]>();
  for (const statement of relevant) {
    for (const clause of statement.conditions) {
      const list = clauses.get(clause.normalizedKey) ?? [];
      list.push(clause);
      clauses.set(clause.normalizedKey, list);
    }
  }
  return { statements: relevant, patterns, clauses };
}

/** Per statement, the indices of its `Resource` patterns in `view.patterns` (arn-space's input). */
export function statementPatternIndices(view: ActionView): number[][] {
  return view.statements.map((statement) =>
    statement.resources.map((pattern) => view.patterns.indexOf(pattern)),
  );
}

export function clausesOf(view: ActionView, key: string): readonly ConditionClause[] {
  return view.clauses.get(normalizeContextKey(key)) ?? [];
}

const RESOURCE_TAG = "acs:resourcetag/";
const REQUEST_TAG = "acs:requesttag/";

/** Tag keys the conditions name after `acs:ResourceTag/` (`resource`) or `acs:RequestTag/` (`request`). */
export function namedTagKeys(view: ActionView, family: "resource" | "request"): string[] {
  const prefix = family === "resource" ? RESOURCE_TAG : REQUEST_TAG;
  const keys: string[] = [];
  for (const key of view.clauses.keys()) {
    if (key.startsWith(prefix)) keys.push(key.slice(prefix.length));
  }
  return keys;
}
