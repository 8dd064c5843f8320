// Which of an analysis's findings the spec governs. Control policies never apply to the management
// account (Alibaba's behaviour), and an account outside every scope of the spec is not the spec's
// business: what their principals can do is reported apart, counted and with the reason, instead
// of as bypasses of a guardrail that was never meant to reach them.
import type { OrgModel } from "../org-model.js";
import type { GuardrailSpec } from "../spec/types.js";
import { accountsIn } from "./from-spec.js";
import type { AnalysisReport, BypassFinding } from "./types.js";

export type NotGovernedReason = "management-account" | "outside-scopes";

export interface NotGovernedAccount {
  readonly accountId: string;
  readonly reason: NotGovernedReason;
  /** One line, for the report. */
  readonly why: string;
  /** Principals of the account with at least one finding, by ARN. */
  readonly principals: readonly string[];
  readonly findings: readonly BypassFinding[];
}

export interface GovernedSplit {
  /** The report with only the governed accounts' findings as bypasses. */
  readonly report: AnalysisReport;
  readonly notGoverned: readonly NotGovernedAccount[];
}

export function notGovernedAccounts(spec: GuardrailSpec, org: OrgModel): Map<string, NotGovernedReason> {
  const scoped = new Set(spec.scopes.flatMap((scope) => accountsIn(org, scope)));
  const management = new Set(
    [
      org.directory?.managementAccountId,
      ...org.accounts.filter((account) => account.management).map((account) => account.id),
    ].filter((id): id is string => id !== undefined),
  );
  const reasons = new Map<string, NotGovernedReason>();
  for (const account of org.accounts) {
    if (management.has(account.id)) reasons.set(account.id, "management-account");
    else if (!scoped.has(account.id)) reasons.set(account.id, "outside-scopes");
  }
  for (const id of management) reasons.set(id, "management-account");
  return reasons;
}

const WHY: Readonly<Record<NotGovernedReason, string>> = {
  "management-account": "the management account: control policies never apply to it",
  "outside-scopes": "in no scope of the spec",
};

/** Moves the findings of accounts the spec does not govern out of the bypasses. */
export function separateNotGoverned(
  report: AnalysisReport,
  spec: GuardrailSpec,
  org: OrgModel,
): GovernedSplit {
  const reasons = notGovernedAccounts(spec, org);
  const governed: BypassFinding[] = [];
  const byAccount = new Map<string, BypassFinding[]>();
  for (const finding of report.findings) {
    const reason = reasons.get(finding.principal.accountId);
    if (reason === undefined) governed.push(finding);
    else
      byAccount.set(finding.principal.accountId, [
        ...(byAccount.get(finding.principal.accountId) ?? []),
        finding,
      ]);
  }
  const notGoverned = [...byAccount]
    .map(([accountId, findings]): NotGovernedAccount => {
      const reason = reasons.get(accountId) ?? "outside-scopes";
      return {
        accountId,
        reason,
        why: WHY[reason],
        principals: [...new Set(findings.map((finding) => finding.principal.arn))].sort(),
        findings,
      };
    })
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { report: { ...report, findings: governed }, notGoverned };
}

/** The "not governed by the spec" section of the text report; empty when there is none. */
export function renderNotGoverned(notGoverned: readonly NotGovernedAccount[]): string {
  if (notGoverned.length === 0) return "";
  const count = notGoverned.reduce((sum, account) => sum + account.findings.length, 0);
  const lines = [
    "",
    `not governed by the spec (${count} finding${count === 1 ? "" : "s"} in ${notGoverned.length} account${notGoverned.length === 1 ? "" : "s"}, not counted as bypasses; --strict counts them):`,
  ];
  for (const account of notGoverned) {
    lines.push(
      `  account ${account.accountId}: ${account.why}; ${account.findings.length} finding${account.findings.length === 1 ? "" : "s"} of ${account.principals.length} principal${account.principals.length === 1 ? "" : "s"}`,
    );
    for (const principal of account.principals) lines.push(`    ${principal}`);
  }
  return `${lines.join("\n")}\n`;
}
