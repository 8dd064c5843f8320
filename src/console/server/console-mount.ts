import type { IncomingMessage, ServerResponse } from "node:http";
import { createBackgroundWork, DEFAULT_CLOSE_TIMEOUT_MS } from "./background-work.js";
import { sharedWebBundle } from "./bundle.js";
import { createConsoleHandler } from "./mount.js";
import { createFailureLimiter, DEFAULT_SIGN_IN_LIMIT, type RateLimitOptions } from "./rate-limit.js";
import type { ConsoleEnvironment, Route } from "./route.js";
import { createSessionStore, DEFAULT_SESSION_LIMITS, type SessionLimits } from "./sessions.js";

export interface ConsoleOptions {
  /** Milliseconds since the epoch (tests of expiry move it). */
  readonly now?: () => number;
  readonly sessionLimits?: Partial<SessionLimits>;
  readonly signInLimit?: Partial<RateLimitOptions>;
  /** The guardrail spec when it is not `<dataDir>/imageguard.yaml`. */
  readonly specFile?: string;
  /** Unexpected failures (default: console.error). */
  readonly logError?: (message: string, fields: Record<string, unknown>) => void;
  /** Serves these routes instead of the registry (tests of the HTTP layer only). */
  readonly routes?: readonly Route[];
  /**
   * How long close() waits for a running scan or remediation before it gives up on them (default
   * 30 s). They are not cancelled: the process is usually about to exit.
   */
  readonly closeTimeoutMs?: number;
}

/**
 * What the console needs of the cloud it is mounted on. The cloud's own types (Mount, RunningCloud)
 * are named only in ../index.ts: the console is a client and knows the cloud by its URL.
 */
export interface MountTarget {
  readonly url: string;
  readonly endpoint: string;
  readonly port: number;
  readonly dataDir: string;
}

export interface ConsoleMountHandle {
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Starts no new scan or remediation (503 `ConsoleClosing`) and waits for the running ones, at
   * most `closeTimeoutMs`. The cloud awaits this before it stops listening, so the jobs can still
   * reach it. Requests other than new jobs are still answered until the cloud stops.
   */
  close(): Promise<void>;
}

export function createConsoleMount(
  options: ConsoleOptions,
): (cloud: MountTarget) => Promise<ConsoleMountHandle> {
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  if (!Number.isFinite(closeTimeoutMs) || closeTimeoutMs < 0) {
    throw new RangeError(
      `closeTimeoutMs must be a non-negative number of milliseconds, not \`${closeTimeoutMs}\``,
    );
  }
  return async (cloud) => {
    const now = options.now ?? Date.now;
    const bundle = await sharedWebBundle();
    const env: ConsoleEnvironment = {
      cloudUrl: cloud.url,
      endpoint: cloud.endpoint,
      dataDir: cloud.dataDir,
      sessions: createSessionStore(now, { ...DEFAULT_SESSION_LIMITS, ...options.sessionLimits }),
      signInLimiter: createFailureLimiter(now, { ...DEFAULT_SIGN_IN_LIMIT, ...options.signInLimit }),
      background: createBackgroundWork(),
      now,
      logError: options.logError ?? ((message, fields) => console.error(message, fields)),
      options: options.specFile === undefined ? {} : { specFile: options.specFile },
    };
    const hosts = consoleHosts(cloud);
    const handler = createConsoleHandler({
      env,
      bundle,
      hosts,
      ...(options.routes === undefined ? {} : { routes: options.routes }),
    });
    let closing: Promise<void> | undefined;
    return {
      prefix: "/console",
      handle: (req, res) => void handler(req, res),
      close: () =>
        (closing ??= env.background.close(closeTimeoutMs).then((left) => {
          if (left.length === 0) return;
          env.logError("the console stopped waiting for its running jobs", {
            err: `still running after ${closeTimeoutMs} ms: ${left.join(", ")}; what they did so far is recorded in the findings database`,
          });
        })),
    };
  };
}

/** The host names a browser on this machine may use for the cloud's port. */
function consoleHosts(cloud: MountTarget): string[] {
  const port = cloud.port;
  const hosts = new Set([cloud.endpoint, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  return [...hosts];
}
