import { basename, extname, resolve } from "node:path";
import { Option } from "commander";
import { parseOrgModel, parseTrailLines, replayTrail } from "../../guardrail/index.js";
import type {
  CallVerdict,
  ChangeGroup,
  ChangedCall,
  NotReplayedCall,
  TrailEvent,
  WhatIfReport,
} from "../../guardrail/index.js";
import type { DecidingPolicy, EffectScope, PolicyKind, Problem } from "../../policy/index.js";
import type { CliCommand, CommandOptions, ExitCode } from "../command.js";
import type { CliIo } from "../io.js";
import { wantsJson } from "../options.js";
import { readPolicyFile, readText } from "../policy-file.js";
import { renderError, renderProblems } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";
import { DEFAULT_DATA_DIR } from "./serve.js";

// `imageguard whatif`: recorded calls replayed against today's organisation and against the same
// organisation with a proposed policy attached; the calls whose decision would change. Reading
// files and the local cloud's audit store happens here; the replay itself is pure (src/guardrail).

/** Text output lists this many calls per section; `--json` lists every one. */
const TEXT_LIST_LIMIT = 50;
const RAM_TARGET = /^(?:acs:ram::\d+:|\d+:)?(?:user|group|role)\//;

export const whatifCommand: CliCommand = {
  path: ["whatif"],
  describe:
    "replay recorded calls (the audit trail) with a proposed policy attached and list those whose decision would change; exit 0 none, 2 some, 1 error",
  configure(command) {
    command
      .option("--policy <file>", "the proposed policy document (JSON)")
      .addOption(
        new Option(
          "--kind <kind>",
          "control policy (attached to an RD node) or RAM policy (to a user, group or role); default from --attach-to",
        ).choices(["control", "ram"]),
      )
      .option(
        "--attach-to <target>",
        "where it would be attached: an RD node's id, name or path (`Root/Production`), or `user/NAME`, `group/NAME`, `role/NAME`",
      )
      .option(
        "--name <name>",
        "the policy's name; an attached policy of this name is replaced (default: the file's name)",
      )
      .addOption(
        new Option(
          "--effect-scope <scope>",
          "control policies: whom it governs (Alibaba's default RAM)",
        ).choices(["RAM", "All"]),
      )
      .option("--org <file>", "today's organisation: directory, policies and principals (docs/org-format.md)")
      .option("--trail <file>", "ActionTrail events as JSON lines (`imageguard trail export`)")
      .option("--since <time>", "only calls at or after this time: ISO 8601 or an age such as 7d, 12h, 30m")
      .option(
        "--data <dir>",
        "without --trail: the local cloud's data directory whose audit trail is read",
        DEFAULT_DATA_DIR,
      );
  },
  async run(_args, options, io) {
    const policyFile = options["policy"] as string | undefined;
    const attachTo = options["attachTo"] as string | undefined;
    const orgFile = options["org"] as string | undefined;
    const missing = [
      ...(policyFile === undefined ? ["`--policy FILE`"] : []),
      ...(attachTo === undefined ? ["`--attach-to TARGET`"] : []),
    ];
    if (policyFile === undefined || attachTo === undefined) {
      io.err(
        renderError(
          `\`whatif\` needs ${missing.join(" and ")}`,
          "e.g. `imageguard whatif --policy deny-untagged.json --attach-to Production --org org.yaml --trail trail.jsonl`",
        ),
      );
      return 1;
    }
    if (orgFile === undefined) {
      io.err(
        renderError(
          "`whatif` needs `--org FILE`: reading today's policies from the connected cloud is not available yet",
          "describe today's organisation (directory, control policies, principals and their policies) in an organisation file, see docs/org-format.md",
        ),
      );
      return 1;
    }
    const inferred: PolicyKind = RAM_TARGET.test(attachTo) ? "ram" : "control";
    const kind = (options["kind"] as PolicyKind | undefined) ?? inferred;
    if (kind !== inferred) {
      io.err(
        renderError(
          `\`--kind ${kind}\` does not fit \`--attach-to ${attachTo}\``,
          kind === "ram"
            ? "attach a RAM policy to `user/NAME`, `group/NAME` or `role/NAME`"
            : "attach a control policy to a resource directory node: its id, name or path",
        ),
      );
      return 1;
    }
    const effectScope = options["effectScope"] as EffectScope | undefined;
    if (effectScope !== undefined && kind !== "control") {
      io.err(renderError("`--effect-scope` applies to control policies only", "remove `--effect-scope`"));
      return 1;
    }

    const policy = await readPolicyFile(io, policyFile, kind);
    if (!policy.result.ok) return problems(io, options, policyFile, policy.source, policy.result.problems);
    const orgSource = await readText(io, orgFile);
    if (typeof orgSource !== "string") return problems(io, options, orgFile, undefined, [orgSource]);
    const org = parseOrgModel(orgSource);
    if (!org.ok) return problems(io, options, orgFile, orgSource, org.problems);

    const trail = await readTrail(io, options);
    if ("failed" in trail) return trail.failed;

    const result = replayTrail(trail.events, {
      today: org.model,
      proposed: {
        policy: policy.result.policy,
        name: (options["name"] as string | undefined) ?? basename(policyFile, extname(policyFile)),
        attachTo,
        ...(effectScope === undefined ? {} : { effectScope }),
      },
    });
    if (!result.ok) {
      if (wantsJson(options)) io.out(renderJson({ ok: false, problems: result.problems }));
      else for (const found of result.problems) io.err(renderError(found.message, found.help));
      return 1;
    }
    const warnings = [...policy.result.problems, ...org.problems];
    const exit: ExitCode = result.report.totals.changed > 0 ? 2 : 0;
    if (wantsJson(options)) {
      io.out(
        renderJson({
          ok: true,
          trail: trail.name,
          ...result.report,
          problems: [...warnings, ...trail.problems],
        }),
      );
      return exit;
    }
    if (policy.result.problems.length > 0)
      io.err(renderProblems(policy.result.problems, { name: policyFile, text: policy.source ?? "" }));
    if (org.problems.length > 0) io.err(renderProblems(org.problems, { name: orgFile, text: orgSource }));
    if (trail.problems.length > 0)
      io.err(renderProblems(trail.problems, { name: trail.name, text: trail.text }));
    io.out(renderReport(result.report, trail.name));
    return exit;
  },
};

function problems(
  io: CliIo,
  options: CommandOptions,
  file: string,
  text: string | undefined,
  found: readonly Problem[],
): ExitCode {
  if (wantsJson(options)) io.out(renderJson({ ok: false, file, problems: found }));
  else io.err(renderProblems(found, { name: file, ...(text === undefined ? {} : { text }) }));
  return 1;
}

interface TrailRead {
  readonly name: string;
  readonly text: string;
  readonly events: readonly TrailEvent[];
  readonly problems: readonly Problem[];
}

/** `--trail FILE`, else the local cloud's audit store; `--since` bounds either. */
async function readTrail(io: CliIo, options: CommandOptions): Promise<TrailRead | { failed: ExitCode }> {
  const file = options["trail"] as string | undefined;
  const sinceText = options["since"] as string | undefined;
  let since: Date | undefined;
  try {
    if (sinceText !== undefined) {
      // Loaded on demand: the cloud (SQLite, every handler) is heavy, and a trail file does not need it.
      const { parseTimeBound } = await import("../../cloud/index.js");
      since = parseTimeBound(sinceText, new Date());
    }
    if (file !== undefined) {
      const text = await readText(io, file);
      if (typeof text !== "string") {
        io.err(renderProblems([text], { name: file }));
        return { failed: 1 };
      }
      const parsed = parseTrailLines(text);
      const events =
        since === undefined
          ? parsed.events
          : parsed.events.filter((event) => atOrAfter(event, since as Date));
      return { name: file, text, events, problems: parsed.problems };
    }
    const { exportTrail } = await import("../../cloud/index.js");
    const dataDir = String(options["data"]);
    const lines: string[] = [];
    await exportTrail({
      dataDir: resolve(io.cwd, dataDir),
      ...(since === undefined ? {} : { since }),
      write: (line) => void lines.push(line),
    });
    const text = lines.join("");
    const parsed = parseTrailLines(text);
    return { name: `the audit trail of ${dataDir}`, text, ...parsed };
  } catch (err) {
    const help = (err as { help?: unknown }).help;
    io.err(
      renderError(
        err instanceof Error ? err.message : String(err),
        typeof help === "string" ? help : undefined,
      ),
    );
    return { failed: 1 };
  }
}

/** Events without a readable time are kept: leaving them out would drop them silently. */
function atOrAfter(event: TrailEvent, since: Date): boolean {
  const time = typeof event["eventTime"] === "string" ? Date.parse(event["eventTime"]) : Number.NaN;
  return Number.isNaN(time) || time >= since.getTime();
}

// ---------------------------------------------------------------------------------------------
// Text

function renderReport(report: WhatIfReport, trailName: string): string {
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
      `note: ${count(totals.differFromRecord, "replayed call decides", "replayed calls decide")} differently today than when recorded: the organisation file is not the organisation of the time`,
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
