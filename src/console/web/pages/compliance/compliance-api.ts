// The compliance page's calls to the console server, with the shapes its routes answer.
import type { ScanVerdict, StoredFinding, VerdictInfo } from "../../../../guardrail/index.js";
import type { ComplianceSummary } from "../../../server/routes/compliance/compliance-summary.js";
import type { FindingRow, FindingsFilter } from "../../../server/routes/compliance/findings-query.js";
import type { ScanJob } from "../../../server/routes/scan/scan-jobs.js";
import { api } from "../../lib/api.js";

export type { ComplianceSummary, FindingRow, FindingsFilter, ScanJob };

export interface SummaryResponse extends ComplianceSummary {
  readonly specFile: string;
  readonly findingsFile: string;
}

export interface FindingsResponse {
  readonly filter: FindingsFilter;
  readonly total: number;
  readonly truncated: boolean;
  readonly findings: readonly FindingRow[];
  readonly accounts: readonly { readonly accountId: string; readonly accountName: string }[];
}

export interface FindingResponse extends StoredFinding {
  readonly row: FindingRow;
  readonly verdictInfo: VerdictInfo;
}

export const FILTER_NAMES = ["verdict", "account", "mode", "status"] as const;

export const complianceApi = {
  summary: () => api.get<SummaryResponse>("/compliance/summary"),
  findings: (query: URLSearchParams) => {
    const only = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const value = query.get(name);
      if (value !== null && value !== "") only.set(name, value);
    }
    const text = only.toString();
    return api.get<FindingsResponse>(`/compliance/findings${text === "" ? "" : `?${text}`}`);
  },
  finding: (key: string) =>
    api.get<FindingResponse>(`/compliance/findings/${key.split("/").map(encodeURIComponent).join("/")}`),
  startScan: () => api.post<{ job: ScanJob }>("/scan", {}),
  latestScan: () => api.get<{ job: ScanJob | null }>("/scan"),
  scan: (id: string) => api.get<{ job: ScanJob }>(`/scan/${encodeURIComponent(id)}`),
};

/** Badge tones per verdict: exempt is a warning, every failing verdict bad. */
export function verdictTone(verdict: ScanVerdict): "ok" | "warn" | "bad" {
  if (verdict === "compliant") return "ok";
  return verdict === "exempt" ? "warn" : "bad";
}
