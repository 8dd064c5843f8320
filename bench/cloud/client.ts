// The benchmark's client process, forked by run.ts so that making requests never shares an event
// loop (or a core's time slices, when the machine has two) with the servers being measured. It
// waits for jobs on the IPC channel, runs each, and answers with the figures.
import { Agent, request } from "node:http";
import { cpuUsage, hrtime } from "node:process";
import * as EcsModule from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type {
  ClientJob,
  ClientMessage,
  ClientResult,
  DescribeImagesJob,
  DescribeImagesResult,
  LoadJob,
  LoadResult,
  SignCostJob,
  SignCostResult,
} from "./protocol.js";
import { signRpcCall } from "./signed-request.js";
import { percentile } from "./stats.js";

/** The SDK packages are CommonJS compiled from ESM: the class sits one or two `default`s deep. */
function commonJsDefault<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}
const EcsClient = commonJsDefault(EcsModule);

async function describeImages(job: DescribeImagesJob): Promise<DescribeImagesResult> {
  const client = new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: job.key.accessKeyId,
      accessKeySecret: job.key.accessKeySecret,
      endpoint: job.endpoint.host,
      protocol: "http",
      regionId: job.regionId,
    }),
  );
  const requestOf = () =>
    new EcsModule.DescribeImagesRequest({
      regionId: job.regionId,
      pageSize: job.pageSize,
      tag: job.tags.map((t) => new EcsModule.DescribeImagesRequestTag({ key: t.key, value: t.value })),
    });
  let totalCount = 0;
  let returned = 0;
  for (let i = 0; i < job.warmup; i++) await client.describeImages(requestOf());
  const latenciesMs: number[] = [];
  for (let i = 0; i < job.iterations; i++) {
    const t0 = hrtime.bigint();
    const response = await client.describeImages(requestOf());
    latenciesMs.push(Number(hrtime.bigint() - t0) / 1e6);
    // Read through the SDK's model, so a response it could not parse would show as zeros.
    totalCount = response.body?.totalCount ?? 0;
    returned = response.body?.images?.image?.length ?? 0;
  }
  return { kind: "describe-images", latenciesMs, totalCount, returned };
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function send(agent: Agent, job: LoadJob, index: number): Promise<Answer> {
  const { call, key } = job.calls[index % job.calls.length] as LoadJob["calls"][number];
  const signed = signRpcCall(call, key, job.endpoint.host, new Date());
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: job.endpoint.port,
        method: "POST",
        path: signed.path,
        headers: signed.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function failureCode(answer: Answer): string {
  try {
    const code = (JSON.parse(answer.body) as { Code?: unknown }).Code;
    return typeof code === "string" ? `${answer.status} ${code}` : String(answer.status);
  } catch {
    return String(answer.status);
  }
}

async function load(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  // One request per worker first, outside the window, so every connection is open before timing.
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => send(agent, job, i)));

  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let firstFailure: string | undefined;
  let ok = 0;
  let responseBytes = 0;
  let next = job.concurrency;
  const cpu0 = cpuUsage();
  const start = hrtime.bigint();
  const deadline = start + BigInt(job.durationMs) * 1_000_000n;

  const worker = async (): Promise<void> => {
    while (hrtime.bigint() < deadline) {
      const t0 = hrtime.bigint();
      const answer = await send(agent, job, next++);
      const t1 = hrtime.bigint();
      // An answer that arrives after the deadline belongs to no window.
      if (t1 > deadline) return;
      latencies.push(Number(t1 - t0) / 1e6);
      responseBytes = Buffer.byteLength(answer.body);
      if (answer.status === 200) {
        ok++;
      } else {
        const code = failureCode(answer);
        failures[code] = (failures[code] ?? 0) + 1;
        firstFailure ??= answer.body;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const elapsedMs = job.durationMs;
  const cpu = cpuUsage(cpu0);
  agent.destroy();

  const sorted = Float64Array.from(latencies).sort();
  return {
    kind: "load",
    label: job.label,
    completed: latencies.length,
    ok,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
    elapsedMs,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    responseBytes,
  };
}

function signCost(job: SignCostJob): SignCostResult {
  const now = new Date();
  for (let i = 0; i < 1000; i++) signRpcCall(job.call, job.key, job.host, now);
  const t0 = hrtime.bigint();
  for (let i = 0; i < job.iterations; i++) signRpcCall(job.call, job.key, job.host, now);
  return { kind: "sign-cost", microsPerRequest: Number(hrtime.bigint() - t0) / 1e3 / job.iterations };
}

async function run(job: ClientJob): Promise<ClientResult> {
  switch (job.kind) {
    case "describe-images":
      return describeImages(job);
    case "load":
      return load(job);
    case "sign-cost":
      return signCost(job);
  }
}

process.on("message", (job: ClientJob) => {
  run(job).then(
    (result) => process.send?.({ type: "result", result } satisfies ClientMessage),
    (err: unknown) =>
      process.send?.({
        type: "error",
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies ClientMessage),
  );
});
process.send?.({ type: "ready" } satisfies ClientMessage);
