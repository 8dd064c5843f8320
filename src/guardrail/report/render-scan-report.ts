// One entry point for every output format, so the CLI and other callers choose by name.
import { renderScanCsv } from "./csv.js";
import { renderScanHtml } from "./html.js";
import { renderScanJson } from "./json.js";
import { renderScanSarif } from "./sarif.js";
import { renderScanTable } from "./table.js";
import type { ReportFormat, ScanReport } from "./types.js";

const RENDERERS: Readonly<Record<ReportFormat, (report: ScanReport) => string>> = {
  table: renderScanTable,
  json: renderScanJson,
  csv: renderScanCsv,
  sarif: renderScanSarif,
  html: renderScanHtml,
};

export function renderScanReport(report: ScanReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}
