// The findings table's rows and filters (verdict, account, scope mode, open or resolved), read from
// the query string; an unknown filter or value is refused, never ignored.
import { VERDICT_INFO } from "../../../../guardrail/index.js";
import type { ScanMode, ScanVerdict, StoredFinding } from "../../../../guardrail/index.js";
import { invalidInput } from "../../console-error.js";
import { FINDING_VERDICTS } from "./compliance-summary.js";

export const FINDING_STATUSES = ["open", "resolved", "all"] as const;
export type FindingStatusFilter = (typeof FINDING_STATUSES)[number];
export const SCAN_MODES: readonly ScanMode[] = ["enforce", "audit", "unscoped"];

/** Rows sent at most; the table says when there were more. */
export const MAX_ROWS = 1000;

export interface FindingsFilter {
  readonly verdict?: ScanVerdict;
  readonly accountId?: string;
  readonly mode?: ScanMode;
  readonly status: FindingStatusFilter;
}

export interface FindingRow {
  readonly key: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly regionId: string;
  readonly instanceId: string;
  readonly instanceName: string;
  readonly imageId: string;
  readonly verdict: ScanVerdict;
  readonly verdictLabel: string;
  readonly mode: ScanMode;
  readonly status: "open" | "resolved";
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt?: string;
  readonly message: string;
}

const FILTERS = ["verdict", "account", "mode", "status"];

export function readFindingsFilter(query: URLSearchParams): FindingsFilter {
  for (const name of new Set(query.keys())) {
    if (!FILTERS.includes(name)) {
      throw invalidInput(
        name,
        `unknown filter \`${name}\``,
        `the filters are ${FILTERS.map((f) => `\`${f}\``).join(", ")}`,
      );
    }
    if (query.getAll(name).length > 1) throw invalidInput(name, `\`${name}\` is given more than once`);
  }
  const one = <T extends string>(name: string, choices: readonly T[]): T | undefined => {
    const value = query.get(name);
    if (value === null || value === "") return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw invalidInput(
      name,
      `\`${value}\` is not a ${name}`,
      `use one of ${choices.map((choice) => `\`${choice}\``).join(", ")}`,
    );
  };
  const account = query.get("account");
  if (account !== null && account !== "" && !/^\d{1,32}$/.test(account)) {
    throw invalidInput("account", `\`${account}\` is not an account id`, "use the account's numeric id");
  }
  const verdict = one("verdict", FINDING_VERDICTS);
  const mode = one("mode", SCAN_MODES);
  return {
    ...(verdict === undefined ? {} : { verdict }),
    ...(account === null || account === "" ? {} : { accountId: account }),
    ...(mode === undefined ? {} : { mode }),
    status: one("status", FINDING_STATUSES) ?? "open",
  };
}

export function filterFindings(findings: readonly StoredFinding[], filter: FindingsFilter): StoredFinding[] {
  return findings.filter(
    (finding) =>
      (filter.verdict === undefined || finding.verdict === filter.verdict) &&
      (filter.accountId === undefined || finding.accountId === filter.accountId) &&
      (filter.mode === undefined || finding.details.mode === filter.mode) &&
      (filter.status === "all" || (filter.status === "open") === (finding.resolvedAt === undefined)),
  );
}

export function findingRow(finding: StoredFinding): FindingRow {
  return {
    key: finding.key,
    accountId: finding.accountId,
    accountName: finding.details.accountName,
    regionId: finding.regionId,
    instanceId: finding.instanceId,
    instanceName: finding.details.instanceName,
    imageId: finding.imageId,
    verdict: finding.verdict,
    verdictLabel: VERDICT_INFO[finding.verdict].label,
    mode: finding.details.mode,
    status: finding.resolvedAt === undefined ? "open" : "resolved",
    firstSeen: finding.firstSeen,
    lastSeen: finding.lastSeen,
    ...(finding.resolvedAt === undefined ? {} : { resolvedAt: finding.resolvedAt }),
    message: finding.details.message,
  };
}
