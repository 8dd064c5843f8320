import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";

// A table with sortable columns, a text filter, keyboard-focusable rows (Enter opens), and explicit
// loading and empty states. Filtering and sorting act on the rows given (one page of a listing).

export interface Column<T> {
  readonly id: string;
  readonly header: string;
  /** For sorting and the text filter; default: none (the column is neither sortable nor searched). */
  readonly value?: (row: T) => string | number | undefined;
  /** Default: `value`. */
  readonly render?: (row: T) => ComponentChildren;
  readonly align?: "start" | "end";
}

export interface DataTableProps<T> {
  /** Names the table for assistive technology (and getByRole("table", { name })). */
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  /** `undefined` while loading. */
  readonly rows: readonly T[] | undefined;
  readonly rowKey: (row: T) => string;
  /** Enter or click on a row. */
  readonly onRowActivate?: (row: T) => void;
  /** Text filter over the columns' values; default on. */
  readonly filter?: boolean;
  readonly emptyText?: string;
  readonly initialSort?: { readonly column: string; readonly direction: "ascending" | "descending" };
  /** Highlights the selected row. */
  readonly selectedKey?: string;
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function DataTable<T>(props: DataTableProps<T>) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState(props.initialSort);
  const filterId = useMemo(
    () => `filter-${props.caption.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    [props.caption],
  );

  const shown = useMemo(() => {
    if (props.rows === undefined) return undefined;
    const needle = query.trim().toLowerCase();
    let rows = props.rows.filter(
      (row) =>
        needle === "" ||
        props.columns.some((column) =>
          String(column.value?.(row) ?? "")
            .toLowerCase()
            .includes(needle),
        ),
    );
    const column = sort === undefined ? undefined : props.columns.find((c) => c.id === sort.column);
    if (column?.value !== undefined && sort !== undefined) {
      const value = column.value;
      const sign = sort.direction === "ascending" ? 1 : -1;
      rows = [...rows].sort((a, b) => sign * compare(value(a), value(b)));
    }
    return rows;
  }, [props.rows, props.columns, query, sort]);

  const toggleSort = (id: string): void =>
    setSort((current) =>
      current?.column === id && current.direction === "ascending"
        ? { column: id, direction: "descending" }
        : { column: id, direction: "ascending" },
    );

  const onRowKey = (event: KeyboardEvent, row: T): void => {
    const target = event.currentTarget as HTMLElement;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onRowActivate?.(row);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      (target.nextElementSibling as HTMLElement | null)?.focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (target.previousElementSibling as HTMLElement | null)?.focus();
    }
  };

  return (
    <div class="data-table">
      {props.filter === false ? null : (
        <div class="data-table-filter">
          <label for={filterId}>Filter {props.caption.toLowerCase()}</label>
          <input
            id={filterId}
            type="search"
            value={query}
            onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
          />
          {shown === undefined || props.rows === undefined ? null : (
            <span class="data-table-count" aria-live="polite">
              {shown.length === props.rows.length
                ? `${shown.length} rows`
                : `${shown.length} of ${props.rows.length} rows`}
            </span>
          )}
        </div>
      )}
      <div class="data-table-scroll">
        <table aria-busy={props.rows === undefined ? "true" : "false"}>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => {
                const sorted = sort?.column === column.id ? sort.direction : undefined;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={sorted ?? "none"}
                    class={column.align === "end" ? "align-end" : ""}
                  >
                    {column.value === undefined ? (
                      column.header
                    ) : (
                      <button type="button" class="sort-button" onClick={() => toggleSort(column.id)}>
                        {column.header}
                        <span aria-hidden="true" class="sort-mark">
                          {sorted === "ascending" ? " ▲" : sorted === "descending" ? " ▼" : ""}
                        </span>
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown === undefined ? (
              <tr>
                <td colSpan={props.columns.length} class="data-table-state">
                  Loading…
                </td>
              </tr>
            ) : shown.length === 0 ? (
              <tr>
                <td colSpan={props.columns.length} class="data-table-state">
                  {props.rows !== undefined && props.rows.length > 0
                    ? "No rows match the filter."
                    : (props.emptyText ?? "Nothing to show.")}
                </td>
              </tr>
            ) : (
              shown.map((row) => {
                const key = props.rowKey(row);
                const activate = props.onRowActivate;
                return (
                  <tr
                    key={key}
                    tabIndex={activate === undefined ? undefined : 0}
                    class={`${activate === undefined ? "" : "row-active"}${props.selectedKey === key ? " row-selected" : ""}`}
                    aria-selected={activate === undefined ? undefined : props.selectedKey === key}
                    onClick={activate === undefined ? undefined : () => activate(row)}
                    onKeyDown={activate === undefined ? undefined : (event) => onRowKey(event, row)}
                  >
                    {props.columns.map((column) => (
                      <td key={column.id} class={column.align === "end" ? "align-end" : ""}>
                        {column.render === undefined ? String(column.value?.(row) ?? "") : column.render(row)}
                      </td>
                    ))}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
