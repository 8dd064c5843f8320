import type { IncomingMessage } from "node:http";
import type { Connection } from "../../client/index.js";
import type { BackgroundWork } from "./background-work.js";
import type { CloudCaller } from "./cloud-caller.js";
import type { FailureLimiter } from "./rate-limit.js";
import type { Session, SessionLookup, SessionStore } from "./sessions.js";

// The contract between the console's HTTP layer (mount.ts) and its API routes: one route per file
// (or small group), one line in routes/index.ts.
//
// Before `handle` runs, the mount has: matched method and path; for every method but GET checked the
// Origin (when sent) and, for `auth: "session"`, the X-CSRF-Token header against the session's; for
// `auth: "session"` found an active session (else 401 NotSignedIn / SessionExpired). A route throws
// ConsoleError (console-error.ts) for its own refusals and lets CloudCallError from `ctx.cloud`
// through; both reach the browser as `{"error": {...}}`; anything else is a 500 without details.

export type RouteMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  readonly method: RouteMethod;
  /** Under `/console/api`: `/session`, `/call`, `/scan/:scanId` (`:name` segments become `ctx.params`). */
  readonly path: string;
  readonly auth: "public" | "session";
  handle(ctx: RouteContext): Promise<RouteResult>;
}

export interface RouteResult {
  /** Default 200. */
  readonly status?: number;
  /** Sent as JSON. */
  readonly body: unknown;
  /** `Set-Cookie` values. */
  readonly cookies?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** What every route may use: where the cloud is, the session store, the clock. */
export interface ConsoleEnvironment {
  /** The cloud's own URL, `http://127.0.0.1:8930`. */
  readonly cloudUrl: string;
  /** `127.0.0.1:8930`, what the SDKs take as endpoint. */
  readonly endpoint: string;
  /** The cloud's data directory (the guardrail spec and findings database live there). */
  readonly dataDir: string;
  readonly sessions: SessionStore;
  readonly signInLimiter: FailureLimiter;
  /** Scans and remediation runs: admitted until the mount closes, waited for when it does. */
  readonly background: BackgroundWork;
  /** Milliseconds since the epoch; injectable for tests of expiry. */
  now(): number;
  /** Unexpected failures, for the operator's terminal; never given a secret. */
  logError(message: string, fields: Record<string, unknown>): void;
  /** Options given to consoleMount that routes read (e.g. the guardrail spec file). */
  readonly options: ConsoleRouteOptions;
}

export interface ConsoleRouteOptions {
  /** The guardrail spec (imageguard.yaml) when not `<dataDir>/imageguard.yaml`. */
  readonly specFile?: string;
}

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly method: RouteMethod;
  /** The path under `/console/api`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly sourceIp: string;
  readonly env: ConsoleEnvironment;
  /** The request's JSON body (undefined when empty); read once, cached. */
  body(): Promise<unknown>;
  /** The session cookie's state, for public routes that care (sign-in, sign-out). */
  readonly sessionLookup: SessionLookup;
  /** The signed-in session; throws NotSignedIn on a public route without one. */
  readonly session: Session;
  /** The cloud, as the signed-in user (official SDK, the session's keys). */
  readonly cloud: CloudCaller;
  /**
   * The session as a src/client Connection, for code that works through createCloudClient
   * (the guardrail scan): same keys, same region, the cloud's single endpoint.
   */
  connection(): Connection;
}
