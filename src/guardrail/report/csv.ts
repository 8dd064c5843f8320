// One CSV row per instance (RFC 4180: CRLF line ends, a header row, fields quoted as needed), for
// spreadsheets and data pipelines. Lists within a field are joined with `;`.
import type { InstanceVerdict } from "../scan/types.js";
import { csvField } from "./text-safety.js";
import { historyOf, type ScanReport } from "./types.js";

const COLUMNS: readonly {
  readonly name: string;
  readonly value: (i: InstanceVerdict, r: ScanReport) => string;
}[] = [
  { name: "account_id", value: (i) => i.accountId },
  { name: "account_name", value: (i) => i.accountName },
  { name: "region_id", value: (i) => i.regionId },
  { name: "instance_id", value: (i) => i.instanceId },
  { name: "instance_name", value: (i) => i.instanceName },
  { name: "instance_status", value: (i) => i.instanceStatus },
  { name: "image_id", value: (i) => i.imageId },
  { name: "image_name", value: (i) => i.image?.name ?? "" },
  { name: "image_owner_id", value: (i) => i.image?.ownerId ?? "" },
  { name: "image_source", value: (i) => i.image?.source ?? "" },
  { name: "image_status", value: (i) => i.image?.status ?? "deleted" },
  { name: "image_created_at", value: (i) => i.image?.createdAt ?? "" },
  { name: "scopes", value: (i) => i.scopes.join(";") },
  { name: "mode", value: (i) => i.mode },
  { name: "verdict", value: (i) => i.verdict },
  { name: "reasons", value: (i) => [...new Set(i.failures.map((failure) => failure.reason))].join(";") },
  { name: "exempt_until", value: (i) => i.exemption?.until ?? "" },
  { name: "exemptions", value: (i) => i.exemption?.exemptions.map((ref) => ref.id).join(";") ?? "" },
  { name: "expired_exemptions", value: (i) => i.expiredExemptions.map((ref) => ref.id).join(";") },
  { name: "history", value: (i, r) => historyOf(r, i.key)?.status ?? "" },
  { name: "first_seen", value: (i, r) => historyOf(r, i.key)?.firstSeen ?? "" },
  { name: "message", value: (i) => i.message },
];

export function renderScanCsv(report: ScanReport): string {
  const lines = [COLUMNS.map((column) => column.name).join(",")];
  for (const instance of report.result.instances) {
    lines.push(COLUMNS.map((column) => csvField(column.value(instance, report))).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
