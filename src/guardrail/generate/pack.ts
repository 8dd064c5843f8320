// Packing Deny statements into as few documents as the size limit allows. Splitting is sound only
// for Deny statements, and only along ORs: a Deny anywhere denies, so statements may go to
// different documents; the values of a positive operator are ORed, and so are a statement's
// actions, so either may be divided among several statements. The values of a negated operator are
// not: dividing `StringNotEquals k [a, b]` would deny `a` (it is not `b`).
import type { PolicyDocumentJson, PolicyStatementJson } from "./types.js";
import type { PlannedStatement } from "./statements.js";

/** Size as Alibaba counts it: code points, without JSON whitespace outside strings. */
export function documentSize(document: PolicyDocumentJson): number {
  return [...JSON.stringify(document)].length;
}

export type PackResult =
  | { readonly ok: true; readonly documents: readonly PlannedStatement[][] }
  | {
      readonly ok: false;
      /** The statement as planned, before any split. */
      readonly sid: string;
      /** The size of the smallest part it could be cut into. */
      readonly size: number;
    };

/**
 * First, every statement too large for a policy of its own is split until each part fits; then the
 * statements go, in order, into the first document with room (first fit), so a small statement
 * fills the space a large one left.
 */
export function packStatements(statements: readonly PlannedStatement[], limit: number): PackResult {
  const fitting: PlannedStatement[] = [];
  const queue = [...statements];
  while (queue.length > 0) {
    const next = queue.shift() as PlannedStatement;
    if (documentSize(documentOf([next])) <= limit) {
      fitting.push(next);
      continue;
    }
    const parts = split(next, limit);
    if (parts === undefined) {
      return { ok: false, sid: next.origin ?? next.json.Sid, size: documentSize(documentOf([next])) };
    }
    queue.unshift(...parts);
  }
  const documents: PlannedStatement[][] = [];
  for (const statement of fitting) {
    const room = documents.find((document) => documentSize(documentOf([...document, statement])) <= limit);
    if (room !== undefined) room.push(statement);
    else documents.push([statement]);
  }
  return { ok: true, documents };
}

export function documentOf(statements: readonly PlannedStatement[]): PolicyDocumentJson {
  return { Version: "1", Statement: statements.map((statement) => statement.json) };
}

/**
 * Statements that together deny exactly what `planned` denies, each smaller: the longest list of a
 * positive operator is cut into runs that fill a policy each (it is what makes a statement large:
 * protected tag keys); failing that the resources, then the actions are halved. Undefined when none
 * can be cut.
 */
function split(planned: PlannedStatement, limit: number): PlannedStatement[] | undefined {
  const { json } = planned;
  const part = (index: number, changes: Partial<PolicyStatementJson>): PlannedStatement => ({
    control: planned.control,
    json: { ...json, ...changes, Sid: `${json.Sid}Part${index + 1}` },
    origin: planned.origin ?? json.Sid,
  });
  const positive = json.Condition?.["StringEquals"];
  const longest = Object.entries(positive ?? {})
    .filter(([, values]) => values.length > 1)
    .sort(([, a], [, b]) => b.length - a.length)[0];
  if (json.Condition !== undefined && positive !== undefined && longest !== undefined) {
    const [key, values] = longest;
    const withValues = (index: number, slice: readonly string[]) =>
      part(index, { Condition: { ...json.Condition, StringEquals: { ...positive, [key]: slice } } });
    const runs: string[][] = [];
    let run: string[] = [];
    for (const value of values) {
      const candidate = [...run, value];
      if (run.length > 0 && documentSize(documentOf([withValues(runs.length, candidate)])) > limit) {
        runs.push(run);
        run = [value];
      } else {
        run = candidate;
      }
    }
    runs.push(run);
    // One value alone too large: the actions are all that is left to cut.
    if (runs.length > 1) return runs.map((slice, index) => withValues(index, slice));
  }
  // A statement's resources are ORed too (the exempt roles it protects).
  if (typeof json.Resource !== "string" && json.Resource.length > 1) {
    const middle = Math.ceil(json.Resource.length / 2);
    return [
      part(0, { Resource: json.Resource.slice(0, middle) }),
      part(1, { Resource: json.Resource.slice(middle) }),
    ];
  }
  if (json.Action.length > 1) {
    const middle = Math.ceil(json.Action.length / 2);
    return [
      part(0, { Action: json.Action.slice(0, middle) }),
      part(1, { Action: json.Action.slice(middle) }),
    ];
  }
  return undefined;
}
