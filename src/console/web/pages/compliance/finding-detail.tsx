import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ExemptionRef } from "../../../../guardrail/index.js";
import { Badge } from "../../components/badge.js";
import { ErrorPanel } from "../../components/error-panel.js";
import { PageHeader } from "../../components/page-header.js";
import { formatTime } from "../../lib/format.js";
import { followLink } from "../../lib/router.js";
import { Backticked } from "../policies/explain-tree.js";
import { complianceApi, verdictTone, type FindingResponse } from "./compliance-api.js";

// One finding: the instance, its image, why it is not golden (every failure), its history (first and
// last seen, resolved, reopened) and any exemption, with what to do about it.

export interface FindingDetailProps {
  readonly findingKey: string;
  /** Rendered under the finding once it is loaded (the remediation preview). */
  readonly children?: (finding: FindingResponse) => ComponentChildren;
  /** Changes when the finding should be read again (after a remediation); what is shown stays meanwhile. */
  readonly generation?: number;
}

function Exemptions(props: { title: string; exemptions: readonly ExemptionRef[] }) {
  return (
    <>
      <h3>{props.title}</h3>
      <ul>
        {props.exemptions.map((exemption) => (
          <li key={exemption.id}>
            <code>{exemption.id}</code>: {exemption.reason} — approved by {exemption.approver}, until{" "}
            {exemption.expiresAt}
          </li>
        ))}
      </ul>
    </>
  );
}

export function FindingDetail(props: FindingDetailProps) {
  const [finding, setFinding] = useState<FindingResponse | undefined>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    setFinding(undefined);
  }, [props.findingKey]);

  useEffect(() => {
    let live = true;
    setError(undefined);
    complianceApi
      .finding(props.findingKey)
      .then((answer) => {
        if (live) setFinding(answer);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      });
    return () => {
      live = false;
    };
  }, [props.findingKey, props.generation]);

  const back = (
    <a href="/console/compliance" onClick={(event) => followLink(event, "/console/compliance")}>
      Back to the findings
    </a>
  );
  if (error !== undefined) {
    return (
      <>
        <PageHeader title="Finding">{back}</PageHeader>
        <ErrorPanel error={error} context="Reading the finding" />
      </>
    );
  }
  if (finding === undefined) {
    return (
      <>
        <PageHeader title="Finding">{back}</PageHeader>
        <p role="status">Loading the finding…</p>
      </>
    );
  }
  const { details, row } = finding;
  return (
    <>
      <PageHeader title={`Finding: ${details.instanceName || finding.instanceId}`}>{back}</PageHeader>
      <section class="panel" aria-labelledby="finding-details-heading">
        {/* For the outline only (the h1 names the finding): its parts below are h3. */}
        <h2 id="finding-details-heading" class="visually-hidden">
          Finding details
        </h2>
        <p class="finding-verdict">
          <Badge tone={verdictTone(finding.verdict)}>{finding.verdictInfo.label}</Badge>{" "}
          <Badge tone={row.status === "open" ? "bad" : "ok"}>{row.status}</Badge>{" "}
          {finding.verdictInfo.description}.
        </p>
        <dl class="kv">
          <dt>Instance</dt>
          <dd>
            {details.instanceName} <code>{finding.instanceId}</code>
          </dd>
          <dt>Account</dt>
          <dd>
            {details.accountName} <code>{finding.accountId}</code>
          </dd>
          <dt>Region</dt>
          <dd>{finding.regionId}</dd>
          <dt>Image</dt>
          <dd>
            <code>{finding.imageId === "" ? "(none reported)" : finding.imageId}</code>
          </dd>
          <dt>Scope</dt>
          <dd>
            {details.mode}
            {details.scopes.length === 0 ? (
              " (in no scope of the spec)"
            ) : (
              <>
                {" "}
                —{" "}
                {details.scopes.map((scope) => (
                  <code key={scope}>{scope}</code>
                ))}
              </>
            )}
          </dd>
          <dt>Why</dt>
          <dd>
            <Backticked text={details.message} />
          </dd>
          <dt>First seen</dt>
          <dd>
            {formatTime(finding.firstSeen)} (scan {finding.firstScanId})
          </dd>
          <dt>Last seen</dt>
          <dd>
            {formatTime(finding.lastSeen)} (scan {finding.lastScanId})
          </dd>
          {finding.resolvedAt === undefined ? null : (
            <>
              <dt>Resolved</dt>
              <dd>{formatTime(finding.resolvedAt)}</dd>
            </>
          )}
          {finding.reopenedAt === undefined ? null : (
            <>
              <dt>Reopened</dt>
              <dd>{formatTime(finding.reopenedAt)}</dd>
            </>
          )}
        </dl>
        {details.failures.length === 0 ? null : (
          <>
            <h3>Every reason the image is not golden</h3>
            <ul class="finding-failures">
              {details.failures.map((failure, i) => (
                <li key={i}>
                  <Badge tone="bad">{failure.reason}</Badge> <Backticked text={failure.message} />
                </li>
              ))}
            </ul>
          </>
        )}
        {details.exemption === undefined ? null : (
          <>
            <p class="notice">
              Exempt until {details.exemption.expiresAt}: it would otherwise be{" "}
              <strong>{details.exemption.verdict}</strong>.
            </p>
            <Exemptions title="Exemptions holding it" exemptions={details.exemption.exemptions} />
          </>
        )}
        {details.expiredExemptions.length === 0 ? null : (
          <Exemptions
            title="Expired exemptions (no longer honoured)"
            exemptions={details.expiredExemptions}
          />
        )}
        {details.exemptionTag === undefined ? null : (
          <p class="notice">
            The image's exemption tag <code>{details.exemptionTag.value}</code> does not hold:{" "}
            <Backticked text={details.exemptionTag.message} />
          </p>
        )}
        <h3>What to do</h3>
        <p>{finding.verdictInfo.help}.</p>
      </section>
      {props.children?.(finding)}
    </>
  );
}
