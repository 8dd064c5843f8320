// The findings store: its own SQLite file (default `.imageguard/findings.db`), better-sqlite3 under
// Kysely, set up as the local cloud's store is (src/cloud/store/sqlite): WAL journaling with
// synchronous=NORMAL, so a recorded scan survives the process dying; transactions that BEGIN
// IMMEDIATE, so two scans recording at once queue on the write lock instead of one failing halfway.
//
// History: a finding is keyed by account, region and instance. Seen again, its last_seen moves on;
// not seen in a complete listing of its account and region, it is resolved; seen after that, it
// opens again (first_seen stays: it is the same instance with the same problem history). A region
// or account that could not be listed resolves nothing, so a failed AssumeRole never "fixes" findings.
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver } from "kysely";
import type { DatabaseConnection, Driver, Selectable, SqliteDialectConfig } from "kysely";
import { isFinding } from "../scan/scan-inventory.js";
import type { InstanceVerdict, ScanVerdict } from "../scan/types.js";
import { findingsMigrationProvider } from "./migrations/index.js";
import type { RemediationStepRecord } from "../remediate/types.js";
import type { FindingsDatabase, FindingsTable, RemediationStepsTable } from "./schema.js";
import type {
  FindingDetails,
  FindingsQuery,
  FindingsStore,
  RecordScanInput,
  ScanHistory,
  ScanRecordSummary,
  SeenFinding,
  StoredFinding,
  StoredRemediationRun,
  StoredScan,
} from "./types.js";

export const DEFAULT_FINDINGS_FILE = ".imageguard/findings.db";

/**
 * Bound parameters per statement stay far below SQLite's limit (32,766): 500 keys in an IN list;
 * 200 findings of 13 columns in one upsert.
 */
const KEYS_PER_QUERY = 500;
const ROWS_PER_UPSERT = 200;

export class FindingsStoreError extends Error {
  override readonly name = "FindingsStoreError";
  constructor(
    message: string,
    readonly help: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface FindingsStoreOptions {
  /** A file path (created when missing; its directory must exist), or `:memory:`. */
  readonly file: string;
  /** How long a write waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export async function openFindingsStore(options: FindingsStoreOptions): Promise<FindingsStore> {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(options.file);
  } catch (error) {
    throw new FindingsStoreError(
      `cannot open the findings database \`${options.file}\`: ${error instanceof Error ? error.message : String(error)}`,
      "check that its directory exists and is writable, or choose another file with `--findings FILE`",
      { cause: error },
    );
  }
  try {
    const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal" && options.file !== ":memory:") {
      throw new FindingsStoreError(
        `the findings database \`${options.file}\` cannot use WAL journaling (got \`${String(mode)}\`)`,
        "keep the findings database on a local file system",
      );
    }
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  } catch (error) {
    sqlite.close();
    if (error instanceof FindingsStoreError) throw error;
    throw new FindingsStoreError(
      `\`${options.file}\` is not a findings database: ${error instanceof Error ? error.message : String(error)}`,
      "choose another file with `--findings FILE`",
      { cause: error },
    );
  }

  const db = new Kysely<FindingsDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: findingsMigrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    throw new FindingsStoreError(
      `cannot prepare the findings database \`${options.file}\`: ${error instanceof Error ? error.message : String(error)}`,
      "the file may belong to another program or a newer imageguard; choose another file with `--findings FILE`",
      { cause: error },
    );
  }
  return createStore(db);
}

function createStore(db: Kysely<FindingsDatabase>): FindingsStore {
  return {
    async recordScan({ startedAt, finishedAt, result, spec }) {
      const seenAt = result.judgedAt;
      const current = result.instances.filter((instance) => instance.verdict !== "compliant");
      const complete = new Set(result.complete.map((place) => `${place.accountId}/${place.regionId}`));
      return db.transaction().execute(async (trx): Promise<ScanHistory> => {
        const { id: scanId } = await trx
          .insertInto("scans")
          .values({
            started_at: startedAt,
            finished_at: finishedAt,
            judged_at: seenAt,
            summary: JSON.stringify(recordSummary(result, spec)),
          })
          .returning("id")
          .executeTakeFirstOrThrow();

        // Set-based, in one transaction: one read of what the store knows about the keys seen, one
        // upsert per chunk of findings, one read of the open findings not seen, one update per chunk
        // of those resolved. A select and an insert per finding made 64,000 queries for 32,000
        // findings (bench/README.md). A key seen twice in one scan (a listing that repeated an
        // instance) counts once, with its last verdict.
        const byKey = new Map(current.map((instance) => [instance.key, instance]));
        const known = new Map<string, { firstSeen: string; resolved: boolean }>();
        for (const keys of chunks([...byKey.keys()], KEYS_PER_QUERY)) {
          const rows = await trx
            .selectFrom("findings")
            .select(["key", "first_seen", "resolved_at"])
            .where("key", "in", keys)
            .execute();
          for (const row of rows) {
            known.set(row.key, { firstSeen: row.first_seen, resolved: row.resolved_at !== null });
          }
        }
        for (const batch of chunks([...byKey.values()], ROWS_PER_UPSERT)) {
          await trx
            .insertInto("findings")
            .values(
              batch.map((instance) => ({
                key: instance.key,
                account_id: instance.accountId,
                region_id: instance.regionId,
                instance_id: instance.instanceId,
                verdict: instance.verdict,
                image_id: instance.imageId,
                first_seen: seenAt,
                last_seen: seenAt,
                resolved_at: null,
                reopened_at: null,
                first_scan_id: scanId,
                last_scan_id: scanId,
                details: JSON.stringify(detailsOf(instance)),
              })),
            )
            // Seen again: first_seen and first_scan_id stay; a resolved finding opens again. The
            // SET expressions read the row as it was before this update.
            .onConflict((conflict) =>
              conflict.column("key").doUpdateSet((eb) => ({
                verdict: eb.ref("excluded.verdict"),
                image_id: eb.ref("excluded.image_id"),
                last_seen: eb.ref("excluded.last_seen"),
                last_scan_id: eb.ref("excluded.last_scan_id"),
                details: eb.ref("excluded.details"),
                resolved_at: null,
                reopened_at: eb
                  .case()
                  .when("findings.resolved_at", "is not", null)
                  .then(eb.ref("excluded.last_seen"))
                  .else(eb.ref("findings.reopened_at"))
                  .end(),
              })),
            )
            .execute();
        }
        const seen = [...byKey.keys()].map((key): SeenFinding => {
          const before = known.get(key);
          if (before === undefined) return { key, status: "new", firstSeen: seenAt };
          return { key, status: before.resolved ? "reopened" : "open", firstSeen: before.firstSeen };
        });

        // Open findings of the account-regions listed completely that this scan did not see.
        const stale = (
          await trx
            .selectFrom("findings")
            .selectAll()
            .where("resolved_at", "is", null)
            .where("last_scan_id", "<>", scanId)
            .orderBy("key")
            .execute()
        ).filter((row) => complete.has(`${row.account_id}/${row.region_id}`));
        for (const keys of chunks(
          stale.map((row) => row.key),
          KEYS_PER_QUERY,
        )) {
          await trx.updateTable("findings").set({ resolved_at: seenAt }).where("key", "in", keys).execute();
        }
        return {
          scanId,
          seen,
          resolved: stale.map((row) => storedFinding({ ...row, resolved_at: seenAt })),
        };
      });
    },

    async findings(query: FindingsQuery = {}) {
      let select = db.selectFrom("findings").selectAll();
      if (query.open === true) select = select.where("resolved_at", "is", null);
      if (query.open === false) select = select.where("resolved_at", "is not", null);
      if (query.accountId !== undefined) select = select.where("account_id", "=", query.accountId);
      const rows = await select.orderBy("account_id").orderBy("region_id").orderBy("instance_id").execute();
      return rows.map(storedFinding);
    },

    async scans() {
      const rows = await db.selectFrom("scans").selectAll().orderBy("id", "desc").execute();
      return rows.map((row): StoredScan => ({
        id: row.id,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        judgedAt: row.judged_at,
        summary: JSON.parse(row.summary) as ScanRecordSummary,
      }));
    },

    async startRemediationRun({ startedAt, plan }) {
      const { id } = await db
        .insertInto("remediation_runs")
        .values({
          started_at: startedAt,
          finished_at: null,
          status: "running",
          plan: JSON.stringify(plan),
          result: null,
          verification_scan_id: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return id;
    },

    async recordRemediationStep(runId, step) {
      const detail = {
        ...(step.error?.accessDeniedDetail === undefined
          ? {}
          : { accessDeniedDetail: step.error.accessDeniedDetail }),
        ...(step.error?.help === undefined ? {} : { help: step.error.help }),
        ...(step.note === undefined ? {} : { note: step.note }),
      };
      const row = {
        run_id: runId,
        finding_key: step.key,
        step_index: step.index,
        kind: step.kind,
        action: step.action,
        account_id: step.accountId,
        region_id: step.regionId,
        instance_id: step.instanceId,
        params: JSON.stringify(step.params),
        outcome: step.outcome,
        started_at: step.startedAt ?? null,
        finished_at: step.finishedAt ?? null,
        request_id: step.requestId ?? null,
        error_code: step.error?.code ?? null,
        error_message: step.error?.message ?? null,
        detail: Object.keys(detail).length === 0 ? null : JSON.stringify(detail),
      };
      await db
        .insertInto("remediation_steps")
        .values(row)
        .onConflict((conflict) => conflict.columns(["run_id", "finding_key", "step_index"]).doUpdateSet(row))
        .execute();
    },

    async finishRemediationRun(runId, run) {
      await db
        .updateTable("remediation_runs")
        .set({
          finished_at: run.finishedAt,
          status: run.status,
          result: JSON.stringify(run),
          verification_scan_id: run.verification?.scanId ?? null,
        })
        .where("id", "=", runId)
        .execute();
    },

    async remediationRuns() {
      const rows = await db.selectFrom("remediation_runs").selectAll().orderBy("id", "desc").execute();
      return rows.map((row): StoredRemediationRun => ({
        id: row.id,
        startedAt: row.started_at,
        ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
        status: row.status as StoredRemediationRun["status"],
        plan: JSON.parse(row.plan) as StoredRemediationRun["plan"],
        ...(row.result === null
          ? {}
          : { run: JSON.parse(row.result) as NonNullable<StoredRemediationRun["run"]> }),
        ...(row.verification_scan_id === null ? {} : { verificationScanId: row.verification_scan_id }),
      }));
    },

    async remediationSteps(runId) {
      const rows = await db
        .selectFrom("remediation_steps")
        .selectAll()
        .where("run_id", "=", runId)
        .orderBy("finding_key")
        .orderBy("step_index")
        .execute();
      return rows.map(stepRecord);
    },

    async close() {
      await db.destroy();
    },
  };
}

function stepRecord(row: Selectable<RemediationStepsTable>): RemediationStepRecord {
  const detail = (row.detail === null ? {} : JSON.parse(row.detail)) as {
    accessDeniedDetail?: Record<string, unknown>;
    help?: string;
    note?: string;
  };
  return {
    key: row.finding_key,
    index: row.step_index,
    kind: row.kind as RemediationStepRecord["kind"],
    action: row.action,
    accountId: row.account_id,
    regionId: row.region_id,
    instanceId: row.instance_id,
    params: JSON.parse(row.params) as Record<string, string>,
    outcome: row.outcome as RemediationStepRecord["outcome"],
    ...(row.started_at === null ? {} : { startedAt: row.started_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
    ...(row.error_code === null
      ? {}
      : {
          error: {
            code: row.error_code,
            message: row.error_message ?? "",
            ...(detail.accessDeniedDetail === undefined
              ? {}
              : { accessDeniedDetail: detail.accessDeniedDetail }),
            ...(detail.help === undefined ? {} : { help: detail.help }),
          },
        }),
    ...(detail.note === undefined ? {} : { note: detail.note }),
  };
}

function recordSummary(result: RecordScanInput["result"], spec: RecordScanInput["spec"]): ScanRecordSummary {
  const { byAccount, ...counts } = result.summary;
  return {
    ...(spec === undefined ? {} : { spec }),
    counts,
    accounts: byAccount.map(({ accountId, name, scopes, mode }) => ({ accountId, name, scopes, mode })),
    complete: result.complete,
    incomplete: result.incomplete,
  };
}

function detailsOf(instance: InstanceVerdict): FindingDetails {
  return {
    accountName: instance.accountName,
    instanceName: instance.instanceName,
    scopes: instance.scopes,
    mode: instance.mode,
    message: instance.message,
    failures: instance.failures,
    ...(instance.exemption === undefined ? {} : { exemption: instance.exemption }),
    expiredExemptions: instance.expiredExemptions,
    ...(instance.exemptionTag === undefined ? {} : { exemptionTag: instance.exemptionTag }),
  };
}

function storedFinding(row: Selectable<FindingsTable>): StoredFinding {
  return {
    key: row.key,
    accountId: row.account_id,
    regionId: row.region_id,
    instanceId: row.instance_id,
    verdict: row.verdict as ScanVerdict,
    imageId: row.image_id,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.reopened_at === null ? {} : { reopenedAt: row.reopened_at }),
    firstScanId: row.first_scan_id,
    lastScanId: row.last_scan_id,
    details: JSON.parse(row.details) as FindingDetails,
  };
}

/** Whether a stored finding still counts against its scope (open, and neither compliant nor exempt). */
export function isOpenFinding(finding: StoredFinding): boolean {
  return finding.resolvedAt === undefined && isFinding(finding);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
