// Closing the console: startCloud's close() closes the console mount before the cloud stops
// listening, and the mount starts no new background job (503 ConsoleClosing) and waits for the
// running ones — a scan half recorded or a remediation half applied is worse than a short wait —
// but only up to `closeTimeoutMs`, so a stuck job cannot keep `imageguard serve` from stopping.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { consoleMount, type Route } from "../../../src/console/index.js";
import { openFindingsStore } from "../../../src/guardrail/index.js";
import { errorOf, startConsoleCloud } from "./harness.js";

/**
 * Routes of a console whose background jobs the test finishes by hand: POST /job starts one (as the
 * scan and remediation routes do: admitted, then tracked), GET /ping answers while closing.
 */
function jobRoutes(): { routes: Route[]; finish: () => void; started: () => number } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let count = 0;
  const routes: Route[] = [
    {
      method: "POST",
      path: "/job",
      auth: "public",
      handle(ctx) {
        ctx.env.background.admit("test jobs");
        count += 1;
        ctx.env.background.track(`test job ${count}`, gate);
        return Promise.resolve({ status: 202, body: { started: count } });
      },
    },
    { method: "GET", path: "/ping", auth: "public", handle: () => Promise.resolve({ body: { ok: true } }) },
  ];
  return { routes, finish: () => release(), started: () => count };
}

describe("closing the console mount", () => {
  it("refuses new jobs while it waits for the running one, and lets the cloud stop only after it", async () => {
    const jobs = jobRoutes();
    const c = await startConsoleCloud({ console: { routes: jobs.routes } });
    try {
      const browser = c.anonymous();
      expect((await browser.post("/job", {})).status).toBe(202);

      let closed = false;
      const closing = c.t.cloud.close().then(() => (closed = true));
      // Still listening: the mount is closed first and waits for the job.
      const refused = await browser.post("/job", {});
      expect(refused.status).toBe(503);
      const error = await errorOf(refused);
      expect(error.code).toBe("ConsoleClosing");
      expect(error.message).toBe("the console is shutting down and starts no new test jobs");
      expect(error.help).toContain("imageguard serve");
      expect((await browser.get("/ping")).status).toBe(200);
      expect(closed).toBe(false);
      expect(jobs.started()).toBe(1);

      jobs.finish();
      await closing;
      expect(closed).toBe(true);
      await expect(fetch(`${c.apiUrl}/ping`)).rejects.toThrow();
    } finally {
      jobs.finish();
      await c.close();
    }
  });

  it("gives up on a job still running after closeTimeoutMs, and says so in the server log", async () => {
    const jobs = jobRoutes();
    const logged: { message: string; fields: Record<string, unknown> }[] = [];
    const c = await startConsoleCloud({
      console: {
        routes: jobs.routes,
        closeTimeoutMs: 50,
        logError: (message, fields) => logged.push({ message, fields }),
      },
    });
    try {
      expect((await c.anonymous().post("/job", {})).status).toBe(202);
      // The job never finishes by itself: close() still resolves.
      await c.t.cloud.close();
      expect(logged).toHaveLength(1);
      expect(logged[0]?.message).toBe("the console stopped waiting for its running jobs");
      expect(String(logged[0]?.fields["err"])).toContain("still running after 50 ms: test job 1");
    } finally {
      jobs.finish();
      await c.close();
    }
  });

  it("refuses a close timeout that is not a number of milliseconds", () => {
    expect(() => consoleMount({ closeTimeoutMs: -1 })).toThrow(
      "closeTimeoutMs must be a non-negative number of milliseconds, not `-1`",
    );
    expect(() => consoleMount({ closeTimeoutMs: Number.NaN })).toThrow("not `NaN`");
  });

  it("waits for a real scan to be recorded, and refuses to start another scan or a remediation", async () => {
    const c = await startConsoleCloud({ seed: "demo" });
    const findingsFile = join(c.t.cloud.dataDir, "findings.db");
    try {
      const admin = await c.signIn(await c.profile("security-admin"));
      const started = await admin.post("/scan", {});
      expect(started.status).toBe(202);
      expect(((await started.json()) as { job: { state: string } }).job.state).toBe("running");

      const closing = c.t.cloud.close();
      const refused = await admin.post("/scan", {});
      expect(refused.status).toBe(503);
      expect((await errorOf(refused)).code).toBe("ConsoleClosing");
      // A remediation is refused before its plan is even looked up.
      const remediation = await admin.post("/remediation/apply", { planId: "any", confirmed: true });
      expect(remediation.status).toBe(503);
      expect((await errorOf(remediation)).message).toBe(
        "the console is shutting down and starts no new remediations",
      );
      await closing;

      // Recorded before the cloud stopped: the scan could still reach it.
      const store = await openFindingsStore({ file: findingsFile });
      try {
        const scans = await store.scans();
        expect(scans).toHaveLength(1);
      } finally {
        await store.close();
      }
    } finally {
      await c.close();
    }
  });
});
