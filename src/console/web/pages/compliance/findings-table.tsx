import { useEffect, useState } from "preact/hooks";
import { Badge } from "../../components/badge.js";
import { DataTable, type Column } from "../../components/data-table.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { Field } from "../../components/field.js";
import { formatTime } from "../../lib/format.js";
import { navigate, setQuery } from "../../lib/router.js";
import {
  complianceApi,
  verdictTone,
  type FindingRow,
  type FindingsResponse,
  type SummaryResponse,
} from "./compliance-api.js";

// The findings with their filters (verdict, account, scope mode, open or resolved), kept in the URL
// so a reload or a shared link shows the same rows. Enter or a click opens a finding.

export interface FindingsTableProps {
  readonly query: URLSearchParams;
  readonly summary: SummaryResponse;
  /** Changes when a scan was recorded: the rows are read again. */
  readonly generation: number;
}

const COLUMNS: readonly Column<FindingRow>[] = [
  {
    id: "account",
    header: "Account",
    value: (row) => `${row.accountName} ${row.mode}`,
    render: (row) => (
      <>
        {row.accountName}
        <span class="finding-sub">{row.mode}</span>
      </>
    ),
  },
  {
    id: "instance",
    header: "Instance",
    value: (row) => `${row.instanceName} ${row.instanceId} ${row.regionId}`,
    render: (row) => (
      <>
        {row.instanceName}
        <span class="finding-sub mono">{row.instanceId}</span>
        <span class="finding-sub">{row.regionId}</span>
      </>
    ),
  },
  {
    id: "image",
    header: "Image",
    value: (row) => row.imageId,
    render: (row) => <span class="mono finding-image">{row.imageId}</span>,
  },
  {
    id: "verdict",
    header: "Verdict",
    value: (row) => row.verdictLabel,
    render: (row) => <Badge tone={verdictTone(row.verdict)}>{row.verdictLabel}</Badge>,
  },
  {
    id: "status",
    header: "Status",
    value: (row) => row.status,
    render: (row) => (
      <Badge
        tone={row.status === "open" ? "bad" : "ok"}
        title={row.resolvedAt === undefined ? undefined : `resolved ${formatTime(row.resolvedAt)}`}
      >
        {row.status}
      </Badge>
    ),
  },
  {
    id: "lastSeen",
    header: "Last seen",
    value: (row) => row.lastSeen,
    render: (row) => formatTime(row.lastSeen),
  },
  {
    id: "message",
    header: "Why",
    value: (row) => row.message,
    render: (row) => <span class="finding-why">{row.message.replaceAll("`", "")}</span>,
  },
];

export function findingPath(row: Pick<FindingRow, "key">): string {
  return `/console/compliance/findings/${row.key.split("/").map(encodeURIComponent).join("/")}`;
}

export function FindingsTable(props: FindingsTableProps) {
  const [answer, setAnswer] = useState<FindingsResponse | undefined>();
  const [error, setError] = useState<unknown>();
  const queryText = props.query.toString();

  useEffect(() => {
    let live = true;
    setAnswer(undefined);
    setError(undefined);
    complianceApi
      .findings(new URLSearchParams(queryText))
      .then((next) => {
        if (live) setAnswer(next);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      });
    return () => {
      live = false;
    };
  }, [queryText, props.generation]);

  const setFilter = (name: string, value: string): void => {
    const next = new URLSearchParams(props.query);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setQuery(next);
  };
  const select = (
    name: string,
    label: string,
    options: readonly { value: string; label: string }[],
    fallback = "",
  ) => (
    <Field id={`findings-${name}`} label={label}>
      {(control) => (
        <select
          {...control}
          value={props.query.get(name) ?? fallback}
          onChange={(event) => setFilter(name, (event.currentTarget as HTMLSelectElement).value)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <section class="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      <div class="toolbar" role="group" aria-label="Finding filters">
        {select("verdict", "Filter by verdict", [
          { value: "", label: "Any verdict" },
          ...props.summary.verdicts.map((verdict) => ({ value: verdict.verdict, label: verdict.label })),
        ])}
        {select("account", "Filter by account", [
          { value: "", label: "Any account" },
          ...(answer?.accounts ?? []).map((account) => ({
            value: account.accountId,
            label: `${account.accountName} (${account.accountId})`,
          })),
        ])}
        {select("mode", "Filter by scope mode", [
          { value: "", label: "Any mode" },
          { value: "enforce", label: "enforce" },
          { value: "audit", label: "audit" },
          { value: "unscoped", label: "unscoped" },
        ])}
        {select(
          "status",
          "Filter by status",
          [
            { value: "open", label: "Open" },
            { value: "resolved", label: "Resolved" },
            { value: "all", label: "Open and resolved" },
          ],
          "open",
        )}
      </div>
      {error !== undefined ? (
        <ErrorPanel error={error} context="Listing the findings" />
      ) : (
        <>
          {answer?.truncated === true ? (
            <p class="notice">
              Showing the first {answer.findings.length} of {answer.total} findings; narrow the filters to see
              the rest.
            </p>
          ) : null}
          <DataTable
            caption="Findings"
            columns={COLUMNS}
            rows={answer?.findings}
            rowKey={(row) => row.key}
            onRowActivate={(row) => navigate(findingPath(row))}
            emptyText="No findings match these filters."
            initialSort={{ column: "account", direction: "ascending" }}
          />
        </>
      )}
    </section>
  );
}
