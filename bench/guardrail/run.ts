// Guardrail benchmark: `imageguard scan` end to end through the official SDKs against a local cloud
// holding 100 member accounts and 100,000 instances, and the bypass analysis of that organisation's
// policies (the generated guardrail attached, typical RAM users in every account). The cloud runs
// in a process of its own; the scan runs here through the CLI's own entry point, exactly as a user
// runs it. Run: `npm run bench:guardrail`. Method and figures: bench/README.md.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, platform, release, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { cpuUsage } from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { main, type CliIo } from "../../src/cli/index.js";
import { createCloudClient, resolveConnection } from "../../src/client/index.js";
import { addCredentialsProfile, startCloud } from "../../src/cloud/index.js";
import {
  analysisInputsFromSpec,
  analyzeBypasses,
  buildOrgModel,
  orgDocumentFromCloud,
  parseGuardrailSpec,
  readCloudOrg,
} from "../../src/guardrail/index.js";
import { phaseProfiler } from "../cloud/profiler.js";
import { fmtInt, median } from "../cloud/stats.js";
import type { CloudReply, CloudRequest } from "./cloud-process.js";
import { buildGuardrailWorld, type GuardrailWorld } from "./world.js";

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `usage: npm run bench:guardrail -- [--quick] [--accounts N] [--instances N] [--runs N]
                               [--concurrency N] [--analysis-runs N] [--skip-analysis] [--profile DIR]`;

interface Options {
  readonly accounts: number;
  readonly instances: number;
  readonly runs: number;
  readonly concurrency: number;
  readonly analysisRuns: number;
  readonly profile?: string;
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        quick: { type: "boolean" },
        accounts: { type: "string" },
        instances: { type: "string" },
        runs: { type: "string" },
        concurrency: { type: "string" },
        "analysis-runs": { type: "string" },
        "skip-analysis": { type: "boolean" },
        profile: { type: "string" },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(1);
  }
  const quick = values.quick === true;
  const count = (raw: string | undefined, fallback: number, min: number, name: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} takes an integer of at least ${min}\n${USAGE}\n`);
      process.exit(1);
    }
    return n;
  };
  return {
    accounts: count(values.accounts, quick ? 10 : 100, 2, "accounts"),
    instances: count(values.instances, quick ? 10_000 : 100_000, 1, "instances"),
    runs: count(values.runs, quick ? 1 : 3, 1, "runs"),
    concurrency: count(values.concurrency, 4, 1, "concurrency"),
    analysisRuns:
      values["skip-analysis"] === true
        ? 0
        : count(values["analysis-runs"], quick ? 1 : 3, 0, "analysis-runs"),
    ...(values.profile === undefined ? {} : { profile: values.profile }),
  };
}

const options = parseOptions(process.argv.slice(2));
const profiler = phaseProfiler(options.profile);
const line = (text = ""): void => void process.stdout.write(`${text}\n`);
const load = (): string => loadavg()[0]?.toFixed(1) ?? "?";
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The cloud in its own process

class CloudProcess {
  readonly #child: ChildProcess;
  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static async start(dataDir: string): Promise<{ cloud: CloudProcess; url: string }> {
    const path = fileURLToPath(new URL("./cloud-process.ts", import.meta.url));
    const child = fork(path, [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
    const cloud = new CloudProcess(child);
    const ready = await cloud.ask({ type: "start", dataDir });
    if (ready.type !== "ready") throw new Error("the cloud process did not start");
    return { cloud, url: ready.url };
  }

  ask(request: CloudRequest): Promise<CloudReply> {
    return new Promise((resolvePromise, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the cloud process exited (${code})`));
      this.#child.once("exit", onExit);
      this.#child.once("message", (reply: CloudReply) => {
        this.#child.off("exit", onExit);
        if (reply.type === "failed") reject(new Error(reply.message));
        else resolvePromise(reply);
      });
      this.#child.send(request);
    });
  }
}

// ---------------------------------------------------------------------------------------------

interface ScanRun {
  readonly wallMs: number;
  readonly exitCode: number;
  readonly instances: number;
  readonly findings: number;
  readonly calls: number;
  readonly byAction: Readonly<Record<string, number>>;
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
}

interface AnalysisRun {
  readonly readMs: number;
  /** Calls the cloud answered while the organisation was read. */
  readonly readCalls: number;
  readonly buildMs: number;
  readonly analyseMs: number;
  readonly principals: number;
  readonly requests: number;
  readonly findings: number;
  readonly expected: number;
  readonly complete: boolean;
}

async function main_(): Promise<void> {
  const cwd = await mkdtemp(join(tmpdir(), "imageguard-bench-guardrail-"));
  const dataDir = join(cwd, ".imageguard");
  const loadAtStart = load();
  line("# imageguard guardrail benchmark: scan and bypass analysis");
  line();
  line(
    `machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} logical cores, ${platform()} ${release()}; Node ${process.version}`,
  );
  line(`date:    ${new Date().toISOString()}; load average (1 min) at start ${loadAtStart}`);
  line(
    `options: ${options.accounts} accounts, ${fmtInt(options.instances)} instances, ${options.runs} scan run(s) at --concurrency ${options.concurrency}, ${options.analysisRuns} analysis run(s)`,
  );
  line();

  // ---- the world, then a restart --------------------------------------------------------------
  const seeding = await startCloud({ dataDir, port: 0, logger: { error: (t, f) => console.error(t, f) } });
  let world: GuardrailWorld;
  try {
    world = await buildGuardrailWorld(
      seeding.endpoint,
      seeding.store,
      { ...seeding.managementAccount },
      {
        accounts: options.accounts,
        instances: options.instances,
        seed: 20261129,
        batch: 5000,
        onStep: (text) => process.stderr.write(`building: ${text}\n`),
      },
    );
  } finally {
    await seeding.close();
  }
  await addCredentialsProfile(join(dataDir, "credentials.json"), { name: "security-admin", ...world.admin });
  await writeFile(join(cwd, "imageguard.yaml"), world.spec);
  line(
    `world: ${world.accounts} member accounts (5 folders), ${fmtInt(world.instances)} instances in 5 regions ` +
      `(${fmtInt(world.byKind.golden)} from golden images, ${fmtInt(world.byKind.system)} from public images, ${fmtInt(world.byKind.custom)} from untagged ones), ` +
      `${fmtInt(world.images)} custom images; ${fmtInt(world.users)} RAM users, ${fmtInt(world.roles)} roles; ` +
      `${world.controlPolicies} generated control policies attached`,
  );
  line(
    `built in ${seconds(world.apiMs)} through the SDKs (organisation) + ${seconds(world.storeMs)} into the store (instances)`,
  );
  line();

  const { cloud, url } = await CloudProcess.start(dataDir);
  try {
    // ---- scan -------------------------------------------------------------------------------
    const scans: ScanRun[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const result = await profiler.around(`scan-${run}`, () => scanOnce(cloud, cwd, url, run));
      scans.push(result);
      line(
        `scan ${run}: ${seconds(result.wallMs)} wall, ${fmtInt(result.instances / (result.wallMs / 1000))} instances/s, ` +
          `${fmtInt(result.calls)} calls, exit ${result.exitCode}; CPU: cloud ${seconds(result.serverCpuMs)}, scan ${seconds(result.clientCpuMs)}; load ${load()}`,
      );
      if (result.instances !== world.instances) {
        throw new Error(`the scan judged ${result.instances} instances, the world holds ${world.instances}`);
      }
    }
    const wall = median(scans.map((s) => s.wallMs));
    const first = scans[0] as ScanRun;
    line();
    line(
      `scan median: ${seconds(wall)} for ${fmtInt(world.instances)} instances (${fmtInt(world.instances / (wall / 1000))} instances/s) — target under 60 s: ${wall < 60_000 ? "MET" : "MISSED"}`,
    );
    line(
      `findings: ${fmtInt(first.findings)}; calls per scan by action: ${Object.entries(first.byAction)
        .sort(([, a], [, b]) => b - a)
        .map(([action, n]) => `${action} ${fmtInt(n)}`)
        .join(", ")}`,
    );
    line();

    // ---- bypass analysis --------------------------------------------------------------------
    if (options.analysisRuns > 0) {
      const analyses: AnalysisRun[] = [];
      for (let run = 1; run <= options.analysisRuns; run++) {
        const result = await profiler.around(`analysis-${run}`, () => analyseOnce(cloud, cwd, url, world));
        analyses.push(result);
        line(
          `analysis ${run}: read ${seconds(result.readMs)} (${fmtInt(result.readCalls)} calls), model ${seconds(result.buildMs)}, analysis ${seconds(result.analyseMs)}; ` +
            `${fmtInt(result.principals)} principals, ${fmtInt(result.requests)} requests decided, ${result.findings} bypasses, ${result.expected} expected, complete ${result.complete}; load ${load()}`,
        );
      }
      line();
      line(
        `analysis median: read ${seconds(median(analyses.map((a) => a.readMs)))}, analysis ${seconds(median(analyses.map((a) => a.analyseMs)))}`,
      );
    }
    line(`load average (1 min) at end ${load()}`);
    if (profiler.written.length > 0) line(`profiles: ${profiler.written.join(", ")}`);
  } finally {
    await cloud.ask({ type: "close" }).catch(() => undefined);
    await rm(cwd, { recursive: true, force: true });
  }
}

async function scanOnce(cloud: CloudProcess, cwd: string, url: string, run: number): Promise<ScanRun> {
  let err = "";
  const io: CliIo = {
    out: () => undefined,
    err: (text) => void (err += text),
    readFile: (path) => readFile(resolve(cwd, path), "utf8"),
    cwd,
  };
  await cloud.ask({ type: "mark" });
  const cpu = cpuUsage();
  const from = new Date().toISOString();
  const started = performance.now();
  const exitCode = await main(
    [
      "node",
      "imageguard",
      "scan",
      "--endpoint",
      url,
      "--profile",
      "security-admin",
      "--findings",
      `findings-${run}.db`,
      "--format",
      "json",
      "--out",
      `report-${run}.json`,
      "--concurrency",
      String(options.concurrency),
      "--no-progress",
    ],
    io,
  );
  const wallMs = performance.now() - started;
  const used = cpuUsage(cpu);
  const to = new Date(Date.now() + 1).toISOString();
  if (exitCode === 1) throw new Error(`the scan failed:\n${err}`);
  const stats = await cloud.ask({ type: "stats", from, to });
  if (stats.type !== "stats") throw new Error("the cloud process sent no stats");
  const report = JSON.parse(await readFile(join(cwd, `report-${run}.json`), "utf8")) as {
    summary: { instances: number; findings: number };
  };
  return {
    wallMs,
    exitCode,
    instances: report.summary.instances,
    findings: report.summary.findings,
    calls: stats.requests,
    byAction: stats.byAction,
    serverCpuMs: stats.cpuMs,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

async function analyseOnce(
  cloud: CloudProcess,
  cwd: string,
  url: string,
  world: GuardrailWorld,
): Promise<AnalysisRun> {
  const client = createCloudClient(
    await resolveConnection({ profile: "security-admin", endpoint: url, env: {}, cwd, homeDir: cwd }),
  );
  await cloud.ask({ type: "mark" });
  const from = new Date().toISOString();
  let started = performance.now();
  const read = await readCloudOrg(client, { concurrency: options.concurrency });
  const readMs = performance.now() - started;
  const stats = await cloud.ask({ type: "stats", from, to: new Date(Date.now() + 1).toISOString() });
  if (stats.type !== "stats") throw new Error("the cloud process sent no stats");
  started = performance.now();
  const built = buildOrgModel(orgDocumentFromCloud(read).document);
  if (!built.ok) throw new Error(`the organisation read does not build: ${JSON.stringify(built.problems)}`);
  const spec = parseGuardrailSpec(world.spec);
  if (!spec.ok) throw new Error("the spec does not read");
  const buildMs = performance.now() - started;
  started = performance.now();
  const now = new Date();
  const inputs = analysisInputsFromSpec(spec.spec, built.model, now);
  const report = analyzeBypasses(built.model, inputs.criteria, inputs.options);
  return {
    readMs,
    readCalls: stats.requests,
    buildMs,
    analyseMs: performance.now() - started,
    principals: report.stats.principals,
    requests: report.stats.requests,
    findings: report.findings.length,
    expected: report.expected.length,
    complete: report.complete,
  };
}

await main_();
