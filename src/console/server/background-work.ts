import { ConsoleError } from "./console-error.js";

// Scans and remediation runs outlive the request that started them. When the cloud stops, the
// console must not start new ones, and must let running ones finish (a remediation half applied
// or a scan half recorded is worse than a short wait) — but not forever: a stuck job must not keep
// `imageguard serve` from stopping.

/** How long close() waits for running jobs by default. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

export interface BackgroundWork {
  /** Throws 503 `ConsoleClosing` once close() has begun; `what` names the job in the message. */
  admit(what: string): void;
  /** Counts `done` as running work until it settles (it never rejects the tracker). */
  track(what: string, done: Promise<unknown>): void;
  /** Jobs running now, by what they are. */
  running(): readonly string[];
  readonly closing: boolean;
  /**
   * Refuses new work, then waits for the running work, at most `timeoutMs`. Resolves with what was
   * still running when the wait ended (empty when everything finished).
   */
  close(timeoutMs: number): Promise<readonly string[]>;
}

export function createBackgroundWork(): BackgroundWork {
  const running = new Map<number, { what: string; done: Promise<unknown> }>();
  let next = 0;
  let closing = false;
  return {
    admit(what) {
      if (!closing) return;
      throw new ConsoleError({
        status: 503,
        code: "ConsoleClosing",
        message: `the console is shutting down and starts no new ${what}`,
        help: "start it again once `imageguard serve` runs again",
      });
    },
    track(what, done) {
      const id = next++;
      const settled = done.then(
        () => undefined,
        () => undefined,
      );
      running.set(id, { what, done: settled });
      void settled.then(() => running.delete(id));
    },
    running: () => [...running.values()].map((job) => job.what),
    get closing() {
      return closing;
    },
    async close(timeoutMs) {
      closing = true;
      const all = Promise.all([...running.values()].map((job) => job.done));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      try {
        await Promise.race([all, timeout]);
      } finally {
        clearTimeout(timer);
      }
      return [...running.values()].map((job) => job.what);
    },
  };
}
