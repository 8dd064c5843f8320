import { CompiledQuery } from "kysely";
import type { Compilable, Kysely } from "kysely";
import type { Database } from "./schema.js";

// Queries written once with Kysely's builder and compiled once. Building and compiling a query with
// Kysely costs more than SQLite takes to run most point queries (measured on RunInstances: a fifth
// of the call's CPU), and the hot paths run the same few shapes again and again. A prepared query
// is built with stand-ins for its parameters; compiling it once gives the SQL and where each
// parameter goes, and every later run only binds the values. It stays written against the builder,
// so it compiles for whichever dialect the store runs on.
//
// The builder sees its parameters as stand-ins, never as values: it must pass them to the builder
// as values (`where(col, "=", p.id)`), not compute with them or branch on them. An array parameter
// gives one compiled shape per length (`in` lists), so its element count is part of the shape.

const STAND_IN = "\u0000imageguard:param:";

/** Parameters of a prepared query: named values, arrays of values for `in` lists. */
export type QueryParams = object;

function valueOf(params: QueryParams, name: string): unknown {
  return (params as Readonly<Record<string, unknown>>)[name];
}

export interface Prepared<P extends QueryParams, R> {
  /** For diagnostics only. */
  readonly name: string;
  readonly build: (db: Kysely<Database>, p: P) => Compilable<R>;
  /** Only for the type: the row type the query returns. */
  readonly rowType?: R;
}

/** The compiled SQL and, for each of its parameters, a constant or the name (and index) to bind. */
export interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
  /** Whether the statement returns rows. */
  readonly reader: boolean;
}

type Slot =
  | { readonly kind: "const"; readonly value: unknown }
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "element"; readonly name: string; readonly index: number };

// Array parameters longer than this are refused: each length is a shape of its own.
const MAX_LIST_LENGTH = 1000;

export function prepared<P extends QueryParams, R>(
  name: string,
  build: (db: Kysely<Database>, p: P) => Compilable<R>,
): Prepared<P, R> {
  return { name, build };
}

/**
 * One store's compiled templates: per store, because the SQL depends on the store's dialect. Each
 * prepared query has one shape per combination of array lengths it was run with.
 */
export class TemplateCache {
  readonly #byQuery = new Map<Prepared<never, unknown>, Map<string, Template>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The template for these parameters' shape, compiled on first use. */
  templateFor<P extends QueryParams, R>(query: Prepared<P, R>, params: P): Template {
    let shapes = this.#byQuery.get(query as Prepared<never, unknown>);
    if (shapes === undefined) {
      shapes = new Map();
      this.#byQuery.set(query as Prepared<never, unknown>, shapes);
    }
    let key = "";
    for (const name in params) {
      const value = valueOf(params, name);
      if (Array.isArray(value)) key += `${name}:${value.length};`;
    }
    const cached = shapes.get(key);
    if (cached !== undefined) return cached;
    const template = compile(this.db, query, params);
    shapes.set(key, template);
    return template;
  }
}

function compile<P extends QueryParams, R>(db: Kysely<Database>, query: Prepared<P, R>, params: P): Template {
  const standIns: Record<string, unknown> = {};
  for (const name in params) {
    const value = valueOf(params, name);
    if (Array.isArray(value)) {
      if (value.length === 0 || value.length > MAX_LIST_LENGTH) {
        throw new RangeError(
          `prepared query \`${query.name}\`: \`${name}\` must hold 1 to ${MAX_LIST_LENGTH} values, got ${value.length}`,
        );
      }
      standIns[name] = value.map((_, index) => `${STAND_IN}${name}\u0000${index}`);
    } else {
      standIns[name] = `${STAND_IN}${name}`;
    }
  }
  const compiled = query.build(db, standIns as P).compile();
  const slots = compiled.parameters.map((value): Slot => {
    if (typeof value !== "string" || !value.startsWith(STAND_IN)) return { kind: "const", value };
    const [name, index] = value.slice(STAND_IN.length).split("\u0000") as [string, string | undefined];
    return index === undefined ? { kind: "param", name } : { kind: "element", name, index: Number(index) };
  });
  // Every stand-in must reach the SQL as a parameter: one that did not was inlined or computed with.
  const bound = new Set(slots.flatMap((slot) => (slot.kind === "const" ? [] : [slot.name])));
  const missing = Object.keys(standIns).filter((name) => !bound.has(name));
  if (missing.length > 0) {
    throw new Error(
      `prepared query \`${query.name}\` does not bind \`${missing.join("`, `")}\` as parameters`,
    );
  }
  const kind = compiled.query.kind;
  return { sql: compiled.sql, slots, reader: kind === "SelectQueryNode" || hasReturning(compiled.query) };
}

function hasReturning(node: { readonly kind: string }): boolean {
  return "returning" in node && (node as { returning?: unknown }).returning !== undefined;
}

/** The values to bind, in the template's order; `undefined` binds as NULL. */
export function bind(template: Template, params: QueryParams): unknown[] {
  return template.slots.map((slot) => {
    switch (slot.kind) {
      case "const":
        return slot.value;
      case "param":
        return valueOf(params, slot.name) ?? null;
      case "element":
        return (valueOf(params, slot.name) as readonly unknown[])[slot.index] ?? null;
    }
  });
}

/** The same query as a CompiledQuery, for executors that go through Kysely. */
export function toCompiledQuery(template: Template, params: QueryParams): CompiledQuery {
  return CompiledQuery.raw(template.sql, bind(template, params));
}

/**
 * A backend's way to run SQL at once, without Kysely's executor: only ever used while the calling
 * transaction holds the connection, or while no transaction is open at all.
 */
export interface DirectExecutor {
  all(sql: string, parameters: readonly unknown[]): unknown[];
  /** The first column of every row, without making row objects. */
  values(sql: string, parameters: readonly unknown[]): unknown[];
  /** Returns the number of rows changed. */
  run(sql: string, parameters: readonly unknown[]): number;
}
