// `imageguard scan`: every instance of every account and region judged against the guardrail spec.
// This file does the I/O the guardrail core must not: it reads the spec, reaches the cloud through
// src/client, keeps the findings database, draws the progress bar and writes the report.
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Option } from "commander";
import { collectInventory, REPORT_FORMATS, renderScanReport, scanInventory } from "../../guardrail/index.js";
import type {
  CollectProgress,
  RecordScanInput,
  ReportFormat,
  ScanHistory,
  ScanInventory,
  ScanResult,
  SpecIdentity,
} from "../../guardrail/index.js";
import { addConnectionOptions, connectFromOptions, renderCloudFailure } from "../cloud-connection.js";
import type { CliCommand, CommandOptions, ExitCode } from "../command.js";
import { findingsFileOf, findingsOption, openFindingsFile } from "../findings-file.js";
import type { CliIo } from "../io.js";
import { listOf, textOf, wantsJson, wholeNumberOf } from "../options.js";
import type { WholeNumberRange } from "../options.js";
import { writeOutputFile } from "../output-file.js";
import { progressLine } from "../progress-line.js";
import type { ProgressLine } from "../progress-line.js";
import { messageOf, renderError } from "../render/diagnostic.js";
import { renderUnscanned } from "../render/unscanned.js";
import { DEFAULT_SPEC_FILE, nowOf, nowOption, readValidSpec, specOption } from "../spec-file.js";
import { checkSpecHistory, specIdentityOf } from "../spec-history.js";

const CONCURRENCY: WholeNumberRange = { fallback: 4, min: 1, max: 64 };

export const scanCommand: CliCommand = {
  path: ["scan"],
  describe:
    "judge every instance of every account and region against the guardrail spec; exit 2 when an enforce scope has findings, 1 on error",
  configure(command) {
    addConnectionOptions(command.addOption(specOption()))
      .option("--region <region...>", "scan only these regions (default every region each account has)")
      .addOption(
        new Option("--format <format>", "output format (default table; --json means json)").choices(
          REPORT_FORMATS,
        ),
      )
      .option("--out <file>", "write the report to this file instead of standard output")
      .addOption(findingsOption())
      .option("--concurrency <n>", "region listings in flight at once (default 4)")
      .addOption(nowOption("judge ages and exemption expiry at this instant instead of now (ISO 8601)"))
      .option("--no-progress", "no progress bar, even on a terminal")
      .option(
        "--switch-spec",
        "record this scan even though the findings database holds another spec's history (docs/scan.md)",
      );
  },
  async run(_args, options, io) {
    const settings = readSettings(options);
    if (typeof settings === "string") {
      io.err(settings);
      return 1;
    }
    const spec = await readValidSpec(io, settings.specFile, settings.now, options);
    if (spec === undefined) return 1;
    const specIdentity = await specIdentityOf(io, settings.specFile);
    if (
      !(await specMayJoinHistory(io, settings.findingsFile, specIdentity, options["switchSpec"] === true))
    ) {
      return 1;
    }

    const bar = progressLine(io, options);
    const connected = await connectFromOptions(io, options, { onRetry: () => bar?.retried() });
    if (connected === undefined) return 1;
    bar?.note(`scanning as ${connected.brief}`);
    const startedAt = new Date().toISOString();
    let inventory: ScanInventory;
    try {
      inventory = await collectInventory(connected.client, {
        ...(settings.regions === undefined ? {} : { regions: settings.regions }),
        concurrency: settings.concurrency,
        ...(bar === undefined ? {} : { onProgress: (progress: CollectProgress) => drawBar(bar, progress) }),
      });
    } catch (error) {
      bar?.clear();
      io.err(renderCloudFailure(error));
      return 1;
    }
    bar?.clear();
    const result = scanInventory(inventory, spec, settings.now);
    const finishedAt = new Date().toISOString();

    const recorded = await record(io, settings.findingsFile, {
      startedAt,
      finishedAt,
      result,
      spec: specIdentity,
    });
    const report = renderScanReport(
      {
        result,
        ...(recorded.history === undefined ? {} : { history: recorded.history }),
        meta: { toolVersion: await toolVersion(), specFile: settings.specFile, startedAt, finishedAt },
      },
      settings.format,
    );
    if (settings.out === undefined) {
      io.out(report);
    } else {
      if (!(await writeOutputFile(io, settings.out, report))) return 1;
      io.err(`wrote the ${settings.format} report to \`${settings.out}\`: ${oneLine(result)}\n`);
    }
    for (const gap of result.incomplete) {
      io.err(
        renderUnscanned(
          gap,
          "its instances were not judged, and its findings stay as the last complete scan left them",
        ),
      );
    }
    return exitCode(result, recorded.failed);
  },
};

/** 2 for findings in an enforce scope (even when the scan is incomplete: those findings are real), 1 for an incomplete scan or an unrecorded one. */
function exitCode(result: ScanResult, recordFailed: boolean): ExitCode {
  if (result.summary.enforcedFindings > 0) return 2;
  if (result.incomplete.length > 0 || recordFailed) return 1;
  return 0;
}

interface Settings {
  readonly specFile: string;
  readonly regions?: readonly string[];
  readonly format: ReportFormat;
  readonly out?: string;
  readonly findingsFile: string;
  readonly concurrency: number;
  readonly now: Date;
}

/** The options, checked; a rendered error when one is wrong. */
function readSettings(options: CommandOptions): Settings | string {
  const now = nowOf(options);
  if (typeof now === "string") return now;
  const concurrency = wholeNumberOf(options, "concurrency", CONCURRENCY);
  if (typeof concurrency === "string") return concurrency;
  const formatGiven = textOf(options, "format");
  if (formatGiven !== undefined && formatGiven !== "json" && wantsJson(options)) {
    return renderError(
      `\`--json\` conflicts with \`--format ${formatGiven}\``,
      `give one of them: \`--format ${formatGiven}\`, or \`--json\` (the same as \`--format json\`)`,
    );
  }
  const format = (formatGiven ?? (wantsJson(options) ? "json" : "table")) as ReportFormat;
  const regions = listOf(options, "region");
  const out = textOf(options, "out");
  return {
    specFile: textOf(options, "spec") ?? DEFAULT_SPEC_FILE,
    ...(regions === undefined ? {} : { regions }),
    format,
    ...(out === undefined ? {} : { out }),
    findingsFile: findingsFileOf(options),
    concurrency,
    now,
  };
}

/** False after saying why this scan must not join the database's history (checked before scanning). */
async function specMayJoinHistory(
  io: CliIo,
  file: string,
  spec: SpecIdentity,
  switchSpec: boolean,
): Promise<boolean> {
  // No database yet, no history: and a scan that never starts must not leave an empty one behind.
  const exists = await stat(resolve(io.cwd, file)).then(
    () => true,
    () => false,
  );
  if (!exists) return true;
  const store = await openFindingsFile(io, file);
  if (store === undefined) return false;
  try {
    const [latest] = await store.scans();
    const verdict = checkSpecHistory(latest, spec, file, switchSpec);
    if (!verdict.ok) {
      io.err(verdict.error);
      return false;
    }
    if (verdict.warning !== undefined) io.err(verdict.warning);
    return true;
  } finally {
    await store.close();
  }
}

async function record(
  io: CliIo,
  file: string,
  input: RecordScanInput,
): Promise<{ history?: ScanHistory; failed: boolean }> {
  const noHistory =
    "the report below has no history; check the file, or choose another with `--findings FILE`";
  const store = await openFindingsFile(io, file, noHistory);
  if (store === undefined) return { failed: true };
  try {
    return { history: await store.recordScan(input), failed: false };
  } catch (error) {
    io.err(renderError(`cannot record the scan in \`${file}\`: ${messageOf(error)}`, noHistory));
    return { failed: true };
  } finally {
    await store.close();
  }
}

function oneLine(result: ScanResult): string {
  const s = result.summary;
  return `${s.instances} instances, ${s.compliant} compliant, ${s.findings} findings (${s.enforcedFindings} in enforce scopes), ${s.exempt} exempt`;
}

let cachedVersion: string | undefined;

async function toolVersion(): Promise<string> {
  if (cachedVersion !== undefined) return cachedVersion;
  try {
    const manifest = JSON.parse(
      await readFile(new URL("../../../package.json", import.meta.url), "utf8"),
    ) as {
      version?: unknown;
    };
    cachedVersion = typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    cachedVersion = "0.0.0";
  }
  return cachedVersion;
}

/** `scanning ████░░░░ 12/40 regions · 3/10 accounts`, then the account and region just done. */
function drawBar(bar: ProgressLine, progress: CollectProgress): void {
  const WIDTH = 24;
  const share = progress.regionsTotal === 0 ? 0 : progress.regionsDone / progress.regionsTotal;
  const filled = Math.round(share * WIDTH);
  bar.update(
    `scanning ${"█".repeat(filled)}${"░".repeat(WIDTH - filled)} ` +
      `${progress.regionsDone}/${progress.regionsTotal} regions · ${progress.accountsDone}/${progress.accountsTotal} accounts`,
    progress.last,
  );
}
