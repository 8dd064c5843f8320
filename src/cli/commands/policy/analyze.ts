import {
  analysisInputsFromSpec,
  analyzeBypasses,
  parseOrgModel,
  QUESTION_LETTER,
  questionActions,
} from "../../../guardrail/index.js";
import type {
  AnalysisCriteria,
  AnalysisOptions,
  AnalysisReport,
  AssumedResource,
  BypassFinding,
  OrgModel,
} from "../../../guardrail/index.js";
import type { Problem, StatementRef } from "../../../policy/index.js";
import type { CliCommand, CommandOptions, ExitCode } from "../../command.js";
import type { CliIo } from "../../io.js";
import { collect, wantsJson } from "../../options.js";
import { countErrors, readText } from "../../policy-file.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
// Spelt from `commands/`: `../guardrail/…` would read as a deep import into src/guardrail.
import { instantOf, readSpecFile } from "../../commands/guardrail/spec-file.js";

export const policyAnalyze: CliCommand = {
  path: ["policy", "analyze"],
  describe:
    "find bypasses of the golden-image guardrail: for every principal and every catalog action that launches, tags or creates images; exit 0 none, 2 bypasses, 1 error or an incomplete analysis",
  configure(command) {
    command
      .option("--scenario <file>", "an organisation file: a scenario with `principals` (docs/org-format.md)")
      .option(
        "--criteria <file>",
        "the guardrail spec (imageguard.yaml): criteria, pipeline and break-glass roles, exemptions",
      )
      .option(
        "--require-tag <key=value>",
        "a golden tag (repeat; the same key twice allows either value)",
        collect,
      )
      .option(
        "--protect-tag <key>",
        "a tag key only the pipeline may set (repeat; default: the required keys)",
        collect,
      )
      .option("--trusted-owner <account-id>", "an account whose images may be golden (repeat)", collect)
      .option(
        "--allowed-source <source>",
        "an image source that may be golden: System, Self, Others, Marketplace (repeat)",
        collect,
      )
      .option("--action <action>", "analyse only this action (repeat)", collect)
      .option("--max-cases <n>", "requests decided per principal and action before giving up", "200000")
      .option("--now <date-time>", "judge exemption expiry at this instant instead of now (ISO 8601)")
      .option(
        "--cloud",
        "analyse the connected cloud's actual organisation (not available yet: it needs the cloud client)",
      )
      .addHelpText(
        "after",
        "\nThe analysis is offline: it reads an organisation file. Reading the organisation from a connected\ncloud comes with the cloud client in a later release. The method and its limits: docs/bypass-analysis.md.",
      );
  },
  async run(_args, options, io) {
    if (options["cloud"] === true) {
      io.err(
        renderError(
          "analysing the connected cloud's organisation is not available yet: it needs the cloud client",
          "export the organisation as an organisation file (docs/org-format.md) and pass it with `--scenario FILE`",
        ),
      );
      return 1;
    }
    const file = options["scenario"] as string | undefined;
    if (file === undefined) {
      io.err(
        renderError("give the organisation with `--scenario FILE`", "see docs/org-format.md for the format"),
      );
      return 1;
    }
    const maxCases = Number(options["maxCases"]);
    if (!Number.isInteger(maxCases) || maxCases < 1) {
      io.err(
        renderError(`invalid \`--max-cases ${String(options["maxCases"])}\``, "give a positive whole number"),
      );
      return 1;
    }
    const now = instantOf(options["now"]);
    if (now === undefined) {
      io.err(
        renderError(
          `invalid \`--now ${String(options["now"])}\``,
          "write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`",
        ),
      );
      return 1;
    }

    const text = await readText(io, file);
    if (typeof text !== "string") return reportProblems(file, undefined, [text], options, io);
    const parsed = parseOrgModel(text);
    if (!parsed.ok) return reportProblems(file, text, parsed.problems, options, io);
    const inputs = await criteriaFrom(options, parsed.model, now, io);
    if (inputs === undefined) return 1;

    const actions = options["action"] as string[] | undefined;
    const analysable: string[] = Object.values(questionActions()).flat();
    const unknown = actions?.find(
      (action) => !analysable.some((a) => a.toLowerCase() === action.toLowerCase()),
    );
    if (unknown !== undefined) {
      io.err(
        renderError(
          `\`${unknown}\` is not an action the analysis asks about`,
          `name one of ${analysable.map((a) => `\`${a}\``).join(", ")}`,
        ),
      );
      return 1;
    }
    const report = analyzeBypasses(parsed.model, inputs.criteria, {
      ...inputs.options,
      ...(actions === undefined ? {} : { actions }),
      maxCasesPerAction: maxCases,
    });
    const warnings = parsed.problems;
    if (wantsJson(options)) {
      io.out(renderJson({ file, ...report, ...(warnings.length === 0 ? {} : { problems: warnings }) }));
    } else {
      if (warnings.length > 0) io.err(renderProblems(warnings, { name: file, text }));
      io.out(renderReport(report));
    }
    if (report.findings.length > 0) return 2;
    return report.complete ? 0 : 1;
  },
};

async function criteriaFrom(
  options: CommandOptions,
  org: OrgModel,
  now: Date,
  io: CliIo,
): Promise<{ criteria: AnalysisCriteria; options: AnalysisOptions } | undefined> {
  const specFile = options["criteria"] as string | undefined;
  const required = (options["requireTag"] as string[] | undefined) ?? [];
  const flags = ["protectTag", "trustedOwner", "allowedSource"].filter((name) => options[name] !== undefined);
  if (specFile !== undefined) {
    if (required.length > 0 || flags.length > 0) {
      io.err(
        renderError(
          "`--criteria` cannot be combined with `--require-tag`, `--protect-tag`, `--trusted-owner` or `--allowed-source`",
          "the spec file holds the criteria; edit its `golden` section",
        ),
      );
      return undefined;
    }
    const { source, result } = await readSpecFile(io, specFile, now);
    if (!result.ok || countErrors(result.problems) > 0) {
      io.err(
        renderProblems(result.problems, {
          name: specFile,
          ...(source === undefined ? {} : { text: source }),
        }),
      );
      return undefined;
    }
    return analysisInputsFromSpec(result.spec, org, now);
  }
  if (required.length === 0) {
    io.err(
      renderError(
        "give the golden criteria: `--criteria imageguard.yaml` or at least one `--require-tag KEY=VALUE`",
        "e.g. `--require-tag environment=production` for the seed's policy",
      ),
    );
    return undefined;
  }
  const tags = new Map<string, string[]>();
  for (const pair of required) {
    const equals = pair.indexOf("=");
    if (equals <= 0) {
      io.err(renderError(`invalid \`--require-tag ${pair}\``, "write `--require-tag KEY=VALUE`"));
      return undefined;
    }
    const key = pair.slice(0, equals);
    tags.set(key, [...(tags.get(key) ?? []), pair.slice(equals + 1)]);
  }
  const sources = (options["allowedSource"] as string[] | undefined) ?? [];
  const known = ["System", "Self", "Others", "Marketplace"] as const;
  const bad = sources.find((source) => !(known as readonly string[]).includes(source));
  if (bad !== undefined) {
    io.err(
      renderError(
        `invalid \`--allowed-source ${bad}\``,
        `write one of ${known.map((s) => `\`${s}\``).join(", ")}`,
      ),
    );
    return undefined;
  }
  const protectedKeys = options["protectTag"] as string[] | undefined;
  const owners = options["trustedOwner"] as string[] | undefined;
  return {
    criteria: {
      requiredTags: [...tags].map(([key, values]) => ({ key, values })),
      ...(protectedKeys === undefined ? {} : { protectedTagKeys: protectedKeys }),
      ...(owners === undefined ? {} : { trustedOwners: owners }),
      ...(sources.length === 0 ? {} : { allowedSources: sources as (typeof known)[number][] }),
    },
    options: {},
  };
}

function reportProblems(
  file: string,
  source: string | undefined,
  problems: readonly Problem[],
  options: CommandOptions,
  io: CliIo,
): ExitCode {
  if (wantsJson(options)) io.out(renderJson({ file, problems }));
  else io.err(renderProblems(problems, { name: file, ...(source === undefined ? {} : { text: source }) }));
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const QUESTION_TEXT = {
  "launch-non-golden": "launch or re-image from a non-golden image",
  "tag-protected": "set or remove a protected tag on an image",
  "create-tagged": "create an image that carries a protected tag",
} as const;

export function renderReport(report: AnalysisReport): string {
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
