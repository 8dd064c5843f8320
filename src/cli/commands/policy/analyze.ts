// `imageguard policy analyze`: bypasses of the golden-image guardrail, for an organisation given as a
// file (`--scenario`) or read from the connected cloud; the analysis itself is src/guardrail's.
import {
  analysisInputsFromSpec,
  analyzeBypasses,
  parseOrgModel,
  questionActions,
  renderNotGoverned,
  separateNotGoverned,
} from "../../../guardrail/index.js";
import type { AnalysisCriteria, AnalysisOptions, GuardrailSpec, OrgModel } from "../../../guardrail/index.js";
import { Option } from "commander";
import type { Problem } from "../../../policy/index.js";
import { addCloudOptions, sourceOf } from "../../cloud-connection.js";
import type { CliCommand, CommandOptions } from "../../command.js";
import {
  cloudFlagsGiven,
  connectForReading,
  orgReadOptions,
  readOrgFromCloud,
  readTheCloud,
} from "../../connected-org.js";
import type { CloudOrg } from "../../connected-org.js";
import type { CliIo } from "../../io.js";
import { collect, textOf, wantsJson } from "../../options.js";
import { readText } from "../../policy-file.js";
import { renderBypassReport } from "../../render/bypass-report.js";
import { renderError, renderProblems } from "../../render/diagnostic.js";
import { renderJson } from "../../render/json.js";
import { reportProblems } from "../../report-problems.js";
import { DEFAULT_SPEC_FILE, nowOf, nowOption, readValidSpec } from "../../spec-file.js";

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
      .addOption(nowOption())
      .option(
        "--strict",
        "with a spec: count the management account's and unscoped accounts' findings as bypasses too",
      );
    addCloudOptions(command, "the connection's region (default the profile's)");
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
      const cloudOnly = cloudFlagsGiven(options, [
        "saveOrg",
        "account",
        "profile",
        "config",
        "endpoint",
        "region",
        "concurrency",
      ]);
      if (cloudOnly.length > 0) {
        io.err(
          renderError(
            `${readTheCloud(cloudOnly)}, and \`--scenario\` gives the organisation as a file`,
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
    const now = nowOf(options);
    if (typeof now === "string") {
      io.err(now);
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
      const reading = await connectForReading(
        io,
        options,
        textOf(options, "region"),
        "reading the organisation",
      );
      if (reading === undefined) return 1;
      const cloud = await readOrgFromCloud(io, options, reading);
      if (cloud === undefined) return 1;
      org = cloud.model;
      source = { cloud, where: sourceOf(reading.connected.connection) };
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

    const full = analyzeBypasses(org, inputs.criteria, {
      ...inputs.options,
      ...(actions === undefined ? {} : { actions }),
      maxCasesPerAction: maxCases,
    });
    // With a spec, accounts it does not govern are reported apart (docs/bypass-analysis.md).
    const split =
      inputs.spec === undefined || options["strict"] === true
        ? { report: full, notGoverned: [] }
        : separateNotGoverned(full, inputs.spec, org);
    const report = split.report;
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
      io.out(
        renderJson({
          ...origin,
          ...report,
          ...(inputs.spec === undefined || options["strict"] === true
            ? {}
            : { notGoverned: split.notGoverned }),
          ...(warnings.length === 0 ? {} : { problems: warnings }),
        }),
      );
    } else {
      io.out(renderBypassReport(report) + renderNotGoverned(split.notGoverned));
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

type CriteriaFor = (org: OrgModel) => {
  criteria: AnalysisCriteria;
  options: AnalysisOptions;
  /** Set when the criteria come from a spec: it says which accounts are governed. */
  spec?: GuardrailSpec;
};

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
    const spec = await readValidSpec(io, specFile, now, options);
    if (spec === undefined) return undefined;
    return (org) => ({ ...analysisInputsFromSpec(spec, org, now), spec });
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
