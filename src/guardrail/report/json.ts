// Machine-readable output: the whole result, each instance with its finding's history, and what
// the scan resolved. Field names are the result's own, so the JSON and the library agree.
import type { ScanReport } from "./types.js";
import { historyOf } from "./types.js";

export function scanReportData(report: ScanReport) {
  const { result, history, meta } = report;
  return {
    tool: { name: "imageguard", version: meta.toolVersion },
    ...(meta.specFile === undefined ? {} : { spec: meta.specFile }),
    ...(meta.startedAt === undefined ? {} : { startedAt: meta.startedAt }),
    ...(meta.finishedAt === undefined ? {} : { finishedAt: meta.finishedAt }),
    judgedAt: result.judgedAt,
    summary: result.summary,
    instances: result.instances.map((instance) => {
      const seen = historyOf(report, instance.key);
      return seen === undefined
        ? instance
        : { ...instance, history: { status: seen.status, firstSeen: seen.firstSeen } };
    }),
    ...(history === undefined ? {} : { scanId: history.scanId, resolved: history.resolved }),
    complete: result.complete,
    incomplete: result.incomplete,
  };
}

export function renderScanJson(report: ScanReport): string {
  return `${JSON.stringify(scanReportData(report), null, 2)}\n`;
}
