// Remediation runs in the findings database: a database written before remediation existed is
// upgraded in place (its scans and findings kept), and a run's steps are kept as recorded, the last
// record of a step replacing the earlier one.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFindingsStore } from "../../../src/guardrail/index.js";
import type { RemediationPlan, RemediationRun, RemediationStepRecord } from "../../../src/guardrail/index.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "imageguard-runs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = { format: "imageguard.remediation-plan", version: 1, items: [] } as unknown as RemediationPlan;

const step = (fields: Partial<RemediationStepRecord>): RemediationStepRecord => ({
  key: "1300000000000001/cn-hangzhou/i-web",
  index: 1,
  kind: "stop-instance",
  action: "StopInstance",
  accountId: "1300000000000001",
  regionId: "cn-hangzhou",
  instanceId: "i-web",
  params: { RegionId: "cn-hangzhou", InstanceId: "i-web", StoppedMode: "KeepCharging" },
  outcome: "running",
  startedAt: "2026-05-01T00:00:00.000Z",
  ...fields,
});

describe("remediation runs in the findings database", () => {
  it("Given a database from before remediation, opening it adds the runs and keeps its scans", async () => {
    const file = join(dir, "findings.db");
    // The schema as migration 0001 left it, and Kysely's record of having applied it.
    const raw = new BetterSqlite3(file);
    raw.exec(`
      create table scans (id integer primary key autoincrement, started_at text not null,
        finished_at text not null, judged_at text not null, summary text not null);
      create table findings (key text primary key, account_id text not null, region_id text not null,
        instance_id text not null, verdict text not null, image_id text not null,
        first_seen text not null, last_seen text not null, resolved_at text, reopened_at text,
        first_scan_id integer not null references scans (id), last_scan_id integer not null references scans (id),
        details text not null);
      create table kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null);
      insert into kysely_migration values ('0001-findings', '2026-04-01T00:00:00.000Z');
    `);
    raw
      .prepare("insert into scans (started_at, finished_at, judged_at, summary) values (?, ?, ?, ?)")
      .run("2026-04-01T00:00:00Z", "2026-04-01T00:01:00Z", "2026-04-01T00:00:00Z", "{}");
    raw.close();

    const store = await openFindingsStore({ file });
    try {
      expect((await store.scans()).map((scan) => scan.id)).toEqual([1]);
      expect(await store.remediationRuns()).toEqual([]);
      const runId = await store.startRemediationRun({ startedAt: "2026-05-01T00:00:00.000Z", plan });
      expect(await store.remediationRuns()).toEqual([
        { id: runId, startedAt: "2026-05-01T00:00:00.000Z", status: "running", plan },
      ]);
    } finally {
      await store.close();
    }
  });

  it("keeps the last record of each step, errors and AccessDeniedDetail included, and the run's end", async () => {
    const store = await openFindingsStore({ file: join(dir, "findings.db") });
    try {
      const runId = await store.startRemediationRun({ startedAt: "2026-05-01T00:00:00.000Z", plan });
      await store.recordRemediationStep(runId, step({}));
      await store.recordRemediationStep(
        runId,
        step({ outcome: "succeeded", finishedAt: "2026-05-01T00:00:05.000Z", requestId: "REQ-1" }),
      );
      const denied = step({
        index: 2,
        kind: "replace-system-disk",
        action: "ReplaceSystemDisk",
        outcome: "failed",
        finishedAt: "2026-05-01T00:00:06.000Z",
        requestId: "REQ-2",
        error: {
          code: "Forbidden.RAM",
          message: "denied",
          accessDeniedDetail: { AuthAction: "ecs:ReplaceSystemDisk", PolicyType: "ControlPolicy" },
          help: "ask",
        },
      });
      await store.recordRemediationStep(runId, denied);
      await store.recordRemediationStep(
        runId,
        step({
          index: 3,
          kind: "start-instance",
          action: "StartInstance",
          outcome: "not-run",
          startedAt: undefined,
        }),
      );

      const steps = await store.remediationSteps(runId);
      expect(steps.map((s) => [s.index, s.outcome, s.requestId])).toEqual([
        [1, "succeeded", "REQ-1"],
        [2, "failed", "REQ-2"],
        [3, "not-run", undefined],
      ]);
      expect(steps[1]?.error).toEqual({
        code: "Forbidden.RAM",
        message: "denied",
        accessDeniedDetail: { AuthAction: "ecs:ReplaceSystemDisk", PolicyType: "ControlPolicy" },
        help: "ask",
      });

      const run = {
        finishedAt: "2026-05-01T00:01:00.000Z",
        status: "failed",
        items: [],
      } as unknown as RemediationRun;
      await store.finishRemediationRun(runId, run);
      expect(await store.remediationRuns()).toEqual([
        {
          id: runId,
          startedAt: "2026-05-01T00:00:00.000Z",
          finishedAt: "2026-05-01T00:01:00.000Z",
          status: "failed",
          plan,
          run,
        },
      ]);
    } finally {
      await store.close();
    }
  });
});
