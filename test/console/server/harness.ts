// A real cloud with the console mounted, and a small fetch client that signs in the way a browser
// does (cookie + CSRF header), for tests of the console's server routes.
//
//   const c = await startConsoleCloud();                       // or { seed: "demo" }
//   const root = await c.signIn(c.t.root);                     // a signed-in "browser"
//   const res = await root.post("/call", { product: "ecs", action: "DescribeRegions" });
//   expect(res.status).toBe(200); (await res.json())
//   await c.close();
import { expect } from "vitest";
import { consoleMount, type ConsoleOptions } from "../../../src/console/index.js";
import {
  startTestCloud,
  type Credentials,
  type TestCloud,
  type TestCloudOptions,
} from "../../cloud/harness.js";

export interface ConsoleTestCloud {
  readonly t: TestCloud;
  /** `http://127.0.0.1:<port>/console`. */
  readonly consoleUrl: string;
  /** `http://127.0.0.1:<port>/console/api`. */
  readonly apiUrl: string;
  /** The cloud's origin, what a browser sends as Origin. */
  readonly origin: string;
  /** Signs in through POST /console/api/session; fails the test when that fails. */
  signIn(creds: Credentials, regionId?: string): Promise<ConsoleBrowser>;
  /** A client with no session yet (for sign-in failures and unauthenticated calls). */
  anonymous(): ConsoleBrowser;
  /** A profile of the data directory's credentials.json (the demo personas), by name. */
  profile(name: string): Promise<Credentials>;
  close(): Promise<void>;
}

export interface ConsoleBrowser {
  /** The session cookie's value (`imageguard_session=…`), once signed in. */
  cookie: string | undefined;
  csrfToken: string | undefined;
  /** Any method; path under /console/api. Adds the cookie, the CSRF header (unless `csrf: false`) and JSON. */
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Response>;
  get(path: string, options?: RequestOptions): Promise<Response>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<Response>;
  del(path: string, options?: RequestOptions): Promise<Response>;
  /** POST /call, resolved to status and JSON body. */
  call<T = Record<string, unknown>>(
    product: string,
    action: string,
    params?: Record<string, unknown>,
  ): Promise<{ status: number; body: T }>;
}

export interface RequestOptions {
  /** Send no CSRF header (or this one instead). */
  readonly csrf?: false | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The body of a console error response. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly accessDenied?: {
    readonly detail: Readonly<Record<string, string>>;
    readonly explanation?: Readonly<Record<string, unknown>>;
    readonly decodeError?: { readonly code: string; readonly message: string; readonly httpStatus: number };
  };
}

/** The `error` of a console error response (fails the test when the body has none). */
export async function errorOf(response: Response): Promise<ErrorBody> {
  const body = (await response.json()) as { error?: ErrorBody };
  if (body.error === undefined) throw new Error(`expected an error body, got ${JSON.stringify(body)}`);
  return body.error;
}

/** The JSON body of a response, as `T` (tests state what they expect). */
export async function jsonOf<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export interface ConsoleTestCloudOptions extends TestCloudOptions {
  readonly console?: ConsoleOptions;
}

export async function startConsoleCloud(options: ConsoleTestCloudOptions = {}): Promise<ConsoleTestCloud> {
  const { console: consoleOptions, ...cloudOptions } = options;
  const t = await startTestCloud({
    ...cloudOptions,
    mounts: [
      consoleMount({ logError: (message, fields) => console.error(message, fields), ...consoleOptions }),
    ],
  });
  const origin = t.cloud.url;
  const apiUrl = `${origin}/console/api`;

  const browser = (): ConsoleBrowser => {
    const self: ConsoleBrowser = {
      cookie: undefined,
      csrfToken: undefined,
      async request(method, path, body, requestOptions = {}) {
        const headers: Record<string, string> = { ...(requestOptions.headers ?? {}) };
        if (self.cookie !== undefined) headers["Cookie"] = self.cookie;
        if (body !== undefined) headers["Content-Type"] ??= "application/json";
        const csrf = requestOptions.csrf === undefined ? self.csrfToken : requestOptions.csrf;
        if (method !== "GET" && csrf !== false && csrf !== undefined) headers["X-CSRF-Token"] = csrf;
        const response = await fetch(`${apiUrl}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        });
        const setCookie = response.headers.get("set-cookie");
        if (setCookie !== null) {
          const pair = setCookie.split(";", 1)[0] ?? "";
          self.cookie = pair.endsWith("=") ? undefined : pair;
        }
        return response;
      },
      get: (path, o) => self.request("GET", path, undefined, o),
      post: (path, body, o) => self.request("POST", path, body ?? {}, o),
      del: (path, o) => self.request("DELETE", path, undefined, o),
      async call<T>(product: string, action: string, params: Record<string, unknown> = {}) {
        const response = await self.post("/call", { product, action, params });
        return { status: response.status, body: (await response.json()) as T };
      },
    };
    return self;
  };

  return {
    t,
    consoleUrl: `${origin}/console`,
    apiUrl,
    origin,
    anonymous: browser,
    async signIn(creds, regionId) {
      const b = browser();
      const response = await b.post("/session", {
        accessKeyId: creds.accessKeyId,
        accessKeySecret: creds.accessKeySecret,
        ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
        ...(regionId === undefined ? {} : { regionId }),
      });
      const body = (await response.json()) as { csrfToken?: string };
      if (response.status !== 201 || body.csrfToken === undefined) {
        throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
      }
      b.csrfToken = body.csrfToken;
      return b;
    },
    async profile(name) {
      const { readCredentialsFile } = await import("../../../src/cloud/index.js");
      const config = await readCredentialsFile(t.cloud.credentialsFile);
      const found = config?.profiles.find((p) => p.name === name);
      if (found === undefined) throw new Error(`no profile \`${name}\` in ${t.cloud.credentialsFile}`);
      return {
        accessKeyId: found.access_key_id,
        accessKeySecret: found.access_key_secret,
        ...(found.sts_token === undefined ? {} : { securityToken: found.sts_token }),
      };
    },
    close: () => t.close(),
  };
}

// ---- scans: POST /scan and GET /scan/:jobId ----------------------------------------------------

/** A console scan job, as POST /scan and GET /scan/:jobId answer it. */
export interface Job {
  id: string;
  state: "running" | "succeeded" | "failed";
  startedBy: string;
  progress: { accountsTotal: number; accountsDone: number; regionsTotal: number; regionsDone: number };
  result?: {
    scanId?: number;
    summary: {
      instances: number;
      compliant: number;
      findings: number;
      exempt: number;
      enforcedFindings: number;
    };
    incomplete: { accountId: string; error: { code: string } }[];
    /** Why the scan's result could not be recorded in the findings history, when it could not. */
    recordError?: { code: string; message: string };
  };
  error?: {
    code: string;
    message: string;
    help?: string;
    accessDenied?: {
      detail: Record<string, string>;
      explanation?: { decidedBy: { policyType: string } };
      decodeError?: { code: string };
    };
  };
}

/** POST /scan as `who`: the job, started (202). */
export async function startScan(who: ConsoleBrowser): Promise<Job> {
  const response = await who.post("/scan", {});
  expect(response.status).toBe(202);
  return ((await response.json()) as { job: Job }).job;
}

/** Polls the job until it is no longer running (bounded: a stuck scan fails the test). */
export async function finished(who: ConsoleBrowser, id: string): Promise<Job> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await who.get(`/scan/${id}`);
    expect(response.status).toBe(200);
    const { job } = (await response.json()) as { job: Job };
    if (job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`scan ${id} still running after 600 polls`);
}

/** Starts a scan as `who` and polls it until it is no longer running. */
export async function scanToTheEnd(who: ConsoleBrowser): Promise<Job> {
  return finished(who, (await startScan(who)).id);
}
