// What every scan renderer takes: the scan's result, what the findings store made of it, and where
// it came from. Renderers are pure functions of this to a string; writing it anywhere is the CLI's.
import type { ScanHistory, SeenFinding } from "../findings/types.js";
import type { ScanResult } from "../scan/types.js";

export type ReportFormat = "table" | "json" | "csv" | "sarif" | "html";

export const REPORT_FORMATS: readonly ReportFormat[] = ["table", "json", "csv", "sarif", "html"];

export interface ScanReport {
  readonly result: ScanResult;
  /** Absent when the scan was not recorded. */
  readonly history?: ScanHistory;
  readonly meta: ScanReportMeta;
}

export interface ScanReportMeta {
  readonly toolVersion: string;
  /** The spec file as given on the command line. */
  readonly specFile?: string;
  /** ISO 8601, by the clock. */
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

/** The history of one instance's finding in this scan, when there is one. */
export function historyOf(report: ScanReport, key: string): SeenFinding | undefined {
  return report.history?.seen.find((seen) => seen.key === key);
}

/** `new`, `reopened`, or `since <first seen>`. */
export function historyLabel(seen: SeenFinding | undefined): string {
  if (seen === undefined) return "";
  if (seen.status === "open") return `since ${seen.firstSeen.slice(0, 10)}`;
  return seen.status;
}
