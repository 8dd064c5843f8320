// The default output: one row per instance, then the summary, what the scan resolved, and where the
// inventory is incomplete. Plain text with aligned columns; every value is made terminal-safe.
import type { InstanceVerdict, ScanVerdict } from "../scan/types.js";
import { SCAN_VERDICTS, VERDICT_INFO } from "../scan/verdicts.js";
import { terminalSafe } from "./text-safety.js";
import { historyLabel, historyOf, type ScanReport } from "./types.js";

const HEADERS = ["ACCOUNT", "REGION", "INSTANCE", "IMAGE", "SCOPE", "VERDICT", "HISTORY", "DETAIL"];

export function renderScanTable(report: ScanReport): string {
  const { result } = report;
  const lines: string[] = [];
  lines.push(
    `imageguard scan${report.meta.specFile === undefined ? "" : ` of \`${terminalSafe(report.meta.specFile)}\``}, judged at ${result.judgedAt}`,
    "",
  );
  if (result.instances.length === 0) {
    lines.push("no instances found", "");
  } else {
    const rows = result.instances.map((instance) => row(report, instance));
    lines.push(...alignColumns([HEADERS, ...rows]), "");
  }
  lines.push(...summaryLines(report));
  return `${lines.join("\n")}\n`;
}

function row(report: ScanReport, instance: InstanceVerdict): string[] {
  const compliant = instance.verdict === "compliant";
  return [
    `${instance.accountName} (${instance.accountId})`,
    instance.regionId,
    instance.instanceName === "" || instance.instanceName === instance.instanceId
      ? instance.instanceId
      : `${instance.instanceId} (${instance.instanceName})`,
    instance.imageId === "" ? "-" : instance.imageId,
    instance.mode === "unscoped" ? "- (unscoped)" : `${instance.scopes.join(", ")} (${instance.mode})`,
    verdictLabel(instance),
    historyLabel(historyOf(report, instance.key)),
    compliant ? "" : instance.message,
  ].map(terminalSafe);
}

function verdictLabel(instance: InstanceVerdict): string {
  if (instance.verdict === "exempt" && instance.exemption !== undefined) {
    return `exempt (${VERDICT_INFO[instance.exemption.verdict].label})`;
  }
  const label = VERDICT_INFO[instance.verdict].label;
  return instance.expiredExemptions.length > 0 ? `${label} (exemption expired)` : label;
}

function summaryLines(report: ScanReport): string[] {
  const { result } = report;
  const s = result.summary;
  const lines = [
    `${count(s.instances, "instance")} in ${count(s.accounts, "account")} (${count(s.regionsScanned, "account-region")} scanned completely): ` +
      `${s.compliant} compliant, ${count(s.findings, "finding")} (${s.enforcedFindings} in enforce scopes), ${s.exempt} exempt`,
  ];
  const verdicts = SCAN_VERDICTS.filter(
    (verdict): verdict is Exclude<ScanVerdict, "compliant"> =>
      verdict !== "compliant" && s.byVerdict[verdict] > 0,
  );
  if (verdicts.length > 0) {
    lines.push(
      `by verdict: ${verdicts.map((verdict) => `${VERDICT_INFO[verdict].label} ${s.byVerdict[verdict]}`).join(", ")}`,
    );
  }
  if (s.expiredExemptions > 0) {
    lines.push(
      `expired exemptions: ${count(s.expiredExemptions, "finding")} used to be exempt; renew or remove the exemptions`,
    );
  }
  const history = report.history;
  if (history !== undefined) {
    const fresh = history.seen.filter((seen) => seen.status === "new").length;
    const reopened = history.seen.filter((seen) => seen.status === "reopened").length;
    lines.push(
      `history (scan #${history.scanId}): ${fresh} new, ${reopened} reopened, ${history.resolved.length} resolved since the last scan`,
    );
    for (const finding of history.resolved) {
      lines.push(
        terminalSafe(
          `  resolved: ${finding.details.accountName} ${finding.regionId} ${finding.instanceId} (was ${VERDICT_INFO[finding.verdict].label}, first seen ${finding.firstSeen})`,
        ),
      );
    }
  }
  if (result.incomplete.length > 0) {
    lines.push(
      `incomplete: ${count(result.incomplete.length, "place")} could not be listed; findings there were not resolved`,
    );
    for (const gap of result.incomplete) {
      lines.push(
        terminalSafe(
          `  ${gap.accountName} (${gap.accountId})${gap.regionId === undefined ? "" : ` ${gap.regionId}`}: ${gap.error.code}: ${gap.error.message}`,
        ),
      );
    }
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Pads every column but the last to its widest cell (code points, so CJK names stay close). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const cells of rows) {
    cells.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
    });
  }
  return rows.map((cells) =>
    cells
      .map((cell, index) =>
        index === cells.length - 1 ? cell : cell + " ".repeat((widths[index] ?? 0) - [...cell].length),
      )
      .join("  ")
      .trimEnd(),
  );
}
