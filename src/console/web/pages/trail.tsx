import { useEffect, useRef, useState } from "preact/hooks";
import type { Column } from "../components/data-table.js";
import { DataTable } from "../components/data-table.js";
import { ErrorPanel } from "../components/error-panel.js";
import { Field } from "../components/field.js";
import { PageHeader } from "../components/page-header.js";
import { StatusRegion } from "../components/status-region.js";
import { api, asApiError, type ApiError } from "../lib/api.js";
import { formatTime } from "../lib/format.js";
import { setQuery } from "../lib/router.js";
import type { PageProps } from "./index.js";
import { DecisionBadge } from "./trail/decision-badge.js";
import { EventDetail } from "./trail/event-detail.js";
import {
  filtersFromQuery,
  filtersToQuery,
  lookupParams,
  type LookupEventsResponse,
  type TrailEvent,
  type TrailFilters,
} from "./trail/trail-event.js";
import "./trail/trail.css";

// The audit trail: every call recorded in the signed-in account, with its authorization decision,
// read through ActionTrail LookupEvents as the signed-in user (who needs actiontrail:LookupEvents).

const PAGE_SIZE = 25;

const columns: readonly Column<TrailEvent>[] = [
  {
    id: "time",
    header: "Time",
    value: (e) => e.eventTime,
    render: (e) => <span class="trail-time">{formatTime(e.eventTime)}</span>,
  },
  {
    id: "event",
    header: "Event",
    value: (e) => `${e.serviceName ?? ""} ${e.eventName}`,
    render: (e) => (
      <>
        <span class="trail-service">{e.serviceName ?? ""}</span> <strong>{e.eventName}</strong>
      </>
    ),
  },
  { id: "user", header: "User", value: (e) => e.userIdentity?.userName ?? "" },
  {
    // The error code shares the decision's cell: one column fewer keeps the table within a
    // 1024-pixel-wide window.
    id: "decision",
    header: "Decision",
    value: (e) => `${e.decision?.result ?? ""} ${e.errorCode ?? ""}`.trim(),
    render: (e) => (
      <>
        <DecisionBadge result={e.decision?.result} />
        {e.errorCode === undefined ? null : (
          <div>
            <code>{e.errorCode}</code>
          </div>
        )}
      </>
    ),
  },
  {
    id: "policy",
    header: "Decided by",
    value: (e) => e.decision?.policyName ?? e.decision?.policyType ?? "",
    render: (e) =>
      e.decision === undefined ? (
        ""
      ) : (
        <span class="trail-policy">
          {e.decision.policyName ?? e.decision.policyType ?? ""}
          {e.decision.sid === undefined ? "" : ` · ${e.decision.sid}`}
        </span>
      ),
  },
];

export function TrailPage(props: PageProps) {
  const applied = filtersFromQuery(props.query);
  const appliedKey = filtersToQuery(applied).toString();
  const [draft, setDraft] = useState<TrailFilters>(applied);
  const [page, setPage] = useState<LookupEventsResponse | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  // The NextTokens of the pages shown so far under the applied filters (the first page has none);
  // new filters start from the first page again.
  const [paging, setPaging] = useState<{ key: string; tokens: readonly (string | undefined)[] }>({
    key: appliedKey,
    tokens: [undefined],
  });
  const tokens = paging.key === appliedKey ? paging.tokens : [undefined];
  const setTokens = (next: readonly (string | undefined)[]): void =>
    setPaging({ key: appliedKey, tokens: next });
  const [selected, setSelected] = useState<TrailEvent | undefined>(undefined);
  const [refreshes, setRefreshes] = useState(0);
  const token = tokens[tokens.length - 1];
  const latest = useRef(0);

  useEffect(() => {
    setDraft(filtersFromQuery(new URLSearchParams(appliedKey)));
  }, [appliedKey]);

  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    api
      .call<LookupEventsResponse>("actiontrail", "LookupEvents", {
        ...lookupParams(filtersFromQuery(new URLSearchParams(appliedKey))),
        MaxResults: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      })
      .then(
        (response) => {
          if (request !== latest.current) return;
          setPage(response);
          setError(undefined);
        },
        (err: unknown) => {
          if (request !== latest.current) return;
          setError(asApiError(err));
          setPage(undefined);
        },
      )
      .finally(() => {
        if (request === latest.current) setLoading(false);
      });
  }, [appliedKey, token, refreshes]);

  const eventParam = props.query.get("event");
  useEffect(() => {
    if (eventParam === null) setSelected(undefined);
    else if (selected?.eventId !== eventParam) {
      const found = page?.Events.find((event) => event.eventId === eventParam);
      if (found !== undefined) setSelected(found);
    }
  }, [eventParam, page, selected]);

  const apply = (event: Event): void => {
    event.preventDefault();
    const query = filtersToQuery(draft, props.query);
    query.delete("event");
    setQuery(query);
  };
  const select = (event: TrailEvent | undefined): void => {
    setSelected(event);
    const query = new URLSearchParams(props.query);
    if (event === undefined) query.delete("event");
    else query.set("event", event.eventId);
    setQuery(query);
  };
  const set = (key: keyof TrailFilters) => (event: Event) =>
    setDraft((current) => ({ ...current, [key]: (event.currentTarget as HTMLInputElement).value }));

  const count = page?.Events.length ?? 0;
  return (
    <>
      <PageHeader title="Audit trail">
        <button type="button" onClick={() => setRefreshes((n) => n + 1)} disabled={loading}>
          Refresh
        </button>
      </PageHeader>
      <p class="page-intro">
        Every API call recorded in your account — by the console, the SDKs or the CLI — with the authorization
        decision that let it through or refused it.
      </p>
      <form class="panel trail-filters" onSubmit={apply} aria-label="Filter events">
        <div class="form-row">
          <Field id="trail-from" label="From">
            {(control) => (
              <input {...control} type="datetime-local" value={draft.from} onInput={set("from")} />
            )}
          </Field>
          <Field id="trail-to" label="To">
            {(control) => <input {...control} type="datetime-local" value={draft.to} onInput={set("to")} />}
          </Field>
          <Field id="trail-event-name" label="Event name" hint="e.g. RunInstances">
            {(control) => (
              <input {...control} type="text" value={draft.eventName} onInput={set("eventName")} />
            )}
          </Field>
          <Field id="trail-user" label="User" hint="root, a user name, or role:session">
            {(control) => <input {...control} type="text" value={draft.user} onInput={set("user")} />}
          </Field>
          <Field id="trail-decision" label="Decision">
            {(control) => (
              <select {...control} value={draft.decision} onChange={set("decision")}>
                <option value="">Any</option>
                <option value="Allow">Allow</option>
                <option value="ExplicitDeny">Explicit deny</option>
                <option value="ImplicitDeny">Implicit deny</option>
              </select>
            )}
          </Field>
          <Field id="trail-error-code" label="Error code" hint="e.g. Forbidden.RAM">
            {(control) => (
              <input {...control} type="text" value={draft.errorCode} onInput={set("errorCode")} />
            )}
          </Field>
        </div>
        <div class="toolbar">
          <button type="submit" class="button-primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              const query = new URLSearchParams(props.query);
              for (const key of ["from", "to", "eventName", "user", "decision", "errorCode", "event"])
                query.delete(key);
              setQuery(query);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <StatusRegion label="Trail status">
        {loading
          ? "Loading events…"
          : page === undefined
            ? ""
            : `${count} event${count === 1 ? "" : "s"} on this page (${formatTime(page.StartTime)} – ${formatTime(page.EndTime)})`}
      </StatusRegion>
      {error !== undefined ? (
        <ErrorPanel error={error} context="Reading the audit trail" />
      ) : (
        <>
          <DataTable
            caption="Recorded calls"
            columns={columns}
            rows={page?.Events}
            rowKey={(event) => event.eventId}
            onRowActivate={(event) => select(event)}
            selectedKey={selected?.eventId}
            emptyText="No events match these filters."
          />
          <nav class="pager" aria-label="Trail pages">
            <button
              type="button"
              disabled={tokens.length <= 1 || loading}
              onClick={() => setTokens(tokens.slice(0, -1))}
            >
              Newer events
            </button>
            <span>Page {tokens.length}</span>
            <button
              type="button"
              disabled={page?.NextToken === undefined || loading}
              onClick={() => {
                if (page?.NextToken !== undefined) setTokens([...tokens, page.NextToken]);
              }}
            >
              Older events
            </button>
          </nav>
        </>
      )}
      {selected === undefined ? null : <EventDetail event={selected} onClose={() => select(undefined)} />}
    </>
  );
}
