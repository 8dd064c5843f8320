// What a valid policy document says, read straight from its JSON object: the statements a
// ValidatedPolicy should hold. The differential test feeds validated policies to both the engine and
// the reference, so this check is what keeps a parser that drops or bends something from hiding there.
import type { ConditionClause, ConditionOperatorName, Effect, Statement } from "../../../src/policy/index.js";
import { normalizeContextKey } from "../../../src/policy/index.js";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A string and a one-element array are the same thing; numbers and booleans read as their string form. */
function strings(value: Json): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => (typeof item === "string" ? item : String(item)));
}

/** The statements of a document that is known to be valid (a generated one that passed validation). */
export function refReadStatements(doc: { readonly [key: string]: Json }): Statement[] {
  const statements = doc.Statement as { [key: string]: Json }[];
  return statements.map((raw, index) => {
    const negated = raw.NotAction !== undefined;
    const conditions: ConditionClause[] = [];
    const condition = (raw.Condition ?? {}) as { [operator: string]: { [key: string]: Json } };
    for (const [operator, block] of Object.entries(condition)) {
      for (const [key, values] of Object.entries(block)) {
        conditions.push({
          operator: operator as ConditionOperatorName,
          key,
          normalizedKey: normalizeContextKey(key),
          values: strings(values),
        });
      }
    }
    return {
      index,
      ...(typeof raw.Sid === "string" ? { sid: raw.Sid } : {}),
      effect: raw.Effect as Effect,
      action: { negated, patterns: strings((negated ? raw.NotAction : raw.Action) as Json) },
      resources: strings(raw.Resource as Json),
      conditions,
    };
  });
}
