// The compliance page's summary, from the findings history alone: the open findings by verdict and
// by account (the current picture) and every recorded scan's counts (the picture over time).
import { SCAN_VERDICTS, VERDICT_INFO } from "../../../../guardrail/index.js";
import type { ScanMode, ScanVerdict, StoredFinding, StoredScan } from "../../../../guardrail/index.js";

/** Verdicts a finding can have (a compliant instance is never one). */
export const FINDING_VERDICTS: readonly ScanVerdict[] = SCAN_VERDICTS.filter(
  (verdict) => verdict !== "compliant",
);

/** Scans shown in the chart over time, newest kept. */
export const HISTORY_LIMIT = 100;

export interface VerdictCount {
  readonly verdict: ScanVerdict;
  readonly label: string;
  readonly count: number;
}

export interface AccountFindings {
  readonly accountId: string;
  readonly accountName: string;
  readonly mode: ScanMode;
  /** Open findings, exempt ones included. */
  readonly total: number;
  readonly byVerdict: Readonly<Partial<Record<ScanVerdict, number>>>;
}

export interface HistoryPoint {
  readonly scanId: number;
  readonly judgedAt: string;
  readonly instances: number;
  readonly compliant: number;
  readonly findings: number;
  readonly exempt: number;
  readonly enforcedFindings: number;
  readonly incomplete: number;
}

export interface ComplianceSummary {
  readonly latestScan?: {
    readonly id: number;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly judgedAt: string;
    readonly counts: StoredScan["summary"]["counts"];
    readonly incomplete: StoredScan["summary"]["incomplete"];
  };
  readonly open: {
    /** Open findings, exempt included. */
    readonly total: number;
    /** Open, not exempt, in an enforce-mode scope. */
    readonly enforced: number;
    readonly byVerdict: readonly VerdictCount[];
    readonly byAccount: readonly AccountFindings[];
  };
  readonly resolved: number;
  /** Oldest first. */
  readonly history: readonly HistoryPoint[];
  readonly verdicts: readonly { verdict: ScanVerdict; label: string; description: string; help: string }[];
}

export function complianceSummary(
  findings: readonly StoredFinding[],
  scans: readonly StoredScan[],
): ComplianceSummary {
  const open = findings.filter((finding) => finding.resolvedAt === undefined);
  const byAccount = new Map<
    string,
    { accountName: string; mode: ScanMode; byVerdict: Partial<Record<ScanVerdict, number>>; total: number }
  >();
  for (const finding of open) {
    const entry = byAccount.get(finding.accountId) ?? {
      accountName: finding.details.accountName,
      mode: finding.details.mode,
      byVerdict: {},
      total: 0,
    };
    entry.byVerdict[finding.verdict] = (entry.byVerdict[finding.verdict] ?? 0) + 1;
    entry.total += 1;
    byAccount.set(finding.accountId, entry);
  }
  const latest = scans[0];
  return {
    ...(latest === undefined
      ? {}
      : {
          latestScan: {
            id: latest.id,
            startedAt: latest.startedAt,
            finishedAt: latest.finishedAt,
            judgedAt: latest.judgedAt,
            counts: latest.summary.counts,
            incomplete: latest.summary.incomplete,
          },
        }),
    open: {
      total: open.length,
      enforced: open.filter((finding) => finding.verdict !== "exempt" && finding.details.mode === "enforce")
        .length,
      byVerdict: FINDING_VERDICTS.map((verdict) => ({
        verdict,
        label: VERDICT_INFO[verdict].label,
        count: open.filter((finding) => finding.verdict === verdict).length,
      })),
      byAccount: [...byAccount.entries()]
        .map(([accountId, entry]) => ({ accountId, ...entry }))
        .sort((a, b) => b.total - a.total || a.accountName.localeCompare(b.accountName)),
    },
    resolved: findings.length - open.length,
    history: scans
      .slice(0, HISTORY_LIMIT)
      .reverse()
      .map((scan) => ({
        scanId: scan.id,
        judgedAt: scan.judgedAt,
        instances: scan.summary.counts.instances,
        compliant: scan.summary.counts.compliant,
        findings: scan.summary.counts.findings,
        exempt: scan.summary.counts.exempt,
        enforcedFindings: scan.summary.counts.enforcedFindings,
        incomplete: scan.summary.incomplete.length,
      })),
    verdicts: FINDING_VERDICTS.map((verdict) => ({ verdict, ...pick(VERDICT_INFO[verdict]) })),
  };
}

function pick(info: (typeof VERDICT_INFO)[ScanVerdict]): {
  label: string;
  description: string;
  help: string;
} {
  return { label: info.label, description: info.description, help: info.help };
}
