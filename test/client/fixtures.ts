// Shared steps of the client's tests: a real local cloud with the demo organisation, the personas'
// profiles from its credentials.json, and a tiny proxy in front of it that can answer a call
// itself (throttling, server errors) or break its connection before the cloud ever sees it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCloud, type RunningCloud } from "../../src/cloud/index.js";
import {
  createCloudClient,
  resolveConnection,
  type CloudClient,
  type CloudClientOptions,
  type Connection,
} from "../../src/client/index.js";

export interface DemoCloud {
  readonly cloud: RunningCloud;
  /** A directory standing for the user's working directory: the cloud's data is its `.imageguard`. */
  readonly cwd: string;
  /** An empty home directory (no ~/.aliyun). */
  readonly home: string;
  /** A connection for a profile of the demo's credentials.json, through the client's own resolution. */
  connect(profile: string, extra?: { endpoint?: string; region?: string }): Promise<Connection>;
  client(profile: string, options?: CloudClientOptions & { endpoint?: string }): Promise<CloudClient>;
  close(): Promise<void>;
}

/**
 * The demo organisation (or, with `seed: "none"`, a bare management account) in
 * `<tmp>/.imageguard`, with the endpoint.json `imageguard serve` writes (test/client/serve.test.ts
 * shows that serve does write it).
 */
export async function startDemoCloud(seed: "demo" | "none" = "demo"): Promise<DemoCloud> {
  const cwd = await mkdtemp(join(tmpdir(), "imageguard-client-"));
  const home = join(cwd, "home");
  const dataDir = join(cwd, ".imageguard");
  const cloud = await startCloud({
    dataDir,
    port: 0,
    seed,
    logger: { error: (message, fields) => console.error(message, fields) },
  });
  await writeFile(join(dataDir, "endpoint.json"), JSON.stringify({ url: cloud.url }));
  const connect = (profile: string, extra: { endpoint?: string; region?: string } = {}) =>
    resolveConnection({ profile, env: {}, cwd, homeDir: home, ...extra });
  return {
    cloud,
    cwd,
    home,
    connect,
    client: async (profile, options = {}) => {
      const { endpoint, ...clientOptions } = options;
      return createCloudClient(await connect(profile, endpoint === undefined ? {} : { endpoint }), {
        sleep: () => Promise.resolve(),
        ...clientOptions,
      });
    },
    close: async () => {
      await cloud.close();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** What the proxy does with one call. */
export type ProxyAnswer =
  | { readonly kind: "forward" }
  | {
      readonly kind: "respond";
      readonly status: number;
      readonly body: Record<string, unknown>;
      readonly headers?: Record<string, string>;
    }
  /** Destroys the connection without an answer (ECONNRESET at the client). */
  | { readonly kind: "reset" };

export interface SeenCall {
  readonly action: string;
  readonly query: URLSearchParams;
  readonly answered: ProxyAnswer["kind"];
}

export interface Proxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly calls: SeenCall[];
  /** Decides each call (`index` counts the calls of `action` from 0); the default forwards everything. */
  plan: (action: string, index: number) => ProxyAnswer;
  /** Forgets the calls seen and the plan. */
  reset(): void;
  close(): Promise<void>;
}

/** `Throttling.User` as the local cloud and Alibaba send it: 429 with x-acs-retry-after (ms). */
export function throttled(retryAfterMs: number): ProxyAnswer {
  return {
    kind: "respond",
    status: 429,
    headers: { "x-acs-retry-after": String(retryAfterMs) },
    body: {
      RequestId: "proxy-throttled",
      Code: "Throttling.User",
      Message: "Request was denied due to user flow control.",
    },
  };
}

export function serviceUnavailable(): ProxyAnswer {
  return {
    kind: "respond",
    status: 503,
    body: {
      RequestId: "proxy-unavailable",
      Code: "ServiceUnavailable",
      Message: "The request has failed due to a temporary failure of the server.",
    },
  };
}

/**
 * Forwards to `target` untouched (the Host header too: the V3 signature covers it, and the cloud
 * checks it against what it received).
 */
export async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const calls: SeenCall[] = [];
  const proxy: { plan: Proxy["plan"] } = { plan: () => ({ kind: "forward" }) };
  const perAction = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://proxy");
      const action = headerText(req.headers, "x-acs-action") ?? url.searchParams.get("Action") ?? "";
      const index = perAction.get(action) ?? 0;
      perAction.set(action, index + 1);
      const answer = proxy.plan(action, index);
      calls.push({ action, query: url.searchParams, answered: answer.kind });
      if (answer.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (answer.kind === "respond") {
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body));
        return;
      }
      const upstream = httpRequest(
        { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get plan() {
      return proxy.plan;
    },
    set plan(plan) {
      proxy.plan = plan;
    },
    reset: () => {
      calls.length = 0;
      perAction.clear();
      proxy.plan = () => ({ kind: "forward" });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A sleep that records what it was asked to wait, and does not wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}
