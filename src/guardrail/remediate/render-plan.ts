// A plan and a run as text for a terminal. Every value from the cloud or the spec goes through
// terminalSafe (a hostile instance name must not drive the terminal). Data loss and irreversible
// steps are written in capitals on their own line: nobody should apply a plan without seeing them.
import { terminalSafe } from "../report/text-safety.js";
import { VERDICT_INFO } from "../scan/verdicts.js";
import { osFamilyLabel } from "./os-family.js";
import type {
  RemediationItem,
  RemediationPlan,
  RemediationRun,
  RemediationStep,
  RemediationStepRecord,
} from "./types.js";

const RISK_LABEL = {
  "data-loss": "!! DATA LOSS",
  irreversible: "!! IRREVERSIBLE",
  downtime: "downtime",
  approval: "approval",
} as const;

export function renderRemediationPlan(plan: RemediationPlan): string {
  const s = (text: string) => terminalSafe(text);
  const source =
    plan.source.scanId === undefined
      ? plan.source.kind === "scan"
        ? "a fresh scan"
        : "the findings database"
      : `scan #${plan.source.scanId}${plan.source.scannedAt === undefined ? "" : ` of ${plan.source.scannedAt}`}${plan.source.kind === "scan" ? " (fresh)" : ""}`;
  const lines: string[] = [
    `remediation plan: strategy ${plan.strategy}, judged at ${plan.createdAt}, findings from ${source}`,
    "",
  ];
  if (plan.items.length === 0) lines.push("no finding matches the selection", "");
  for (const item of plan.items) {
    lines.push(...itemLines(item, s), "");
  }
  for (const problem of plan.problems) {
    lines.push(`error[${problem.code}]: ${s(problem.message)}`, `  = help: ${s(problem.help)}`, "");
  }
  lines.push(summaryLine(plan));
  return `${lines.join("\n")}\n`;
}

function itemLines(item: RemediationItem, s: (text: string) => string): string[] {
  const verdict = VERDICT_INFO[item.verdict].label;
  const head =
    `${s(item.accountName)} (${item.accountId})  ${item.regionId}  ${item.instanceId} (${s(item.instanceName)})  ` +
    `${s(item.imageId === "" ? "no image" : item.imageId)}  ${item.mode}  ${verdict}  →  ${statusLabel(item)}`;
  const lines = [head, `  ${s(item.reason)}`];
  if (item.drift !== undefined) lines.push(`  note: ${s(item.drift)}`);
  if (item.family !== undefined && item.status !== "planned")
    lines.push(`  OS family: ${s(osFamilyLabel(item.family))}`);
  for (const expired of item.expiredExemptions) {
    lines.push(
      `  exemption expired: \`${s(expired.id)}\` ended at ${expired.endsAt} (approved by ${s(expired.approver)}); it no longer holds`,
    );
  }
  item.steps.forEach((step, index) => lines.push(...stepLines(step, index + 1, s)));
  if (item.help !== undefined) lines.push(`  = help: ${s(item.help)}`);
  return lines;
}

function statusLabel(item: RemediationItem): string {
  switch (item.status) {
    case "planned":
      return `${item.strategy ?? "?"} (${item.steps.length === 0 ? `done by ${item.resolvedBy ?? "?"}` : `${item.steps.length} step${item.steps.length === 1 ? "" : "s"}`})`;
    case "nothing-to-do":
      return "nothing to do";
    default:
      return item.status;
  }
}

function stepLines(step: RemediationStep, n: number, s: (text: string) => string): string[] {
  const params = Object.entries(step.params)
    .map(([key, value]) => `${key}=${s(value)}`)
    .join(" ");
  const lines = [
    `  ${n}. ${step.action} as account ${step.accountId}: ${params}${step.waitFor === undefined ? "" : `, then wait until ${s(step.waitFor)}`}`,
  ];
  for (const precondition of step.preconditions) lines.push(`       requires: ${s(precondition)}`);
  for (const risk of step.risks) {
    const label = RISK_LABEL[risk.level];
    // Ids are case-sensitive: the label shouts, the message keeps its case.
    lines.push(`       ${label}: ${s(risk.message)}`);
  }
  return lines;
}

function summaryLine(plan: RemediationPlan): string {
  const x = plan.summary;
  const losses =
    x.systemDisksReplaced === 0
      ? ""
      : `; ${x.systemDisksReplaced} system disk${x.systemDisksReplaced === 1 ? "" : "s"} replaced (their data is lost)`;
  const releases =
    x.instancesReleased === 0
      ? ""
      : `; ${x.instancesReleased} instance${x.instancesReleased === 1 ? "" : "s"} released`;
  const tagged =
    x.imagesTagged === 0 ? "" : `; ${x.imagesTagged} image${x.imagesTagged === 1 ? "" : "s"} tagged golden`;
  return (
    `${x.findings} finding${x.findings === 1 ? "" : "s"}: ${x.planned} planned (${x.steps} step${x.steps === 1 ? "" : "s"}${losses}${releases}${tagged}), ` +
    `${x.skipped} skipped, ${x.blocked} blocked, ${x.refused} refused, ${x.nothingToDo} with nothing to do`
  );
}

export function renderRemediationRun(run: RemediationRun): string {
  const s = (text: string) => terminalSafe(text);
  const lines: string[] = [
    `remediation run${run.runId === undefined ? "" : ` #${run.runId}`}: ${run.status}, ${run.startedAt} to ${run.finishedAt}`,
    "",
  ];
  for (const item of run.items) {
    lines.push(
      `${s(item.accountName)} (${item.accountId})  ${item.regionId}  ${item.instanceId} (${s(item.instanceName)})  ${item.strategy}  →  ${item.outcome}`,
    );
    if (item.resolvedBy !== undefined) lines.push(`  by the steps of \`${item.resolvedBy}\``);
    for (const step of item.steps) lines.push(`  ${recordLine(step, s)}`);
    if (item.explanation !== undefined) lines.push(`  !! ${s(item.explanation)}`);
    lines.push("");
  }
  const verification = run.verification;
  if (verification !== undefined) {
    lines.push(
      `re-scan${verification.scanId === undefined ? "" : ` #${verification.scanId}`} at ${verification.judgedAt}:`,
    );
    for (const item of verification.items)
      lines.push(`  ${item.instanceId}  ${item.status}: ${s(item.message)}`);
    lines.push("");
  }
  if (run.verificationError !== undefined) lines.push(`re-scan failed: ${s(run.verificationError)}`, "");
  for (const problem of run.recordingErrors) lines.push(`not recorded: ${s(problem)}`);
  const x = run.summary;
  const open = verification?.items.filter((item) => item.status !== "resolved").length;
  lines.push(
    `${x.instances} instance${x.instances === 1 ? "" : "s"}: ${x.succeeded} succeeded, ${x.failed} failed; ` +
      `steps: ${x.stepsSucceeded} succeeded, ${x.stepsFailed} failed, ${x.stepsNotRun} not run` +
      (verification === undefined
        ? ""
        : `; ${verification.items.length - (open ?? 0)} resolved, ${open ?? 0} not resolved`),
  );
  return `${lines.join("\n")}\n`;
}

function recordLine(step: RemediationStepRecord, s: (text: string) => string): string {
  const head = `${step.index}. ${step.action} ${step.outcome}`;
  const id = step.requestId === undefined ? "" : ` (request id ${step.requestId})`;
  const note = step.note === undefined ? "" : `: ${s(step.note)}`;
  if (step.error === undefined) return `${head}${id}${note}`;
  const detail = step.error.accessDeniedDetail;
  const denied =
    detail === undefined
      ? ""
      : `; AccessDeniedDetail: ${Object.entries(detail)
          .filter(([key]) => key !== "EncodedDiagnosticMessage")
          .map(([key, value]) => `${key}=${s(String(value))}`)
          .join(" ")}`;
  return `${head}${id}: ${s(step.error.code)} ${s(step.error.message)}${denied}`;
}
