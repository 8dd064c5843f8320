// `policy analyze` as text: a line of counts (and a loud warning when the analysis is incomplete), a
// table of the bypasses, then each one as its counterexample — the request, what it assumes, every
// check with its context and what allowed it — and the expected principals.
import { QUESTION_LETTER } from "../../guardrail/index.js";
import type { AnalysisReport, AssumedResource, BypassFinding } from "../../guardrail/index.js";
import type { StatementRef } from "../../policy/index.js";

const QUESTION_TEXT = {
  "launch-non-golden": "launch or re-image from a non-golden image",
  "tag-protected": "set or remove a protected tag on an image",
  "create-tagged": "create an image that carries a protected tag",
} as const;

export function renderBypassReport(report: AnalysisReport): string {
  const lines: string[] = [];
  if (!report.complete) {
    lines.push(
      "WARNING: the analysis is INCOMPLETE and NOT SOUND: a missing finding proves nothing",
      ...report.capped.map(
        (cap) =>
          `  - capped: ${cap.principal} ${cap.action} (raise --max-cases, or analyse fewer actions with --action)`,
      ),
      ...report.limits.map(
        (limit) => `  - limit: ${limit.principal ?? ""} ${limit.action ?? ""}: ${limit.message}`,
      ),
      "",
    );
  }
  const { principals, actions, requests } = report.stats;
  lines.push(
    report.findings.length === 0
      ? `no bypasses: ${principals} principal${principals === 1 ? "" : "s"}, ${actions} actions, ${requests} requests decided`
      : `${report.findings.length} bypass${report.findings.length === 1 ? "" : "es"}: ${principals} principal${principals === 1 ? "" : "s"}, ${actions} actions, ${requests} requests decided`,
  );
  if (report.findings.length > 0) {
    lines.push("", ...table(report.findings));
    report.findings.forEach((finding, i) => lines.push("", ...details(finding, `bypass ${i + 1}`)));
  }
  if (report.expected.length > 0) {
    lines.push(
      "",
      `expected (${report.expected.length}): principals the spec lets past the guardrail`,
      ...table(report.expected, true),
    );
  }
  if (report.notes.length > 0) lines.push("", "notes:", ...report.notes.map((note) => `  - ${note}`));
  return `${lines.join("\n")}\n`;
}

function table(findings: readonly BypassFinding[], withReason = false): string[] {
  const rows = findings.map((f) => [
    f.principal.arn,
    QUESTION_LETTER[f.question],
    f.action,
    withReason ? (f.expected ?? "") : f.why,
  ]);
  const header = ["principal", "q", "action", withReason ? "expected because" : "why"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join("  ")}`;
  return [line(header), ...rows.map(line)];
}

function details(finding: BypassFinding, title: string): string[] {
  const letter = QUESTION_LETTER[finding.question];
  const lines = [
    `${title}: (${letter}) ${QUESTION_TEXT[finding.question]}`,
    `  principal: ${finding.principal.arn} (${finding.principal.type})`,
    `  action:    ${finding.action}${finding.apiAction === undefined ? "" : ` (API ${finding.apiAction})`}`,
    `  why:       ${finding.why}`,
    `  request:   ${Object.entries(finding.request.params)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ")}`,
  ];
  for (const resource of finding.assumes) lines.push(`  assumes:   ${describeResource(resource)}`);
  finding.checks.forEach((check, i) => {
    lines.push(`  check ${i + 1}: ${check.action}`);
    lines.push(`    resources: ${check.resources.join(", ")}`);
    const context = Object.entries(check.context);
    lines.push(
      context.length === 0
        ? "    context:   (none)"
        : `    context:   ${context.map(([key, value]) => `${key}=${typeof value === "string" ? value : `[${value.join(", ")}]`}`).join(", ")}`,
    );
    lines.push("    allowed by:");
    for (const ref of check.allowedBy) lines.push(`      - ${describeStatement(ref)}`);
    // No statement grants the root identity anything: it is allowed what no control policy denies,
    // so the statements above (if any) are only the control policies it passed.
    if (finding.principal.type === "RootAccount") {
      lines.push(
        "      - the account root identity: no RAM policy applies to it, and it is allowed everything no control policy denies",
      );
    } else if (check.allowedBy.length === 0) {
      lines.push(`      - ${check.decidedBy.reason}`);
    }
  });
  return lines;
}

function describeResource(resource: AssumedResource): string {
  const tags = Object.entries(resource.tags);
  const parts = [
    `${resource.kind} ${resource.id} in ${resource.regionId}`,
    `owner ${resource.ownerId === "" ? "Alibaba Cloud" : resource.ownerId}`,
    ...(resource.source === undefined ? [] : [`source ${resource.source}`]),
    ...(resource.platform === undefined ? [] : [`platform ${resource.platform}`]),
    ...(resource.instanceType === undefined ? [] : [`type ${resource.instanceType}`]),
    tags.length === 0 ? "no tags" : `tags ${tags.map(([k, v]) => `${k}=${v}`).join(", ")}`,
  ];
  return parts.join(", ");
}

function describeStatement(ref: StatementRef): string {
  const parts = [
    ref.policyType,
    `\`${ref.policyName}\`${ref.policyVersion === undefined ? "" : ` ${ref.policyVersion}`}`,
    `Statement[${ref.statementIndex}]${ref.sid === undefined ? "" : ` (Sid ${ref.sid})`}`,
  ];
  if (ref.attachedTo !== undefined) parts.push(`attached to ${ref.attachedTo}`);
  if (ref.rdNode !== undefined)
    parts.push(`at ${ref.rdNode.type.toLowerCase()} ${ref.rdNode.name} (${ref.rdNode.id})`);
  return parts.join(" ");
}
