import type { ActionCatalogView, Statement } from "../types.js";
import { compileWildcard, hasWildcard } from "../wildcard.js";

/**
 * The catalog actions a statement's `Action` patterns stand for, or undefined when the catalog
 * cannot speak for them: a `NotAction`, a pattern whose service part is a wildcard (`*`, `e*:Run*`),
 * or patterns no catalog action matches. The catalog covers a few services only, so those
 * statements also govern actions it has never heard of, and any conclusion about them would be a guess.
 */
export function catalogActionsOf(
  statement: Statement,
  catalog: ActionCatalogView,
): readonly string[] | undefined {
  if (statement.action.negated) return undefined;
  const patterns = statement.action.patterns;
  if (
    patterns.some((pattern) => !pattern.includes(":") || hasWildcard(pattern.slice(0, pattern.indexOf(":"))))
  ) {
    return undefined;
  }
  const tests = patterns.map((pattern) => compileWildcard(pattern, { caseInsensitive: true }));
  const actions = catalog.actionNames.filter((name) => tests.some((test) => test(name)));
  return actions.length > 0 ? actions : undefined;
}
