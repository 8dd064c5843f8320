// `imageguard scan`: every instance of every account and region judged against the guardrail spec.
// This file does the I/O the guardrail core must not: it reads the spec, reaches the cloud through
// src/client, keeps the findings database, draws the progress bar and writes the report.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { Option } from "commander";
import {
  ConnectionError,
  createCloudClient,
  isCloudClientError,
  resolveConnection,
  shownPath,
} from "../../client/index.js";
import type { Connection } from "../../client/index.js";
import {
  collectInventory,
  DEFAULT_FINDINGS_FILE,
  FindingsStoreError,
  openFindingsStore,
  REPORT_FORMATS,
  renderScanReport,
  scanInventory,
} from "../../guardrail/index.js";
import type {
  CollectProgress,
  GuardrailSpec,
  ReportFormat,
  ScanHistory,
  ScanInventory,
  ScanResult,
} from "../../guardrail/index.js";
import type { CliCommand, CommandOptions, ExitCode } from "../command.js";
import type { CliIo } from "../io.js";
import { wantsJson } from "../options.js";
import { countErrors } from "../policy-file.js";
import { renderError, renderProblems } from "../render/diagnostic.js";
import { DEFAULT_SPEC_FILE, instantOf, readSpecFile } from "./guardrail/spec-file.js";

const MAX_CONCURRENCY = 64;

export const scanCommand: CliCommand = {
  path: ["scan"],
  describe:
    "judge every instance of every account and region against the guardrail spec; exit 2 when an enforce scope has findings, 1 on error",
  configure(command) {
    command
      .option("--spec <file>", "the guardrail spec (YAML)", DEFAULT_SPEC_FILE)
      .option("--profile <name>", "the credentials profile (aliyun CLI config format)")
      .option(
        "--config <file>",
        "the credentials file (default ./.imageguard/credentials.json, else ~/.aliyun/config.json)",
      )
      .option(
        "--endpoint <url>",
        "one endpoint for every product, e.g. a local cloud's `http://127.0.0.1:8930`",
      )
      .option("--region <region...>", "scan only these regions (default every region each account has)")
      .addOption(
        new Option("--format <format>", "output format (default table; --json means json)").choices(
          REPORT_FORMATS,
        ),
      )
      .option("--out <file>", "write the report to this file instead of standard output")
      .option("--findings <file>", `the findings database (default ./${DEFAULT_FINDINGS_FILE})`)
      .option("--concurrency <n>", "region listings in flight at once (default 4)")
      .option(
        "--now <date-time>",
        "judge ages and exemption expiry at this instant instead of now (ISO 8601)",
      )
      .option("--no-progress", "no progress bar, even on a terminal");
  },
  async run(_args, options, io) {
    const settings = readSettings(options);
    if (typeof settings === "string") {
      io.err(settings);
      return 1;
    }
    const spec = await readSpec(io, settings.specFile, settings.now);
    if (spec === undefined) return 1;

    let connection: Connection;
    try {
      connection = await resolveConnection({
        ...(settings.profile === undefined ? {} : { profile: settings.profile }),
        ...(settings.configFile === undefined ? {} : { configFile: settings.configFile }),
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
        env: process.env,
        cwd: io.cwd,
        homeDir: homedir(),
      });
    } catch (error) {
      io.err(renderFailure(error));
      return 1;
    }

    const bar = settings.progress && process.stderr.isTTY === true ? progressBar(io) : undefined;
    bar?.note(`scanning as ${describeConnection(connection, io.cwd)}`);
    const client = createCloudClient(connection, { onRetry: () => bar?.retried() });
    const startedAt = new Date().toISOString();
    let inventory: ScanInventory;
    try {
      inventory = await collectInventory(client, {
        ...(settings.regions === undefined ? {} : { regions: settings.regions }),
        concurrency: settings.concurrency,
        ...(bar === undefined ? {} : { onProgress: (progress: CollectProgress) => bar.update(progress) }),
      });
    } catch (error) {
      bar?.clear();
      io.err(renderFailure(error));
      return 1;
    }
    bar?.clear();
    const result = scanInventory(inventory, spec, settings.now);
    const finishedAt = new Date().toISOString();

    const recorded = await record(io, settings.findingsFile, { startedAt, finishedAt, result });
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
      const path = resolve(io.cwd, settings.out);
      try {
        await writeFile(path, report);
      } catch (error) {
        io.err(
          renderError(
            `cannot write \`${settings.out}\`: ${messageOf(error)}`,
            "check the path and its permissions",
          ),
        );
        return 1;
      }
      io.err(`wrote the ${settings.format} report to \`${settings.out}\`: ${oneLine(result)}\n`);
    }
    for (const gap of result.incomplete) {
      io.err(
        renderError(
          `${gap.accountName} (\`${gap.accountId}\`)${gap.regionId === undefined ? "" : ` in \`${gap.regionId}\``} could not be scanned: ${gap.error.message}`,
          gap.error.help ??
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
  readonly profile?: string;
  readonly configFile?: string;
  readonly endpoint?: string;
  readonly regions?: readonly string[];
  readonly format: ReportFormat;
  readonly out?: string;
  readonly findingsFile: string;
  readonly concurrency: number;
  readonly now: Date;
  readonly progress: boolean;
}

/** The options, checked; a rendered error when one is wrong. */
function readSettings(options: CommandOptions): Settings | string {
  const text = (name: string): string | undefined => {
    const value = options[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const now = instantOf(options["now"]);
  if (now === undefined) {
    return renderError(
      `invalid \`--now ${String(options["now"])}\``,
      "write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`",
    );
  }
  const rawConcurrency = text("concurrency") ?? "4";
  const concurrency = Number(rawConcurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    return renderError(
      `invalid \`--concurrency ${rawConcurrency}\``,
      `give a whole number from 1 to ${MAX_CONCURRENCY}`,
    );
  }
  const format = (text("format") ?? (wantsJson(options) ? "json" : "table")) as ReportFormat;
  const regions = options["region"] as string[] | undefined;
  const profile = text("profile");
  const configFile = text("config");
  const endpoint = text("endpoint");
  const out = text("out");
  return {
    specFile: text("spec") ?? DEFAULT_SPEC_FILE,
    ...(profile === undefined ? {} : { profile }),
    ...(configFile === undefined ? {} : { configFile }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(regions === undefined || regions.length === 0 ? {} : { regions: [...new Set(regions)] }),
    format,
    ...(out === undefined ? {} : { out }),
    findingsFile: text("findings") ?? DEFAULT_FINDINGS_FILE,
    concurrency,
    now,
    progress: options["progress"] !== false,
  };
}

async function readSpec(io: CliIo, file: string, now: Date): Promise<GuardrailSpec | undefined> {
  const { source, result } = await readSpecFile(io, file, now);
  const sourceFile = { name: file, ...(source === undefined ? {} : { text: source }) };
  // Warnings too (an expired exemption above all): the scan goes on, but says so first.
  if (result.problems.length > 0) io.err(renderProblems(result.problems, sourceFile));
  if (!result.ok || countErrors(result.problems) > 0) return undefined;
  return result.spec;
}

async function record(
  io: CliIo,
  file: string,
  input: { startedAt: string; finishedAt: string; result: ScanResult },
): Promise<{ history?: ScanHistory; failed: boolean }> {
  const path = resolve(io.cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    const store = await openFindingsStore({ file: path });
    try {
      return { history: await store.recordScan(input), failed: false };
    } finally {
      await store.close();
    }
  } catch (error) {
    io.err(
      error instanceof FindingsStoreError
        ? renderError(error.message, error.help)
        : renderError(
            `cannot record the scan in \`${file}\`: ${messageOf(error)}`,
            "the report below has no history; check the file, or choose another with `--findings FILE`",
          ),
    );
    return { failed: true };
  }
}

function renderFailure(error: unknown): string {
  if (error instanceof ConnectionError) {
    return error.problems
      .map((problem) =>
        renderError(
          problem.file === undefined
            ? problem.message
            : `${problem.message} (${problem.file}${problem.line === undefined ? "" : `:${problem.line}:${problem.column ?? 1}`})`,
          problem.help,
        ),
      )
      .join("");
  }
  if (isCloudClientError(error)) {
    return renderError(
      `${error.message}${error.requestId === undefined ? "" : ` (request id ${error.requestId})`}`,
      error.help ??
        `the call went to \`${error.endpoint}\`; check the credentials' permissions and the endpoint`,
    );
  }
  return renderError(
    `the scan failed: ${messageOf(error)}`,
    "this is a bug in imageguard; please report it with the command line that caused it",
  );
}

function describeConnection(connection: Connection, cwd: string): string {
  const who =
    connection.source.kind === "profile"
      ? `profile \`${connection.source.profile}\` of \`${shownPath(connection.source.file, { cwd, homeDir: homedir() })}\``
      : `the keys in ${connection.source.variables.map((name) => `\`${name}\``).join(", ")}`;
  const where = connection.endpoint.kind === "single" ? connection.endpoint.url : "Alibaba Cloud";
  return `${who} at ${where}`;
}

function oneLine(result: ScanResult): string {
  const s = result.summary;
  return `${s.instances} instances, ${s.compliant} compliant, ${s.findings} findings (${s.enforcedFindings} in enforce scopes), ${s.exempt} exempt`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

interface ProgressBar {
  note(text: string): void;
  update(progress: CollectProgress): void;
  retried(): void;
  clear(): void;
}

/** One line on stderr, redrawn in place; only ever made when stderr is a terminal. */
function progressBar(io: CliIo): ProgressBar {
  const WIDTH = 24;
  let last: CollectProgress = { accountsTotal: 0, accountsDone: 0, regionsTotal: 0, regionsDone: 0 };
  let retries = 0;
  let drawn = false;
  const draw = () => {
    const share = last.regionsTotal === 0 ? 0 : last.regionsDone / last.regionsTotal;
    const filled = Math.round(share * WIDTH);
    const line =
      `scanning ${"█".repeat(filled)}${"░".repeat(WIDTH - filled)} ` +
      `${last.regionsDone}/${last.regionsTotal} regions · ${last.accountsDone}/${last.accountsTotal} accounts` +
      (retries === 0 ? "" : ` · ${retries} ${retries === 1 ? "retry" : "retries"}`) +
      (last.last === undefined ? "" : ` · ${last.last}`);
    const columns = (process.stderr.columns ?? 0) > 20 ? process.stderr.columns : 80;
    // Names come from the cloud: keep control characters out of the terminal.
    // eslint-disable-next-line no-control-regex
    const safe = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
    io.err(`\r\u001b[2K${[...safe].slice(0, Math.max(10, columns - 1)).join("")}`);
    drawn = true;
  };
  return {
    note: (text) => io.err(`${text}\n`),
    update(progress) {
      last = progress;
      draw();
    },
    retried() {
      retries += 1;
      if (drawn) draw();
    },
    clear() {
      if (drawn) io.err("\r\u001b[2K");
      drawn = false;
    },
  };
}
