// Where a call's database time goes: every SQL statement one RunInstances and one DescribeImages call
// runs, with its count and time per call, measured one call at a time on the benchmark's world.
// Run: `node --import tsx bench/cloud/statements.ts [--images N] [--calls N]`. A diagnostic for
// bench/README.md's "Where the time goes", not a benchmark: its clock wraps every statement, which
// costs a little, and its requests come from this process.
//
// How: better-sqlite3's statements share one prototype; wrapping its run/all/get before the cloud
// opens its database times every statement the store executes, without touching the store.
import { subscribe } from "node:diagnostics_channel";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hrtime } from "node:process";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { startCloud, type RunningCloud } from "../../src/cloud/index.js";
import { describeGoldenImagesCall, runInstancesCall } from "./calls.js";
import { createLauncher, type Launcher } from "./launchers.js";
import { signRpcCall, type RpcCall } from "./signed-request.js";
import { fmtInt, fmtMs, spread } from "./stats.js";
import { buildWorld, HOME_REGION, type WorldAccount } from "./world.js";

const { values } = parseArgs({
  options: { images: { type: "string" }, calls: { type: "string" } },
  strict: true,
});
const IMAGES = Number(values.images ?? 100_000);
const CALLS = Number(values.calls ?? 500);
if (!Number.isInteger(IMAGES) || IMAGES < 1000 || !Number.isInteger(CALLS) || CALLS < 1) {
  process.stderr.write("usage: statements.ts [--images N (at least 1000)] [--calls N]\n");
  process.exit(1);
}

interface StatementTotals {
  count: number;
  ms: number;
}

const totals = new Map<string, StatementTotals>();
let recording = false;

type StatementMethod = (this: { source: string }, ...args: unknown[]) => unknown;

function timeStatements(): void {
  const probe = new BetterSqlite3(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, StatementMethod>;
  probe.close();
  for (const method of ["run", "all", "get"]) {
    const original = proto[method] as StatementMethod;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        if (recording) {
          // Lists of placeholders differ in length from call to call; one row per statement shape.
          const shape = this.source.replace(/\(\?(, \?)*\)/g, "(…)");
          const entry = totals.get(shape) ?? { count: 0, ms: 0 };
          entry.count++;
          entry.ms += Number(hrtime.bigint() - t0) / 1e6;
          totals.set(shape, entry);
        }
      }
    };
  }
}

/** Server time of each request, from its headers parsed to its answer handed to the socket. */
function serverTimes(): { samples: number[] } {
  const started = new WeakMap<IncomingMessage, bigint>();
  const out = { samples: [] as number[] };
  subscribe("http.server.request.start", (message) => {
    started.set((message as { request: IncomingMessage }).request, hrtime.bigint());
  });
  subscribe("http.server.response.finish", (message) => {
    const t0 = started.get((message as { request: IncomingMessage }).request);
    if (recording && t0 !== undefined) out.samples.push(Number(hrtime.bigint() - t0) / 1e6);
  });
  return out;
}

function send(cloud: RunningCloud, agent: Agent, call: RpcCall, key: Launcher): Promise<string> {
  const signed = signRpcCall(call, key, cloud.endpoint, new Date());
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: cloud.port,
        method: "POST",
        path: signed.path,
        headers: signed.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode === 200) resolve(body);
          else reject(new Error(`${call.action} answered ${res.statusCode}: ${body}`));
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function measure(
  label: string,
  cloud: RunningCloud,
  callOf: (i: number) => { call: RpcCall; key: Launcher },
  server: { samples: number[] },
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 100; i++) {
    const { call, key } = callOf(i);
    await send(cloud, agent, call, key);
  }
  await cloud.flush();
  totals.clear();
  server.samples.length = 0;
  recording = true;
  for (let i = 0; i < CALLS; i++) {
    const { call, key } = callOf(i);
    await send(cloud, agent, call, key);
  }
  // The audit events are written after each answer; they belong to the calls measured.
  await cloud.flush();
  recording = false;
  agent.destroy();

  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const sqlMs = rows.reduce((sum, [, t]) => sum + t.ms, 0) / CALLS;
  const statements = rows.reduce((sum, [, t]) => sum + t.count, 0) / CALLS;
  const s = spread(server.samples);
  process.stdout.write(
    `\n${label}: ${fmtInt(CALLS)} calls one at a time; server p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)}; ` +
      `SQL ${fmtMs(sqlMs)} a call in ${statements.toFixed(1)} statements\n`,
  );
  for (const [shape, t] of rows.slice(0, 15)) {
    const micros = ((t.ms / CALLS) * 1000).toFixed(0).padStart(6);
    process.stdout.write(
      `${micros} µs ${(t.count / CALLS).toFixed(1).padStart(6)}x  ${shape.slice(0, 120)}\n`,
    );
  }
}

timeStatements();
const dataDir = await mkdtemp(join(tmpdir(), "imageguard-bench-statements-"));
let cloud: RunningCloud | undefined;
try {
  const seeding = await startCloud({ dataDir, port: 0 });
  cloud = seeding;
  const world = await buildWorld(seeding.store, {
    accounts: 100,
    images: IMAGES,
    largestShare: 0.1,
    seed: 20_241_129,
    batch: 5000,
  });
  // As run.ts measures: a cloud started on the seeded data (planner statistics refreshed).
  await seeding.close();
  cloud = await startCloud({ dataDir, port: 0 });
  const running = cloud;
  const launchers: Launcher[] = [];
  for (const account of world.accounts) {
    launchers.push(await createLauncher(running.endpoint, account, HOME_REGION));
  }
  const server = serverTimes();
  const accountOf = (i: number) => world.accounts[i % world.accounts.length] as WorldAccount;
  const launcherOf = (i: number) => launchers[i % launchers.length] as Launcher;
  process.stdout.write(`World: ${fmtInt(IMAGES)} images in 100 accounts (bench/cloud/world.ts)\n`);

  await measure(
    "RunInstances (as run.ts sends it, round-robin over the accounts)",
    running,
    (i) => ({ key: launcherOf(i), call: runInstancesCall(accountOf(i), launcherOf(i)) }),
    server,
  );
  for (const pageSize of [10, 100]) {
    await measure(
      `DescribeImages, the largest account, two tag filters, PageSize ${pageSize}`,
      running,
      () => ({ key: launcherOf(0), call: describeGoldenImagesCall(pageSize) }),
      server,
    );
  }
} finally {
  await cloud?.close();
  await rm(dataDir, { recursive: true, force: true });
}
