// `imageguard remediate`: a plan per finding (dry run by default), and with `--apply` the plan run
// with every step recorded in the findings database, then the touched places scanned again. This
// file does the I/O the guardrail core must not: options, files, the spec, the connection, the
// findings database, the confirmation on the terminal and the output; planning and applying are
// src/guardrail's (`planRemediation`, `applyRemediation`).
import { Option } from "commander";
import type { CloudClient } from "../../client/index.js";
import {
  accountClients,
  applyRemediation,
  checkRemediationSelection,
  checkSavedRemediationPlan,
  collectInventory,
  findingsRecorder,
  gatherRemediationFacts,
  planRemediation,
  readRemediationPlan,
  REMEDIATION_STRATEGIES,
  remediationApplyCounts,
  remediationDepsFromClient,
  remediationTargetFromFinding,
  remediationTargetFromVerdict,
  remediationTargetsOfPlan,
  renderRemediationPlan,
  renderRemediationRun,
  scanInventory,
  selectRemediationTargets,
  VERDICT_PRECEDENCE,
  whyNothingSelected,
} from "../../guardrail/index.js";
import type {
  FailureVerdict,
  FindingsStore,
  GuardrailSpec,
  RemediationApplyCounts,
  RemediationEvent,
  RemediationPlan,
  RemediationRun,
  RemediationSelection,
  RemediationTarget,
  ScanResult,
  SelectionUniverse,
  SpecIdentity,
  StrategyChoice,
} from "../../guardrail/index.js";
import { addConnectionOptions, connectFromOptions, renderCloudFailure } from "../cloud-connection.js";
import type { CliCommand, CommandOptions, ExitCode } from "../command.js";
import { confirmChanges } from "../confirm-changes.js";
import { findingsFileOf, findingsOption, openFindingsFile } from "../findings-file.js";
import type { CliIo } from "../io.js";
import { collect, listOf, textOf, wantsJson, wholeNumberOf } from "../options.js";
import type { WholeNumberRange } from "../options.js";
import { writeOutputFile } from "../output-file.js";
import { messageOf, renderError } from "../render/diagnostic.js";
import { renderJson } from "../render/json.js";
import { renderUnscanned } from "../render/unscanned.js";
import { DEFAULT_SPEC_FILE, nowOf, nowOption, readValidSpec, specOption } from "../spec-file.js";
import { checkSpecHistory, specIdentityOf } from "../spec-history.js";

const CONCURRENCY: WholeNumberRange = { fallback: 2, min: 1, max: 16 };
const DEFAULT_WAIT_TIMEOUT_S = 600;
const WAIT_TIMEOUT: WholeNumberRange = {
  fallback: DEFAULT_WAIT_TIMEOUT_S,
  min: 1,
  max: 86_400,
  help: "give a number of seconds from 1 to 86400",
};

export const remediateCommand: CliCommand = {
  path: ["remediate"],
  describe:
    "plan what to do about the scan's findings (dry run), or --apply it: replace system disks with golden images, stop, release, or tag an approved image; exit 2 while findings remain, 1 when a step failed",
  configure(command) {
    addConnectionOptions(command.addOption(specOption()))
      .addOption(findingsOption())
      .option(
        "--scan",
        "scan first (and record it), then plan from that scan instead of the latest recorded one",
      )
      .option("--account <id-or-name>", "only findings of this account (repeat)", collect)
      .option(
        "--region <region>",
        "only findings in this region (repeat); with --scan, scan only these",
        collect,
      )
      .option("--instance <id>", "only this instance's finding (repeat)", collect)
      .option(
        "--verdict <verdict>",
        `only findings with this verdict (repeat): ${VERDICT_PRECEDENCE.join(", ")}`,
        collect,
      )
      .option("--scope <key>", "only findings in this scope of the spec, as written there (repeat)", collect)
      .option(
        "--include-audit",
        "also remediate audit-mode and unscoped accounts (default: enforce scopes only)",
      )
      .addOption(
        new Option("--strategy <strategy>", "what to do; auto decides by verdict and never releases")
          .choices(REMEDIATION_STRATEGIES)
          .default("auto"),
      )
      .option(
        "--approve-image <image-id>",
        "approve this image (after review) and tag it golden, if it fails nothing but its tags (repeat)",
        collect,
      )
      .option("--out <file>", "also write the plan as JSON to this file (apply it later with --plan)")
      .option("--plan <file>", "apply exactly this saved plan; refused when the cloud no longer matches it")
      .option("--apply", "run the plan (asks for confirmation on a terminal)")
      .option("--yes", "with --apply: do not ask for confirmation")
      .option(
        "--concurrency <n>",
        `instances of one account worked on at once (${CONCURRENCY.min}-${CONCURRENCY.max}, default ${CONCURRENCY.fallback})`,
      )
      .option(
        "--wait-timeout <seconds>",
        `how long to wait for each stop, start or disk replacement (default ${DEFAULT_WAIT_TIMEOUT_S})`,
      )
      .addOption(nowOption("judge exemptions and image age at this instant (dry runs only; ISO 8601)"));
  },
  async run(_args, options, io) {
    const settings = readSettings(options);
    if (typeof settings === "string") {
      io.err(settings);
      return 1;
    }
    const spec = await readValidSpec(io, settings.specFile, settings.now, options);
    if (spec === undefined) return 1;

    const connected = await connectFromOptions(io, options);
    if (connected === undefined) return 1;
    io.err(`remediating as ${connected.described}\n`);

    const specIdentity = await specIdentityOf(io, settings.specFile);
    const store = await openFindingsFile(io, settings.findingsFile);
    if (store === undefined) return 1;
    try {
      // A run that records scans (--scan, --apply) must add to its spec's own history (docs/scan.md);
      // a dry run only reads, so planning another spec's findings is said, not refused.
      const [latest] = await store.scans();
      const records = settings.scan || settings.apply;
      const verdict = checkSpecHistory(latest, specIdentity, settings.findingsFile, false);
      if (!verdict.ok && records) {
        io.err(verdict.error);
        return 1;
      }
      if (!verdict.ok) {
        io.err(
          `warning: planning from findings that \`${latest?.summary.spec?.name ?? ""}\` judged (scan #${latest?.id ?? 0}), with \`${specIdentity.name}\`'s exemptions and criteria\n`,
        );
      } else if (verdict.warning !== undefined) io.err(verdict.warning);
      return await remediate(io, { ...settings, specIdentity }, spec, connected.client, store);
    } catch (error) {
      io.err(renderCloudFailure(error));
      return 1;
    } finally {
      await store.close();
    }
  },
};

interface Settings {
  readonly specFile: string;
  /** Recorded with every scan this run makes; set once the spec file is read. */
  readonly specIdentity?: SpecIdentity;
  readonly findingsFile: string;
  readonly scan: boolean;
  readonly selection: RemediationSelection;
  readonly strategy: StrategyChoice;
  readonly out?: string;
  readonly planFile?: string;
  readonly apply: boolean;
  readonly yes: boolean;
  readonly json: boolean;
  readonly concurrency: number;
  readonly waitTimeoutMs: number;
  readonly now: Date;
  readonly nowGiven: boolean;
}

function readSettings(options: CommandOptions): Settings | string {
  const now = nowOf(options);
  if (typeof now === "string") return now;
  const apply = options["apply"] === true;
  const nowGiven = options["now"] !== undefined;
  if (apply && nowGiven) {
    return renderError(
      "`--now` cannot be combined with `--apply`",
      "exemptions and image ages are judged at the real time when the cloud is changed; use `--now` for dry runs only",
    );
  }
  if (options["yes"] === true && !apply) {
    return renderError(
      "`--yes` confirms `--apply`, which is not given",
      "add `--apply` to run the plan, or leave `--yes` out",
    );
  }
  const concurrency = wholeNumberOf(options, "concurrency", CONCURRENCY);
  if (typeof concurrency === "string") return concurrency;
  const waitSeconds = wholeNumberOf(options, "waitTimeout", WAIT_TIMEOUT);
  if (typeof waitSeconds === "string") return waitSeconds;
  const verdicts = listOf(options, "verdict");
  const unknown = verdicts?.find((verdict) => !VERDICT_PRECEDENCE.includes(verdict as FailureVerdict));
  if (unknown !== undefined) {
    return renderError(
      `unknown verdict \`${unknown}\` in \`--verdict\``,
      `use one of ${VERDICT_PRECEDENCE.map((v) => `\`${v}\``).join(", ")}`,
    );
  }
  const planFile = textOf(options, "plan");
  const accounts = listOf(options, "account");
  const regions = listOf(options, "region");
  const instances = listOf(options, "instance");
  const scopes = listOf(options, "scope");
  const approveImages = listOf(options, "approveImage") ?? [];
  const strategy = (textOf(options, "strategy") ?? "auto") as StrategyChoice;
  if (planFile !== undefined) {
    // A saved plan is applied exactly: anything that would change what it does is refused, not ignored.
    const conflicting = [
      ["--scan", options["scan"] === true],
      ["--account", accounts !== undefined],
      ["--region", regions !== undefined],
      ["--instance", instances !== undefined],
      ["--verdict", verdicts !== undefined],
      ["--scope", scopes !== undefined],
      ["--include-audit", options["includeAudit"] === true],
      ["--approve-image", approveImages.length > 0],
      ["--strategy", strategy !== "auto"],
    ].filter(([, given]) => given === true);
    if (conflicting.length > 0) {
      return renderError(
        `\`--plan\` cannot be combined with ${conflicting.map(([name]) => `\`${String(name)}\``).join(", ")}`,
        "a saved plan is applied exactly as it was made: plan again with the options you want instead",
      );
    }
  }
  const out = textOf(options, "out");
  return {
    specFile: textOf(options, "spec") ?? DEFAULT_SPEC_FILE,
    findingsFile: findingsFileOf(options),
    scan: options["scan"] === true,
    selection: {
      ...(accounts === undefined ? {} : { accounts }),
      ...(regions === undefined ? {} : { regions }),
      ...(instances === undefined ? {} : { instances }),
      ...(verdicts === undefined ? {} : { verdicts: verdicts as FailureVerdict[] }),
      ...(scopes === undefined ? {} : { scopes }),
      includeAudit: options["includeAudit"] === true,
      approveImages,
    },
    strategy,
    ...(out === undefined ? {} : { out }),
    ...(planFile === undefined ? {} : { planFile }),
    apply,
    yes: options["yes"] === true,
    json: wantsJson(options),
    concurrency,
    waitTimeoutMs: waitSeconds * 1000,
    now,
    nowGiven,
  };
}

async function remediate(
  io: CliIo,
  settings: Settings,
  spec: GuardrailSpec,
  client: CloudClient,
  store: FindingsStore,
): Promise<ExitCode> {
  const clients = accountClients(client);

  let saved: RemediationPlan | undefined;
  if (settings.planFile !== undefined) {
    let text: string;
    try {
      text = await io.readFile(settings.planFile);
    } catch (error) {
      io.err(
        renderError(`cannot read the plan \`${settings.planFile}\`: ${messageOf(error)}`, "check the path"),
      );
      return 1;
    }
    const read = readRemediationPlan(text);
    if (!read.ok) {
      io.err(renderError(`\`${settings.planFile}\`: ${read.message}`, read.help));
      return 1;
    }
    saved = read.plan;
  }

  const start = await startingPoint(io, settings, spec, client, store, saved);
  if (start === undefined) return 1;
  const selection = saved?.selection ?? settings.selection;
  const strategy = saved?.strategy ?? settings.strategy;
  if (saved === undefined) {
    const problems = checkRemediationSelection(selection, spec, start.universe);
    if (problems.length > 0) {
      io.err(problems.map((problem) => renderError(problem.message, problem.help)).join(""));
      return 1;
    }
  }
  // Every selected finding is read, whatever mode it was recorded in: whether it is in play is
  // judged by planRemediation from the spec as it is now (a scope may have turned to enforce).
  const selected = selectRemediationTargets(start.targets, selection);
  const facts = await gatherRemediationFacts(selected, clients, spec, { concurrency: 4 });
  const fresh = planRemediation({
    spec,
    now: settings.now,
    targets: start.targets,
    facts,
    strategy,
    selection,
    source: start.source,
  });

  let plan = fresh;
  if (saved !== undefined) {
    const stale = checkSavedRemediationPlan(saved, fresh);
    if (stale.length > 0) {
      io.err(
        stale
          .map((problem) =>
            renderError(
              `the plan \`${settings.planFile ?? ""}\` is stale for \`${problem.instanceId}\`: ${problem.message}`,
            ),
          )
          .join("") +
          renderError(
            `refused to apply a stale plan: ${stale.length} instance${stale.length === 1 ? "" : "s"} changed since it was made at ${saved.createdAt}`,
            "plan again (imageguard remediate --out plan.json), review it, and apply the new plan",
          ),
      );
      return 1;
    }
    plan = saved;
  }

  if (settings.out !== undefined) {
    if (!(await writeOutputFile(io, settings.out, renderJson(plan)))) return 1;
    io.err(
      `wrote the plan to \`${settings.out}\`; apply it with \`imageguard remediate --plan ${settings.out} --apply\`\n`,
    );
  }
  if (!settings.apply || settings.json === false) {
    io.out(settings.json ? renderJson(plan) : renderRemediationPlan(plan));
  }
  const excluded = plan.items.length === 0 ? whyNothingSelected(start.targets, selection) : undefined;
  if (excluded !== undefined) io.err(`nothing selected: ${excluded}\n`);
  if (plan.problems.length > 0) {
    for (const problem of plan.problems) io.err(renderError(problem.message, problem.help));
    return 1;
  }
  if (!settings.apply) return remaining(plan) ? 2 : 0;

  // Counted from the items that will run, never from `plan.summary`: a saved plan's summary is
  // whatever the file says, and the question must name the disks the steps really erase.
  const applies = remediationApplyCounts(plan);
  if (applies.instances === 0 || applies.steps === 0) {
    io.err("nothing to apply: no finding has a planned step\n");
    if (settings.json) io.out(renderJson({ plan }));
    return remaining(plan) ? 2 : 0;
  }
  const confirmed = await confirm(io, settings, applies);
  if (confirmed !== true) {
    io.err(confirmed);
    return 1;
  }

  let run: RemediationRun;
  try {
    run = await applyRemediation(
      plan,
      {
        ...remediationDepsFromClient(clients, { waitTimeoutMs: settings.waitTimeoutMs }),
        recorder: findingsRecorder(store),
        concurrencyPerAccount: settings.concurrency,
        // No `now`: the verification judges the cloud as the listing finds it, at that moment.
        rescan: (places) =>
          scanAndRecord(client, store, spec, settings.specIdentity, [
            ...new Set(places.map((place) => place.regionId)),
          ]),
      },
      (event) => progress(io, event),
    );
  } catch (error) {
    io.err(
      renderError(
        messageOf(error),
        `check the findings database \`${settings.findingsFile}\` (or choose another with \`--findings FILE\`), then apply again`,
      ),
    );
    return 1;
  }
  io.out(settings.json ? renderJson({ plan, run }) : renderRemediationRun(run));
  for (const problem of run.recordingErrors)
    io.err(renderError(problem, "the findings database lacks part of this run; check the file"));
  return runExitCode(plan, run);
}

interface StartingPoint {
  readonly targets: readonly RemediationTarget[];
  readonly source: RemediationPlan["source"];
  /** What the selection's filters are checked against (empty for a saved plan, which is not checked). */
  readonly universe: SelectionUniverse;
}

function universeOf(
  accounts: SelectionUniverse["accounts"],
  complete: readonly { readonly regionId: string }[],
): SelectionUniverse {
  return {
    accounts: accounts.map(({ accountId, name }) => ({ accountId, name })),
    regions: [...new Set(complete.map((place) => place.regionId))].sort(),
  };
}

/** The findings to plan from: a saved plan's, a fresh scan's, or the findings database's open ones. */
async function startingPoint(
  io: CliIo,
  settings: Settings,
  spec: GuardrailSpec,
  client: CloudClient,
  store: FindingsStore,
  saved: RemediationPlan | undefined,
): Promise<StartingPoint | undefined> {
  if (saved !== undefined) {
    return {
      targets: remediationTargetsOfPlan(saved),
      source: saved.source,
      universe: { accounts: [], regions: [] },
    };
  }
  if (settings.scan) {
    const { result, scanId } = await scanAndRecord(
      client,
      store,
      spec,
      settings.specIdentity,
      settings.selection.regions,
      settings.now,
    );
    for (const gap of result.incomplete) io.err(renderUnscanned(gap, "its findings are not in this plan"));
    return {
      targets: result.instances
        .filter((instance) => instance.verdict !== "compliant")
        .map(remediationTargetFromVerdict),
      source: { kind: "scan", scanId, scannedAt: result.judgedAt },
      universe: universeOf(result.summary.byAccount, result.complete),
    };
  }
  const [latest] = await store.scans();
  if (latest === undefined) {
    io.err(
      renderError(
        `no scan is recorded in \`${settings.findingsFile}\`, so there are no findings to remediate`,
        "run `imageguard scan` first, or pass `--scan` to scan now",
      ),
    );
    return undefined;
  }
  const findings = await store.findings({ open: true });
  return {
    targets: findings.map(remediationTargetFromFinding),
    source: { kind: "findings", scanId: latest.id, scannedAt: latest.judgedAt },
    universe: universeOf(latest.summary.accounts, latest.summary.complete),
  };
}

/**
 * Lists `regions` (default every region), judges the instances at `now` (default the moment the
 * listing is in) and records the scan, under the spec's identity, in the findings database.
 */
async function scanAndRecord(
  client: CloudClient,
  store: FindingsStore,
  spec: GuardrailSpec,
  specIdentity: SpecIdentity | undefined,
  regions: readonly string[] | undefined,
  now?: Date,
): Promise<{ result: ScanResult; scanId: number }> {
  const startedAt = new Date().toISOString();
  const inventory = await collectInventory(client, {
    ...(regions === undefined ? {} : { regions }),
    concurrency: 4,
  });
  const result = scanInventory(inventory, spec, now ?? new Date());
  const history = await store.recordScan({
    startedAt,
    finishedAt: new Date().toISOString(),
    result,
    ...(specIdentity === undefined ? {} : { spec: specIdentity }),
  });
  return { result, scanId: history.scanId };
}

function confirm(io: CliIo, settings: Settings, x: RemediationApplyCounts): Promise<true | string> {
  return confirmChanges(io, {
    yes: settings.yes,
    asker: "`--apply`",
    unattended: "imageguard remediate --plan plan.json --apply --yes",
    question:
      `apply ${x.steps} step${x.steps === 1 ? "" : "s"} to ${x.instances} instance${x.instances === 1 ? "" : "s"}` +
      (x.systemDisksReplaced === 0
        ? ""
        : `, ERASING ${x.systemDisksReplaced} SYSTEM DISK${x.systemDisksReplaced === 1 ? "" : "S"}`) +
      (x.instancesReleased === 0
        ? ""
        : `, RELEASING ${x.instancesReleased} INSTANCE${x.instancesReleased === 1 ? "" : "S"}`) +
      "?",
    cancels: "remediation",
  });
}

function progress(io: CliIo, event: RemediationEvent): void {
  switch (event.type) {
    case "step":
      if (event.record.outcome === "running") return;
      io.err(
        `${event.item.instanceId}: ${event.record.index}. ${event.record.action} ${event.record.outcome}` +
          (event.record.error === undefined ? "" : ` (${event.record.error.code})`) +
          "\n",
      );
      return;
    case "item":
      return;
    case "verifying":
      io.err(`scanning ${event.places} account-region${event.places === 1 ? "" : "s"} again to verify\n`);
  }
}

/** Findings left after the plan: anything planned, blocked or refused, or only stopped. */
function remaining(plan: RemediationPlan): boolean {
  return plan.items.some(
    (item) =>
      item.status === "planned" ||
      item.status === "blocked" ||
      item.status === "refused" ||
      (item.status === "nothing-to-do" && item.strategy === "stop"),
  );
}

/** 1 when a step failed (or the run is not fully recorded); 2 while findings remain; else 0. */
function runExitCode(plan: RemediationPlan, run: RemediationRun): ExitCode {
  if (run.status === "failed" || run.recordingErrors.length > 0) return 1;
  const unresolved =
    run.verification === undefined ||
    run.verification.items.some((item) => item.status !== "resolved" && item.status !== "exempt");
  const leftOver = plan.items.some(
    (item) =>
      item.status === "blocked" ||
      item.status === "refused" ||
      (item.status === "nothing-to-do" && item.strategy === "stop"),
  );
  return unresolved || leftOver ? 2 : 0;
}
