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

// Renderers ask once per instance: indexed once per history, not searched 100,000 times over
// (a linear search made a 100,000-instance JSON report take minutes).
const seenByKey = new WeakMap<readonly SeenFinding[], ReadonlyMap<string, SeenFinding>>();

/** The history of one instance's finding in this scan, when there is one. */
export function historyOf(report: ScanReport, key: string): SeenFinding | undefined {
  const seen = report.history?.seen;
  if (seen === undefined) return undefined;
  let index = seenByKey.get(seen);
  if (index === undefined) {
    const built = new Map<string, SeenFinding>();
    // The first of a key wins, as `find` had it.
    for (const entry of seen) if (!built.has(entry.key)) built.set(entry.key, entry);
    index = built;
    seenByKey.set(seen, index);
  }
  return index.get(key);
}

/** `new`, `reopened`, or `since <first seen>`. */
export function historyLabel(seen: SeenFinding | undefined): string {
  if (seen === undefined) return "";
  if (seen.status === "open") return `since ${seen.firstSeen.slice(0, 10)}`;
  return seen.status;
}
