// `whatif` as text: what was attached where and whom it reaches, the counts, the calls whose decision
// would change (grouped, then each with its before and after), and the calls not replayed and why.
import type {
  CallVerdict,
  ChangeGroup,
  ChangedCall,
  NotReplayedCall,
  WhatIfReport,
} from "../../guardrail/index.js";
import type { DecidingPolicy } from "../../policy/index.js";

/** Text output lists this many calls per section; `--json` lists every one. */
const TEXT_LIST_LIMIT = 50;

export function renderWhatIfReport(report: WhatIfReport, trailName: string): string {
  const { totals, proposed } = report;
  const lines: string[] = [
    `what-if: ${proposed.kind === "control" ? "control policy" : "RAM policy"} \`${proposed.policyName}\`` +
      `${proposed.replaces ? " (a new version of the attached policy)" : ""} attached to ${proposed.target},` +
      ` reaching ${count(proposed.principalsReached, "principal", "principals")} of the organisation`,
    `${trailName}: ${count(totals.events, "call", "calls")}, ${totals.replayed} replayed: ` +
      `${totals.changed} would change, ${totals.unchanged} would not; ${totals.notReplayed} not replayed`,
  ];
  if (totals.differFromRecord > 0) {
    lines.push(
      `note: ${count(totals.differFromRecord, "replayed call decides", "replayed calls decide")} differently today than when recorded: today's organisation is not the organisation of the time`,
    );
  }
  if (report.changed.length === 0) {
    lines.push("", "no call's decision would change");
  } else {
    section(lines, "would change:", report.summary.map(summaryLine));
    section(lines, "by principal:", report.byPrincipal.map(summaryLine));
    if (report.byImage.length > 0) section(lines, "by image:", report.byImage.map(summaryLine));
    section(lines, "calls:", limited(report.changed.flatMap(callLines), report.changed.length, "calls"));
  }
  if (report.notReplayed.calls.length > 0) {
    section(
      lines,
      `not replayed (${report.notReplayed.calls.length}):`,
      notReplayedLines(report.notReplayed.calls),
    );
  }
  return `${lines.join("\n")}\n`;
}

function section(lines: string[], title: string, body: readonly string[]): void {
  lines.push("", title, ...body.map((line) => `  ${line}`));
}

function summaryLine(group: ChangeGroup): string {
  return group.summary;
}

/** Lines of many items, cut after TEXT_LIST_LIMIT items, saying how many were left to `--json`. */
function limited(lines: readonly string[], items: number, noun: string): string[] {
  if (items <= TEXT_LIST_LIMIT) return [...lines];
  // Calls take a varying number of lines; cut on whole calls by counting their first lines.
  const kept: string[] = [];
  let seen = 0;
  for (const line of lines) {
    if (!line.startsWith(" ")) seen++;
    if (seen > TEXT_LIST_LIMIT) break;
    kept.push(line);
  }
  kept.push(`… and ${items - TEXT_LIST_LIMIT} more ${noun} (\`--json\` lists every one)`);
  return kept;
}

function callLines(call: ChangedCall): string[] {
  const subject = call.imageId === undefined ? "" : `  image ${call.imageId}`;
  const lines = [
    `${call.eventTime}  ${call.eventName} (${call.action})  ${call.callerArn}${subject}`,
    `  ${verdict(call.before)} → ${verdict(call.after)}${call.recorded === undefined ? "" : ` (recorded: ${call.recorded})`}`,
  ];
  for (const caveat of call.caveats) lines.push(`  ! ${caveat}`);
  lines.push(`  event ${call.eventId}${call.requestId === undefined ? "" : `, request ${call.requestId}`}`);
  return lines;
}

function verdict(verdict: CallVerdict): string {
  return `${verdict.result} by ${describeDecider(verdict.decidedBy)}`;
}

function describeDecider(decider: DecidingPolicy): string {
  const parts: string[] = [decider.policyType];
  if (decider.policyName !== undefined) {
    parts.push(
      decider.policyVersion === undefined
        ? `\`${decider.policyName}\``
        : `\`${decider.policyName}\` ${decider.policyVersion}`,
    );
  }
  if (decider.rdNode !== undefined) {
    parts.push(`at ${decider.rdNode.type.toLowerCase()} ${decider.rdNode.name} (${decider.rdNode.id})`);
  }
  if (decider.statementIndex !== undefined) {
    parts.push(
      decider.sid === undefined
        ? `Statement[${decider.statementIndex}]`
        : `Statement[${decider.statementIndex}] (Sid ${decider.sid})`,
    );
  } else {
    parts.push(`(${decider.reason})`);
  }
  return parts.join(" ");
}

/** Grouped by reason and message, each with its events. */
function notReplayedLines(calls: readonly NotReplayedCall[]): string[] {
  const groups = new Map<string, NotReplayedCall[]>();
  for (const call of calls) {
    const key = `${call.reason}: ${call.message}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [call]);
    else list.push(call);
  }
  const lines: string[] = [];
  for (const [key, members] of groups) {
    lines.push(`${key} (${count(members.length, "call", "calls")})`);
    const shown = members.slice(0, TEXT_LIST_LIMIT);
    for (const call of shown) {
      lines.push(`  ${call.eventTime ?? "?"}  ${call.eventName ?? "?"}  event ${call.eventId ?? "(no id)"}`);
    }
    if (members.length > shown.length) {
      lines.push(`  … and ${members.length - shown.length} more (\`--json\` lists every one)`);
    }
  }
  return lines;
}

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
