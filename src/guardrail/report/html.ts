// A self-contained HTML report: one file with inline CSS and inline SVG charts, no script and no
// external asset, so it can be mailed, archived or opened offline. Everything that came from the
// cloud or the spec is escaped, and a Content-Security-Policy forbids scripts and fetches besides,
// so a hostile tag value renders as text even if an escape were ever missed.
import type { InstanceVerdict } from "../scan/types.js";
import { VERDICT_INFO } from "../scan/verdicts.js";
import { accountBars, findingsDonut, VERDICT_COLOURS } from "./svg-charts.js";
import { escapeHtml as esc } from "./text-safety.js";
import { historyLabel, historyOf, type ScanReport } from "./types.js";

const STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --rule: #e4e7eb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; padding: 24px 32px; background: #fafbfc; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0; }
.card { background: #fff; border: 1px solid var(--rule); border-radius: 8px; padding: 12px 16px; min-width: 130px; }
.card b { display: block; font-size: 24px; } .card.bad b { color: #c0392b; } .card.good b { color: #2e9e5b; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { background: #fff; border: 1px solid var(--rule); border-radius: 8px; padding: 16px; margin: 0; }
figcaption { font-weight: 600; margin-bottom: 8px; }
.donut { width: 180px; height: 180px; float: left; margin-right: 16px; }
.donut-total { font-size: 8px; font-weight: 700; text-anchor: middle; fill: var(--ink); }
.donut-label { font-size: 3px; text-anchor: middle; fill: var(--muted); }
.legend { list-style: none; padding: 0; margin: 8px 0; overflow: hidden; }
.legend li { margin: 4px 0; } .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.bars { width: 600px; max-width: 100%; } .bar-label { font-size: 12px; text-anchor: end; fill: var(--ink); }
.bar-count { font-size: 11px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--rule); }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
th { background: #f5f7fa; font-weight: 600; position: sticky; top: 0; }
td code { font-size: 12px; word-break: break-all; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; white-space: nowrap; }
.tags { margin: 0; padding: 0; list-style: none; font-size: 12px; color: var(--muted); }
.warn { background: #fff4e5; border: 1px solid #f0b429; border-radius: 8px; padding: 10px 14px; }
.muted { color: var(--muted); }
`;

export function renderScanHtml(report: ScanReport): string {
  const { result, meta, history } = report;
  const s = result.summary;
  const title = `imageguard scan, ${result.judgedAt}`;
  const cards = [
    card("instances", s.instances),
    card("compliant", s.compliant, "good"),
    card("findings", s.findings, s.findings > 0 ? "bad" : "good"),
    card("in enforce scopes", s.enforcedFindings, s.enforcedFindings > 0 ? "bad" : "good"),
    card("exempt", s.exempt),
    card("expired exemptions", s.expiredExemptions, s.expiredExemptions > 0 ? "bad" : undefined),
    ...(history === undefined ? [] : [card("resolved since last scan", history.resolved.length, "good")]),
  ].join("");
  const parts = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>imageguard scan</h1><p class="meta">judged at ${esc(result.judgedAt)}` +
      `${meta.specFile === undefined ? "" : ` against <code>${esc(meta.specFile)}</code>`}` +
      ` · ${s.accounts} accounts, ${s.regionsScanned} account-regions scanned completely · imageguard ${esc(meta.toolVersion)}</p></header>`,
    `<section class="cards">${cards}</section>`,
    incompleteSection(report),
    '<section class="charts">',
    `<figure><figcaption>Not golden, by verdict</figcaption>${findingsDonut(s.byVerdict)}</figure>`,
    `<figure><figcaption>Instances by account</figcaption>${accountBars(s.byAccount, result.instances)}</figure>`,
    "</section>",
    `<h2>Instances</h2>${instancesTable(report)}`,
    resolvedSection(report),
    "</body></html>",
  ];
  return `${parts.join("\n")}\n`;
}

function card(label: string, value: number, tone?: "good" | "bad"): string {
  return `<div class="card${tone === undefined ? "" : ` ${tone}`}"><b>${value}</b>${esc(label)}</div>`;
}

function incompleteSection(report: ScanReport): string {
  const gaps = report.result.incomplete;
  if (gaps.length === 0) return "";
  const items = gaps
    .map(
      (gap) =>
        `<li>${esc(gap.accountName)} <code>${esc(gap.accountId)}</code>${gap.regionId === undefined ? "" : ` <code>${esc(gap.regionId)}</code>`}: <code>${esc(gap.error.code)}</code> ${esc(gap.error.message)}</li>`,
    )
    .join("");
  return `<section class="warn"><b>Incomplete scan.</b> These could not be listed; their findings were neither judged again nor resolved.<ul>${items}</ul></section>`;
}

function instancesTable(report: ScanReport): string {
  const instances = report.result.instances;
  if (instances.length === 0) return '<p class="muted">no instances found</p>';
  const head =
    "<tr><th>Account</th><th>Region</th><th>Instance</th><th>Image</th><th>Scope</th><th>Verdict</th><th>History</th><th>Detail</th></tr>";
  return `<table><thead>${head}</thead><tbody>${instances.map((instance) => instanceRow(report, instance)).join("")}</tbody></table>`;
}

function instanceRow(report: ScanReport, instance: InstanceVerdict): string {
  const tags = Object.entries(instance.image?.tags ?? {})
    .map(([key, value]) => `<li>${esc(key)}: ${esc(value)}</li>`)
    .join("");
  const image =
    instance.image === undefined
      ? `<code>${esc(instance.imageId)}</code><br><span class="muted">deleted</span>`
      : `<code>${esc(instance.imageId)}</code>${instance.image.name === undefined ? "" : `<br>${esc(instance.image.name)}`}` +
        `<br><span class="muted">${esc(instance.image.source)}${instance.image.ownerId === undefined ? "" : `, owner ${esc(instance.image.ownerId)}`}, ${esc(instance.image.status)}</span>` +
        (tags === "" ? "" : `<ul class="tags">${tags}</ul>`);
  const shown = instance.exemption?.verdict ?? instance.verdict;
  const badge =
    `<span class="verdict" style="background:${VERDICT_COLOURS[instance.verdict]}">${esc(VERDICT_INFO[instance.verdict].label)}</span>` +
    (instance.verdict === "exempt"
      ? `<br><span class="muted">${esc(VERDICT_INFO[shown].label)}</span>`
      : "") +
    (instance.expiredExemptions.length > 0 ? '<br><span class="muted">exemption expired</span>' : "");
  const detail =
    instance.verdict === "compliant"
      ? ""
      : esc(instance.message) +
        (instance.failures.length > 1
          ? `<ul class="tags">${instance.failures
              .slice(1)
              .map((failure) => `<li>${esc(failure.message)}</li>`)
              .join("")}</ul>`
          : "") +
        (instance.exemption === undefined
          ? ""
          : instance.exemption.exemptions
              .map(
                (ref) =>
                  `<br><span class="muted">${esc(`${ref.id}: approved by ${ref.approver}: ${ref.reason}`)}</span>`,
              )
              .join("")) +
        (instance.exemptionTag === undefined
          ? ""
          : `<br><span class="muted">${esc(instance.exemptionTag.message)}</span>`);
  const scope =
    instance.mode === "unscoped" ? "unscoped" : `${instance.scopes.join(", ")} (${instance.mode})`;
  return (
    "<tr>" +
    `<td>${esc(instance.accountName)}<br><code>${esc(instance.accountId)}</code></td>` +
    `<td>${esc(instance.regionId)}</td>` +
    `<td><code>${esc(instance.instanceId)}</code><br>${esc(instance.instanceName)}<br><span class="muted">${esc(instance.instanceStatus)}</span></td>` +
    `<td>${image}</td>` +
    `<td>${esc(scope)}</td>` +
    `<td>${badge}</td>` +
    `<td>${esc(historyLabel(historyOf(report, instance.key)))}</td>` +
    `<td>${detail}</td>` +
    "</tr>"
  );
}

function resolvedSection(report: ScanReport): string {
  const resolved = report.history?.resolved ?? [];
  if (resolved.length === 0) return "";
  const rows = resolved
    .map(
      (finding) =>
        `<tr><td>${esc(finding.details.accountName)}<br><code>${esc(finding.accountId)}</code></td><td>${esc(finding.regionId)}</td>` +
        `<td><code>${esc(finding.instanceId)}</code><br>${esc(finding.details.instanceName)}</td><td>${esc(VERDICT_INFO[finding.verdict].label)}</td>` +
        `<td>${esc(finding.firstSeen)}</td><td>${esc(finding.resolvedAt ?? "")}</td></tr>`,
    )
    .join("");
  return (
    "<h2>Resolved since the last scan</h2><table><thead><tr><th>Account</th><th>Region</th><th>Instance</th><th>Was</th><th>First seen</th><th>Resolved</th></tr></thead>" +
    `<tbody>${rows}</tbody></table>`
  );
}
