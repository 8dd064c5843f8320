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
  GuardrailSpec,
  OrgModel,
} from "../../../guardrail/index.js";
import { Option } from "commander";
import type { Problem, StatementRef } from "../../../policy/index.js";
import type { CliCommand, CommandOptions, ExitCode } from "../../command.js";
import {
  concurrencyOf,
  connect,
  connectionOptions,
  orgReadOptions,
  progressLine,
  readOrgFromCloud,
  sourceOf,
} from "../../connected-org.js";
import type { CloudOrg } from "../../connected-org.js";
import type { CliIo } from "../../io.js";
import { collect, wantsJson } from "../../options.js";
import { countErrors, readText } from "../../policy-file.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
// Spelt from `commands/`: `../guardrail/…` would read as a deep import into src/guardrail.
import { DEFAULT_SPEC_FILE, instantOf, readSpecFile } from "../../commands/guardrail/spec-file.js";

export const policyAnalyze: CliCommand = {
  path: ["policy", "analyze"],
  describe:
    "find bypasses of the golden-image guardrail: for every principal and every catalog action that launches, tags or creates images; exit 0 none, 2 bypasses, 1 error or an incomplete analysis",
  configure(command) {
    command
      .option("--scenario <file>", "an organisation file: a scenario with `principals` (docs/org-format.md)")
      .option("--from-cloud", "analyse the connected cloud's organisation (the default without --scenario)")
      // The flag this command had before the cloud could be read; it means --from-cloud.
      .addOption(new Option("--cloud").hideHelp())
      .option(
        "--criteria <file>",
        "the guardrail spec (imageguard.yaml): criteria, pipeline and break-glass roles, exemptions",
      )
      .option(
        "--spec <file>",
        `the same as --criteria; from the cloud without --require-tag, ./${DEFAULT_SPEC_FILE} when it exists`,
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
      .option("--now <date-time>", "judge exemption expiry at this instant instead of now (ISO 8601)");
    connectionOptions(command).option("--region <region>", "the connection's region (default the profile's)");
    orgReadOptions(command).addHelpText(
      "after",
      "\nWithout --scenario the organisation is read from the connected cloud: the Resource Directory with its\ncontrol policies, and every account's RAM users, groups and roles with their policies. Members are read\nthrough their ResourceDirectoryAccountAccessRole, so connect as a RAM user of the management account\n(the demo's `--profile security-admin`), never as its root identity. The method and its limits:\ndocs/bypass-analysis.md.",
    );
  },
  async run(_args, options, io) {
    const file = options["scenario"] as string | undefined;
    const fromCloud = options["fromCloud"] === true || options["cloud"] === true || file === undefined;
    if (file !== undefined && fromCloud) {
      io.err(
        renderError(
          "give the organisation either as a file (`--scenario FILE`) or from the cloud (`--from-cloud`), not both",
          "remove one of them",
        ),
      );
      return 1;
    }
    if (file !== undefined) {
      const cloudOnly = [
        "saveOrg",
        "account",
        "profile",
        "config",
        "endpoint",
        "region",
        "concurrency",
      ].filter((name) => options[name] !== undefined);
      if (cloudOnly.length > 0 || options["root"] === false) {
        const names = [...cloudOnly.map(flagOf), ...(options["root"] === false ? ["--no-root"] : [])];
        io.err(
          renderError(
            `${names.map((n) => `\`${n}\``).join(", ")} ${names.length === 1 ? "reads" : "read"} the connected cloud, and \`--scenario\` gives the organisation as a file`,
            "leave out `--scenario` to analyse the connected cloud's organisation, or leave out the cloud options",
          ),
        );
        return 1;
      }
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
    // The criteria are read before the organisation: a bad option should not cost a read of the cloud.
    const criteria = await criteriaFrom(options, now, io, fromCloud);
    if (criteria === undefined) return 1;

    let org: OrgModel;
    let warnings: readonly Problem[] = [];
    let source:
      { readonly file: string; readonly text: string } | { readonly cloud: CloudOrg; readonly where: string };
    if (file !== undefined) {
      const text = await readText(io, file);
      if (typeof text !== "string") return reportProblems(file, undefined, [text], options, io);
      const parsed = parseOrgModel(text);
      if (!parsed.ok) return reportProblems(file, text, parsed.problems, options, io);
      org = parsed.model;
      source = { file, text };
      if (parsed.problems.length > 0 && !wantsJson(options))
        io.err(renderProblems(parsed.problems, { name: file, text }));
      if (parsed.problems.length > 0) warnings = parsed.problems;
    } else {
      const concurrency = concurrencyOf(options);
      if (typeof concurrency === "string") {
        io.err(concurrency);
        return 1;
      }
      const progress = progressLine(io, options);
      const connected = await connect(io, options, options["region"] as string | undefined, () =>
        progress?.retried(),
      );
      if (typeof connected === "string") {
        io.err(connected);
        return 1;
      }
      progress?.note(`reading the organisation as ${connected.described}`);
      const cloud = await readOrgFromCloud(io, options, connected, concurrency, progress);
      if (cloud === undefined) return 1;
      org = cloud.model;
      source = { cloud, where: sourceOf(connected.connection) };
      warnings = cloud.problems;
      if (!wantsJson(options)) {
        io.err(
          `analysing ${cloud.document.name} read from ${source.where}: ${cloud.accounts} account${cloud.accounts === 1 ? "" : "s"}, ${org.principals.length} principal${org.principals.length === 1 ? "" : "s"}${options["saveOrg"] === undefined ? "" : `, saved to \`${String(options["saveOrg"])}\``}\n`,
        );
        if (cloud.problems.length > 0)
          io.err(renderProblems(cloud.problems, { name: "the organisation read from the cloud" }));
      }
    }
    const inputs = criteria(org);

    const report = analyzeBypasses(org, inputs.criteria, {
      ...inputs.options,
      ...(actions === undefined ? {} : { actions }),
      maxCasesPerAction: maxCases,
    });
    const unread = "cloud" in source ? source.cloud.unread : [];
    if (wantsJson(options)) {
      const origin =
        "cloud" in source
          ? {
              cloud: {
                source: source.where,
                organisation: source.cloud.document.name,
                readBy: source.cloud.readBy,
                accounts: source.cloud.accounts,
                principals: org.principals.length,
                unread: unread.map((a) => ({ accountId: a.accountId, name: a.name, error: a.error })),
                notes: source.cloud.notes,
                ...(options["saveOrg"] === undefined ? {} : { savedTo: options["saveOrg"] }),
              },
            }
          : { file: source.file };
      io.out(renderJson({ ...origin, ...report, ...(warnings.length === 0 ? {} : { problems: warnings }) }));
    } else {
      io.out(renderReport(report));
      if (unread.length > 0) {
        io.out(
          `\nINCOMPLETE: ${unread.length} account${unread.length === 1 ? "" : "s"} could not be read (${unread.map((a) => a.name).join(", ")}): their principals were not analysed\n`,
        );
      }
    }
    if (report.findings.length > 0) return 2;
    return report.complete && unread.length === 0 ? 0 : 1;
  },
};

function flagOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

type CriteriaFor = (org: OrgModel) => { criteria: AnalysisCriteria; options: AnalysisOptions };

/** How the criteria are made once the organisation is known; undefined after saying what is wrong. */
async function criteriaFrom(
  options: CommandOptions,
  now: Date,
  io: CliIo,
  fromCloud: boolean,
): Promise<CriteriaFor | undefined> {
  const criteriaFile = options["criteria"] as string | undefined;
  const specOption = options["spec"] as string | undefined;
  if (criteriaFile !== undefined && specOption !== undefined) {
    io.err(renderError("`--criteria` and `--spec` name the same file", "give one of them"));
    return undefined;
  }
  const required = (options["requireTag"] as string[] | undefined) ?? [];
  const flags = ["protectTag", "trustedOwner", "allowedSource"].filter((name) => options[name] !== undefined);
  let specFile = criteriaFile ?? specOption;
  if (specFile === undefined && required.length === 0 && fromCloud) {
    // As `scan` does: the spec in the working directory, when there is one.
    const found = await readText(io, DEFAULT_SPEC_FILE);
    if (typeof found === "string") specFile = DEFAULT_SPEC_FILE;
  }
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
    const spec: GuardrailSpec = result.spec;
    return (org) => analysisInputsFromSpec(spec, org, now);
  }
  if (required.length === 0) {
    io.err(
      renderError(
        "give the golden criteria: `--criteria imageguard.yaml` or at least one `--require-tag KEY=VALUE`",
        fromCloud
          ? `e.g. \`--require-tag environment=production\` for the seed's policy; from the cloud, ./${DEFAULT_SPEC_FILE} is read when it exists`
          : "e.g. `--require-tag environment=production` for the seed's policy",
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
  const criteria: AnalysisCriteria = {
    requiredTags: [...tags].map(([key, values]) => ({ key, values })),
    ...(protectedKeys === undefined ? {} : { protectedTagKeys: protectedKeys }),
    ...(owners === undefined ? {} : { trustedOwners: owners }),
    ...(sources.length === 0 ? {} : { allowedSources: sources as (typeof known)[number][] }),
  };
  return () => ({ criteria, options: {} });
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
