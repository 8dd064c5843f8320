// Plans, apply outcomes and drift as a terminal shows them. The same data goes out as JSON with
// `--json`; these are for people: what changes, where, why, and what to do next.
import { describeStep, describeTarget } from "./describe-step.js";
import { describeWhere } from "./plan-deployment.js";
import type {
  ApplyResult,
  AttachmentChange,
  DeployIssue,
  DeployPlan,
  DiffLine,
  DriftReport,
  PlanSummary,
  StepOutcome,
} from "./types.js";

/** Unchanged lines shown around each change in an update's diff. */
const CONTEXT = 2;
/** Identities named on one line before "and N more". */
const SHOWN_IDENTITIES = 12;

export interface RenderContext {
  /** The spec file, as the user named it. */
  readonly file: string;
}

export function renderPlanText(plan: DeployPlan, context: RenderContext): string {
  const kind = plan.target === "ram" ? "RAM policy" : "control policy";
  const lines: string[] = [
    `guardrail plan for \`${context.file}\` against ${describeWhere(plan.where)}: ${plan.target === "ram" ? "RAM policies" : "control policies"}; exemptions judged at ${plan.judgedAt}`,
    "",
  ];
  for (const change of plan.policies) {
    if (change.action === "keep") continue;
    const size =
      change.size === undefined || change.sizeLimit === undefined
        ? ""
        : `; ${change.size.toLocaleString("en-US")} of ${change.sizeLimit.toLocaleString("en-US")} characters`;
    lines.push(`${SIGN[change.action]} ${kind} \`${change.name}\`: ${change.action} (${change.reason})`);
    if (change.summary !== undefined && change.action !== "delete")
      lines.push(`    ${change.summary}${size}`);
    if (change.diff !== undefined && change.action !== "delete") {
      lines.push(...renderDiff(change.diff, change.action === "create" ? Number.POSITIVE_INFINITY : CONTEXT));
    }
    lines.push("");
  }
  const unchanged = plan.policies.filter((change) => change.action === "keep");
  if (unchanged.length > 0) {
    lines.push(`unchanged: ${unchanged.map((change) => `\`${change.name}\``).join(", ")}`, "");
  }
  const attachmentLines = renderAttachments(plan.attachments);
  if (attachmentLines.length > 0) lines.push("attachments:", ...attachmentLines, "");
  if (plan.desired.excluded.length > 0) {
    lines.push("left out:");
    for (const entry of plan.desired.excluded)
      lines.push(`  ${entry.principal} \`${entry.name}\`: ${entry.reason}`);
    lines.push("");
  }
  if (plan.foreign.length > 0) {
    lines.push("not managed by imageguard (never touched):");
    for (const policy of plan.foreign) lines.push(`  \`${policy.name}\`: ${policy.why}`);
    lines.push("");
  }
  if (plan.notes.length > 0) {
    lines.push("notes:", ...plan.notes.map((note) => `  - ${note}`), "");
  }
  lines.push(...renderIssues("warning", plan.warnings), ...renderIssues("error", plan.conflicts));
  if (plan.steps.length > 0) {
    lines.push("steps, in this order:");
    plan.steps.forEach((step, index) =>
      lines.push(`  ${String(index + 1).padStart(3)}. ${describeStep(step)}`),
    );
    lines.push("");
  }
  if (!plan.ok) {
    lines.push("plan failed: it cannot be applied until the errors above are resolved");
  } else if (plan.steps.length === 0) {
    lines.push("no changes: the deployed guardrail matches the spec");
  } else {
    lines.push(`plan: ${summaryLine(plan.summary)}`);
  }
  return `${lines.join("\n")}\n`;
}

const SIGN = { create: "+", update: "~", replace: "-/+", delete: "-", keep: " " } as const;

export function summaryLine(summary: PlanSummary): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    ...(summary.replace > 0 ? [`${summary.replace} to replace`] : []),
    `${summary.attach} to attach`,
    `${summary.detach} to detach`,
    `${summary.delete} to delete`,
  ];
  return `${parts.join(", ")}${summary.enable > 0 ? "; control policies to enable" : ""}`;
}

function renderDiff(diff: readonly DiffLine[], context: number): string[] {
  const keep = diff.map(() => false);
  diff.forEach((line, index) => {
    if (line.op === " ") return;
    for (let at = Math.max(0, index - context); at <= Math.min(diff.length - 1, index + context); at++)
      keep[at] = true;
  });
  const lines: string[] = [];
  let skipped = 0;
  diff.forEach((line, index) => {
    if (!keep[index]) {
      skipped++;
      return;
    }
    if (skipped > 0) lines.push(`      … ${skipped} unchanged line${skipped === 1 ? "" : "s"}`);
    skipped = 0;
    lines.push(`    ${line.op} ${line.text}`);
  });
  if (skipped > 0) lines.push(`      … ${skipped} unchanged line${skipped === 1 ? "" : "s"}`);
  return lines;
}

/** Nodes one per line; RAM identities with the same change on one line. */
function renderAttachments(changes: readonly AttachmentChange[]): string[] {
  const lines: string[] = [];
  const groups = new Map<string, AttachmentChange[]>();
  for (const change of changes) {
    if (change.target.kind === "node") {
      lines.push(`  ${describeTarget(change.target)}: ${changeText(change)}${slotsText(change)}`);
      continue;
    }
    const key = JSON.stringify([change.keep, change.attach, change.detach]);
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  for (const group of groups.values()) {
    const first = group[0] as AttachmentChange;
    const names = group.map((change) => describeTarget(change.target));
    const shown =
      names.length > SHOWN_IDENTITIES
        ? `${names.slice(0, SHOWN_IDENTITIES).join(", ")} and ${names.length - SHOWN_IDENTITIES} more`
        : names.join(", ");
    lines.push(
      `  ${group.length} ${group.length === 1 ? "identity" : "identities"} (${shown}): ${changeText(first)}`,
    );
  }
  return lines;
}

function changeText(change: AttachmentChange): string {
  const parts = [
    ...change.attach.map((name) => `+ \`${name}\``),
    ...change.detach.map((name) => `- \`${name}\``),
    ...change.keep.map((name) => `= \`${name}\``),
  ];
  return `${parts.join("  ")}${change.exemptUntil === undefined ? "" : `; exempted as a whole: they deny from ${change.exemptUntil} on`}`;
}

function slotsText(change: AttachmentChange): string {
  if (change.slots === undefined) return "";
  const { now, after, limit } = change.slots;
  const others =
    change.foreign.length === 0 ? "" : `, with ${change.foreign.map((name) => `\`${name}\``).join(", ")}`;
  return ` (${now === after ? `${now}` : `${now} → ${after}`} of ${limit} policies${others})`;
}

function renderIssues(severity: "warning" | "error", issues: readonly DeployIssue[]): string[] {
  return issues.flatMap((issue) => [
    `${severity}[${issue.code}]: ${issue.message}`,
    `  = help: ${issue.help}`,
    "",
  ]);
}

/** One line as a step ends, for progress on standard error. */
export function renderStepOutcome(outcome: StepOutcome, index: number, total: number): string {
  const mark = outcome.status === "done" ? "done" : outcome.status === "failed" ? "FAILED" : "not run";
  return `[${index + 1}/${total}] ${describeStep(outcome.step)}: ${mark}\n`;
}

export function renderApplyResult(result: ApplyResult): string {
  const done = result.outcomes.filter((outcome) => outcome.status === "done");
  if (result.ok) {
    return done.length === 0
      ? "apply complete: nothing to do, the deployed guardrail already matches the spec\n"
      : `apply complete: ${done.length} step${done.length === 1 ? "" : "s"} done; the deployed guardrail matches the spec (check it any time with \`imageguard guardrail status\`)\n`;
  }
  const failed = result.outcomes.find((outcome) => outcome.status === "failed");
  const notRun = result.outcomes.filter((outcome) => outcome.status === "not-run");
  const lines = [
    `apply stopped at a failed step: ${failed === undefined ? "?" : describeStep(failed.step)}`,
    `  ${failed?.error?.message ?? ""}${failed?.error?.requestId === undefined ? "" : ` (request id ${failed.error.requestId})`}`,
    ...(failed?.error?.help === undefined ? [] : [`  = help: ${failed.error.help}`]),
    `done (${done.length}):`,
    ...(done.length === 0 ? ["  nothing"] : done.map((outcome) => `  - ${describeStep(outcome.step)}`)),
    `not run (${notRun.length}):`,
    ...(notRun.length === 0 ? ["  nothing"] : notRun.map((outcome) => `  - ${describeStep(outcome.step)}`)),
    "every step done leaves the target protected; fix the cause and run `imageguard guardrail apply` again: it plans from what is deployed now and finishes the rest",
  ];
  return `${lines.join("\n")}\n`;
}

export function renderDriftText(report: DriftReport, context: RenderContext): string {
  const state = { "in-sync": "in sync", drifted: "drifted", "not-deployed": "not deployed" }[report.state];
  const lines = [
    `guardrail status of \`${context.file}\` in ${describeWhere(report.where)}: ${state}${report.items.length === 0 ? "" : ` (${report.items.length} item${report.items.length === 1 ? "" : "s"})`}; exemptions judged at ${report.judgedAt}`,
  ];
  for (const item of report.items) {
    lines.push(`  ${item.kind}: ${item.message}`);
    if (item.diff !== undefined) lines.push(...renderDiff(item.diff, CONTEXT).map((line) => `  ${line}`));
  }
  lines.push(
    `in sync: ${report.inSync.policies} polic${report.inSync.policies === 1 ? "y" : "ies"}, ${report.inSync.attachments} attachment${report.inSync.attachments === 1 ? "" : "s"}`,
  );
  if (report.foreign.length > 0) {
    lines.push("not managed by imageguard (never touched):");
    for (const policy of report.foreign) lines.push(`  \`${policy.name}\`: ${policy.why}`);
  }
  lines.push("", ...renderIssues("error", report.conflicts));
  if (report.state !== "in-sync") {
    lines.push(
      report.state === "not-deployed"
        ? "deploy it: `imageguard guardrail plan` shows the changes, `imageguard guardrail apply` makes them"
        : "`imageguard guardrail plan` shows the changes that restore the spec, `imageguard guardrail apply` makes them",
    );
  }
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
