import { Badge } from "../../components/badge.js";
import { formatTime } from "../../lib/format.js";
import type { TrailEvent } from "./trail-event.js";
import { DecisionBadge } from "./decision-badge.js";

// One event in full: who, what, the outcome, the authorization decision with every check, and the
// request parameters as recorded (secrets are never recorded).

export function EventDetail(props: { event: TrailEvent; onClose: () => void }) {
  const { event } = props;
  const decision = event.decision;
  return (
    <section class="panel trail-detail" aria-labelledby="trail-detail-title">
      <div class="page-header">
        <h2 id="trail-detail-title">
          {event.serviceName ?? ""} {event.eventName}
        </h2>
        <button type="button" class="button-secondary" onClick={props.onClose}>
          Close details
        </button>
      </div>
      <dl class="kv">
        <dt>Time</dt>
        <dd>{formatTime(event.eventTime)}</dd>
        <dt>Caller</dt>
        <dd>
          {event.userIdentity?.userName ?? "unknown"}{" "}
          <span class="mono">{event.userIdentity?.arn ?? ""}</span>
        </dd>
        <dt>AccessKey</dt>
        <dd class="mono">{event.userIdentity?.accessKeyId ?? ""}</dd>
        <dt>Outcome</dt>
        <dd>
          {event.errorCode === undefined ? (
            <Badge tone="ok">HTTP {event.httpStatus ?? 200}</Badge>
          ) : (
            <>
              <Badge tone="bad">{event.errorCode}</Badge> {event.errorMessage ?? ""}
            </>
          )}
        </dd>
        <dt>Decision</dt>
        <dd>
          {decision === undefined ? (
            "not authorized (the request failed before authorization)"
          ) : (
            <DecisionBadge result={decision.result} />
          )}
        </dd>
        {decision?.policyName === undefined && decision?.reason === undefined ? null : (
          <>
            <dt>Decided by</dt>
            <dd>
              {decision.policyType ?? ""}{" "}
              {decision.policyName === undefined ? "" : <code>{decision.policyName}</code>}
              {decision.policyVersion === undefined ? "" : ` ${decision.policyVersion}`}
              {decision.statementIndex === undefined ? "" : `, statement ${decision.statementIndex + 1}`}
              {decision.sid === undefined ? (
                ""
              ) : (
                <>
                  {" "}
                  <code>{decision.sid}</code>
                </>
              )}
              {decision.rdNode === undefined ? "" : ` on ${decision.rdNode}`}
              {decision.reason === undefined ? "" : ` — ${decision.reason}`}
            </dd>
          </>
        )}
        <dt>Region</dt>
        <dd>{event.acsRegion ?? ""}</dd>
        <dt>Source</dt>
        <dd>
          {event.sourceIpAddress ?? ""} · {event.userAgent ?? ""}
        </dd>
        <dt>Request id</dt>
        <dd class="mono">{event.requestId ?? ""}</dd>
        <dt>Event id</dt>
        <dd class="mono">{event.eventId}</dd>
      </dl>
      {decision?.checks === undefined || decision.checks.length === 0 ? null : (
        <>
          <h3>Authorization checks</h3>
          <ol class="trail-checks">
            {decision.checks.map((check, i) => (
              <li key={i}>
                <DecisionBadge result={check.result} /> <code>{check.action}</code> on{" "}
                {check.resources.map((resource) => (
                  <code key={resource} class="trail-resource">
                    {resource}
                  </code>
                ))}
              </li>
            ))}
          </ol>
        </>
      )}
      <h3>Request parameters</h3>
      <pre class="json" tabIndex={0} aria-label="Request parameters">
        {JSON.stringify(event.requestParameters ?? {}, null, 2)}
      </pre>
    </section>
  );
}
