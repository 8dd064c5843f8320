import { useCallback, useEffect, useState } from "preact/hooks";
import { ErrorPanel } from "../components/error-panel.js";
import { PageHeader } from "../components/page-header.js";
import type { PageProps } from "./index.js";
import { complianceApi, type SummaryResponse } from "./compliance/compliance-api.js";
import { FindingDetail } from "./compliance/finding-detail.js";
import { FindingsTable } from "./compliance/findings-table.js";
import { RemediationPanel } from "./compliance/remediation-panel.js";
import { ScanControl } from "./compliance/scan-control.js";
import { SummaryView } from "./compliance/summary-view.js";
import "./compliance/compliance.css";

// The compliance picture: run a scan, the summary with its charts, the findings with filters, and
// one finding's detail at /console/compliance/findings/<account>/<region>/<instance>. Reading the
// findings needs what listing the organisation needs (the server asks the cloud first): without
// it, the page shows the cloud's explanation instead of the picture.

const BASE = "/console/compliance";
const FINDING_PREFIX = `${BASE}/findings/`;

export function CompliancePage(props: PageProps) {
  if (props.path.startsWith(FINDING_PREFIX)) {
    const key = props.path.slice(FINDING_PREFIX.length).split("/").map(decodeSegment).join("/");
    return <FindingPage findingKey={key} />;
  }
  return <ComplianceOverview query={props.query} />;
}

/** A hand-edited URL may not be valid percent-encoding: its segment is looked up as written (and not found). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function FindingPage(props: { findingKey: string }) {
  const [generation, setGeneration] = useState(0);
  // Once a remediation ran here, its outcome stays on screen even though the finding is now resolved.
  const [applied, setApplied] = useState(false);
  return (
    <FindingDetail findingKey={props.findingKey} generation={generation}>
      {(finding) =>
        finding.resolvedAt !== undefined && !applied ? (
          <p class="panel">This finding is resolved: there is nothing to remediate.</p>
        ) : (
          <RemediationPanel
            findingKey={finding.key}
            instanceName={finding.details.instanceName || finding.instanceId}
            onApplied={() => {
              setApplied(true);
              setGeneration((current) => current + 1);
            }}
          />
        )
      }
    </FindingDetail>
  );
}

function ComplianceOverview(props: { query: URLSearchParams }) {
  const [summary, setSummary] = useState<SummaryResponse | undefined>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setSummary(await complianceApi.summary());
    } catch (err) {
      setError(err);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader title="Compliance" />
      <ScanControl
        onRecorded={() => {
          setGeneration((current) => current + 1);
          void load();
        }}
      />
      {error !== undefined ? (
        <ErrorPanel error={error} context="Reading the findings" />
      ) : summary === undefined ? (
        <p role="status">Loading the compliance summary…</p>
      ) : (
        <>
          <SummaryView summary={summary} />
          <FindingsTable query={props.query} summary={summary} generation={generation} />
        </>
      )}
    </>
  );
}
