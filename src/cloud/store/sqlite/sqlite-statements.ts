import { performance } from "node:perf_hooks";
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import type { DirectExecutor } from "../prepared.js";
import type { ExecutedQuery } from "./open-sqlite-store.js";

// The SQLite connection's statements: each prepared once and kept (compiling SQL costs more than
// running most of the store's queries, and it issues a small set of shapes again and again), and
// each read as arrays, which a function made once per statement turns into objects. better-sqlite3's
// own row objects name every column of every row anew (measured: a third of reading 30 image rows
// of 20 columns), while an object literal of a fixed shape costs next to nothing. The same
// statements serve Kysely's driver and prepared queries (../prepared.ts), which skip Kysely.

const MAX_STATEMENTS = 500;

type RowMaker = (values: readonly unknown[]) => unknown;

interface Entry {
  readonly statement: BetterSqlite3.Statement;
  /** For statements that return rows. */
  readonly makeRow?: RowMaker;
}

/**
 * `(v) => ({"region_id": v[0], "image_id": v[1], …})` for the statement's columns. The names come
 * from SQLite's description of the store's own statements and are written as JSON string literals,
 * so a name can only ever be a property key. Later columns of the same name win, as in better-sqlite3.
 */
function rowMaker(columns: readonly string[]): RowMaker {
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ");
  return new Function("v", `return { ${fields} };`) as RowMaker;
}

export interface SqliteStatements {
  /** What Kysely's SQLite dialect prepares through. */
  readonly database: SqliteDatabase;
  /** What prepared queries run through. */
  readonly direct: DirectExecutor;
}

export function sqliteStatements(
  db: BetterSqlite3.Database,
  onQuery: ((query: ExecutedQuery) => void) | undefined,
): SqliteStatements {
  const entries = new Map<string, Entry>();
  const entryFor = (sql: string): Entry => {
    let entry = entries.get(sql);
    if (entry === undefined) {
      if (entries.size >= MAX_STATEMENTS) entries.delete(entries.keys().next().value as string);
      const statement = db.prepare(sql);
      entry = statement.reader
        ? { statement: statement.raw(true), makeRow: rowMaker(statement.columns().map((c) => c.name)) }
        : { statement };
      entries.set(sql, entry);
    }
    return entry;
  };
  const rowsOf = (entry: Entry, parameters: readonly unknown[]): unknown[] => {
    const { statement, makeRow } = entry;
    if (makeRow === undefined) throw new TypeError("this statement returns no rows");
    return (statement.all(parameters) as unknown[][]).map(makeRow);
  };

  const kyselyStatement = (entry: Entry): SqliteStatement => ({
    reader: entry.makeRow !== undefined,
    all: (parameters) => rowsOf(entry, parameters),
    run: (parameters) => entry.statement.run(parameters),
    *iterate(parameters) {
      const { statement, makeRow } = entry;
      if (makeRow === undefined) throw new TypeError("this statement returns no rows");
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>)
        yield makeRow(values);
    },
  });
  const database: SqliteDatabase = {
    close: () => db.close(),
    prepare: (sql) => kyselyStatement(entryFor(sql)),
  };

  const all = (sql: string, parameters: readonly unknown[]): unknown[] => rowsOf(entryFor(sql), parameters);
  const values = (sql: string, parameters: readonly unknown[]): unknown[] => {
    const { statement, makeRow } = entryFor(sql);
    if (makeRow === undefined) throw new TypeError("this statement returns no rows");
    return (statement.all(parameters) as unknown[][]).map((row) => row[0]);
  };
  const run = (sql: string, parameters: readonly unknown[]): number =>
    entryFor(sql).statement.run(parameters).changes;
  if (onQuery === undefined) return { database, direct: { all, values, run } };
  const timed =
    <T>(execute: (sql: string, parameters: readonly unknown[]) => T) =>
    (sql: string, parameters: readonly unknown[]): T => {
      const started = performance.now();
      const result = execute(sql, parameters);
      onQuery({ sql, parameters, durationMs: performance.now() - started });
      return result;
    };
  return { database, direct: { all: timed(all), values: timed(values), run: timed(run) } };
}
