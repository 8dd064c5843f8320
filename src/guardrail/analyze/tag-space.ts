// Tags as the policies see them: the tags a resource carries (`acs:ResourceTag/<key>`), the tags a
// request sets (`acs:RequestTag/<key>`) and the keys it sets or removes (`acs:TagKeys`, multi-valued).
//
// Only keys a policy or the question names can be told apart by name ("named" keys); every other
// key is seen only through `acs:TagKeys`, where the engine asks, per condition, whether ANY of the
// request's keys matches (positive operators) or NONE does (negated ones) — and fails closed if any
// key is unreadable. So a set of keys acts on the policies only through the OR, over its keys, of
// each key's per-condition outcome. The enumeration therefore takes every subset of the named keys
// (each with a representative value per class) and, for the other keys, one set per distinct OR of
// their classes' outcomes — reached by adding one class at a time, so each set is as small as it can
// be (at most one key per condition outcome it turns on).
import { conditionOperators } from "../../policy/index.js";
import type { ConditionClause } from "../../policy/index.js";
import type { TagPair } from "../../catalog/index.js";
import { valueClasses } from "./value-classes.js";

export interface TagChoice {
  /** Key → value; for a removal the value is unused. */
  readonly tags: readonly TagPair[];
}

export interface TagSpaceInput {
  /** Keys told apart by name, in the order subsets are formed. */
  readonly named: readonly string[];
  /** Representative values of a named key (for removals, one placeholder value). */
  readonly valuesOf: (key: string) => readonly string[];
  /** Conditions on `acs:TagKeys`. */
  readonly tagKeyClauses: readonly ConditionClause[];
  /** Only subsets that contain at least one of these keys (a question about protected keys). */
  readonly mustInclude?: readonly string[];
  readonly maxStates: number;
  readonly maxChoices: number;
}

export interface TagSpace {
  readonly choices: readonly TagChoice[];
  readonly capped: boolean;
  readonly limits: readonly string[];
}

/** Outcome of each `acs:TagKeys` condition for one key: `1` match, `0` no match, `u` unreadable. */
export function tagKeyOutcome(clauses: readonly ConditionClause[], key: string): string {
  return clauses
    .map((clause) => {
      const test = conditionOperators[clause.operator].compile(clause.values)(key);
      return test === "unreadable" ? "u" : test ? "1" : "0";
    })
    .join("");
}

function orOutcomes(a: string, b: string): string {
  let out = "";
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // `u` dominates: one unreadable key makes the whole condition err.
    out += x === "u" || y === "u" ? "u" : x === "1" || y === "1" ? "1" : "0";
  }
  return out;
}

const OTHER_KEY_PREFERRED = ["team", "cost-center", "owner"];

export function enumerateTagSpace(input: TagSpaceInput): TagSpace {
  const limits: string[] = [];
  let capped = false;
  const clauses = input.tagKeyClauses;
  const width = clauses.length;
  const none = "0".repeat(width);

  // Other keys: one per class of the `acs:TagKeys` conditions, the named keys kept apart.
  const otherClasses = valueClasses(clauses, {
    extraConstants: input.named,
    preferred: OTHER_KEY_PREFERRED,
    nonEmpty: true,
    maxStates: input.maxStates,
  });
  if (otherClasses.capped) capped = true;
  limits.push(...otherClasses.limits.map((limit) => `\`acs:TagKeys\` ${limit}`));
  const otherKeys = otherClasses.values.filter((key) => !input.named.includes(key));
  const byOutcome = new Map<string, string>();
  for (const key of otherKeys) {
    const outcome = tagKeyOutcome(clauses, key);
    if (!byOutcome.has(outcome)) byOutcome.set(outcome, key);
  }
  // Sets of other keys, one per distinct OR, fewest keys first.
  const otherSets = new Map<string, string[]>([[none, []]]);
  let frontier: [string, string[]][] = [[none, []]];
  while (frontier.length > 0) {
    const next: [string, string[]][] = [];
    for (const [outcome, keys] of frontier) {
      for (const [single, key] of byOutcome) {
        const combined = orOutcomes(outcome, single);
        if (otherSets.has(combined)) continue;
        const set = [...keys, key];
        otherSets.set(combined, set);
        next.push([combined, set]);
      }
    }
    frontier = next;
  }

  const choices: TagChoice[] = [];
  const named = input.named;
  const mustInclude = input.mustInclude;
  // Subsets of named keys by increasing size, so simpler counterexamples come first.
  const subsets: string[][] = [];
  for (let mask = 0; mask < 1 << named.length; mask++) {
    const subset = named.filter((_, i) => (mask & (1 << i)) !== 0);
    if (mustInclude !== undefined && !subset.some((key) => mustInclude.includes(key))) continue;
    subsets.push(subset);
  }
  if (named.length > 20) {
    limits.push(`${named.length} tag keys are named: their subsets were not all enumerated`);
    capped = true;
  }
  subsets.sort((a, b) => a.length - b.length);
  outer: for (const subset of subsets) {
    for (const others of otherSets.values()) {
      for (const values of valueProduct(subset, input.valuesOf)) {
        choices.push({
          tags: [
            ...subset.map((key, i) => ({ key, value: values[i] as string })),
            ...others.map((key) => ({ key, value: "analysis" })),
          ],
        });
        if (choices.length >= input.maxChoices) {
          capped = true;
          break outer;
        }
      }
    }
  }
  return { choices, capped, limits };
}

function* valueProduct(
  keys: readonly string[],
  valuesOf: (key: string) => readonly string[],
): Generator<string[]> {
  if (keys.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = keys as [string, ...string[]];
  for (const value of valuesOf(first))
    for (const tail of valueProduct(rest, valuesOf)) yield [value, ...tail];
}

/** Every combination of a resource's tags on the named keys: absent or one representative value each. */
export function* resourceTagCombinations(
  keys: readonly string[],
  valuesOf: (key: string) => readonly string[],
): Generator<Record<string, string>> {
  if (keys.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = keys as [string, ...string[]];
  for (const tail of resourceTagCombinations(rest, valuesOf)) {
    yield tail;
    for (const value of valuesOf(first)) yield { [first]: value, ...tail };
  }
}
