// Multi-row INSERTs through prepared queries (../prepared.ts): the rows go as one array per column,
// since an array parameter is a list of values whose length is part of the compiled shape, and a
// batch is cut into chunks of a power of two rows so that each table has few shapes to compile.

/** Rows as one array per column. */
export type ColumnsOf<Row> = { readonly [K in keyof Row]: readonly Row[K][] };

export function columnsOf<Row extends object>(rows: readonly Row[]): ColumnsOf<Row> {
  const columns: Record<string, unknown[]> = {};
  for (const name of Object.keys(rows[0] ?? {})) {
    columns[name] = rows.map((row) => (row as Record<string, unknown>)[name]);
  }
  return columns as ColumnsOf<Row>;
}

/** The rows back from their columns, for the query builder (each value still a stand-in). */
export function rowsOf<Row extends object>(columns: ColumnsOf<Row>): Row[] {
  const names = Object.keys(columns);
  const count = (columns as Record<string, readonly unknown[]>)[names[0] ?? ""]?.length ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const name of names) row[name] = (columns as Record<string, readonly unknown[]>)[name]![i];
    return row as Row;
  });
}

/** `items` in consecutive chunks, each the largest power of two up to `max` that what is left fills. */
export function* powerOfTwoChunks<T>(items: readonly T[], max: number): Generator<readonly T[]> {
  let start = 0;
  while (start < items.length) {
    let size = max;
    while (size > items.length - start) size /= 2;
    yield items.slice(start, start + size);
    start += size;
  }
}
