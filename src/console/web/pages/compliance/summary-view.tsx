import { BarChart, LineChart } from "../../components/charts.js";
import { formatTime } from "../../lib/format.js";
import { verdictTone, type SummaryResponse } from "./compliance-api.js";

// The compliance picture: the latest scan's counts, and charts of the open findings by verdict and
// by account and of the findings of every recorded scan over time.

function Figure(props: { label: string; value: number | string; tone?: string }) {
  return (
    <div class={`summary-figure${props.tone === undefined ? "" : ` summary-${props.tone}`}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

export function SummaryView(props: { summary: SummaryResponse }) {
  const { summary } = props;
  const latest = summary.latestScan;
  if (latest === undefined) {
    return (
      <section class="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <p>No scan has been recorded yet. Run a scan to see the organisation's compliance.</p>
      </section>
    );
  }
  const counts = latest.counts;
  return (
    <section class="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <p class="field-hint">
        Latest scan judged at {formatTime(latest.judgedAt)}
        {latest.incomplete.length === 0
          ? ""
          : `; ${latest.incomplete.length} account or region could not be scanned`}
        .
      </p>
      <dl class="summary-figures">
        <Figure label="Instances" value={counts.instances} />
        <Figure label="Compliant" value={counts.compliant} tone="ok" />
        <Figure label="Findings" value={counts.findings} tone={counts.findings === 0 ? "ok" : "bad"} />
        <Figure
          label="In enforce scopes"
          value={counts.enforcedFindings}
          tone={counts.enforcedFindings === 0 ? "ok" : "bad"}
        />
        <Figure label="Exempt" value={counts.exempt} tone="warn" />
        <Figure label="Resolved so far" value={summary.resolved} />
      </dl>
      <div class="summary-charts">
        <BarChart
          title="Open findings by verdict"
          valueLabel="Findings"
          data={summary.open.byVerdict.map((entry) => ({
            label: entry.label,
            value: entry.count,
            tone: verdictTone(entry.verdict),
          }))}
        />
        <BarChart
          title="Open findings by account"
          valueLabel="Findings"
          data={summary.open.byAccount.map((entry) => ({
            label: `${entry.accountName} (${entry.mode})`,
            value: entry.total,
            tone: entry.mode === "enforce" ? "bad" : "warn",
          }))}
        />
        <LineChart
          title="Findings over time"
          valueLabel="Findings"
          points={summary.history.map((point) => ({
            label: formatTime(point.judgedAt).slice(0, 16),
            value: point.findings,
          }))}
        />
      </div>
    </section>
  );
}
