import type { Kysely } from "kysely";

// Remediation runs: one row per `imageguard remediate --apply` (its plan, outcome and the re-scan's
// verification), one row per step of it. A step is written before its call is sent and again when
// it ends, so a run that died halfway still shows which call was in flight.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("remediation_runs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    // `running` until it ends; a run still `running` with no process behind it was interrupted.
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("plan", "text", (c) => c.notNull())
    // JSON: the run's items, summary and verification, once it ended.
    .addColumn("result", "text")
    .addColumn("verification_scan_id", "integer", (c) => c.references("scans.id"))
    .execute();

  await db.schema
    .createTable("remediation_steps")
    .addColumn("run_id", "integer", (c) => c.notNull().references("remediation_runs.id"))
    .addColumn("finding_key", "text", (c) => c.notNull())
    .addColumn("step_index", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("region_id", "text", (c) => c.notNull())
    .addColumn("instance_id", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("request_id", "text")
    .addColumn("error_code", "text")
    .addColumn("error_message", "text")
    // JSON: the error's AccessDeniedDetail and help, and the step's note (the new disk's id).
    .addColumn("detail", "text")
    .addPrimaryKeyConstraint("remediation_steps_pk", ["run_id", "finding_key", "step_index"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("remediation_steps").execute();
  await db.schema.dropTable("remediation_runs").execute();
}
