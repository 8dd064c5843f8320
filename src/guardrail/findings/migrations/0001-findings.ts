import { sql } from "kysely";
import type { Kysely } from "kysely";

// The findings store's first schema: one row per scan, one row per finding (an instance that is not
// compliant), kept across scans with when it was first and last seen and when it was resolved.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("scans")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text", (c) => c.notNull())
    .addColumn("judged_at", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("findings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("region_id", "text", (c) => c.notNull())
    .addColumn("instance_id", "text", (c) => c.notNull())
    .addColumn("verdict", "text", (c) => c.notNull())
    .addColumn("image_id", "text", (c) => c.notNull())
    .addColumn("first_seen", "text", (c) => c.notNull())
    .addColumn("last_seen", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("reopened_at", "text")
    .addColumn("first_scan_id", "integer", (c) => c.notNull().references("scans.id"))
    .addColumn("last_scan_id", "integer", (c) => c.notNull().references("scans.id"))
    .addColumn("details", "text", (c) => c.notNull())
    .execute();
  // Resolution looks for the open findings of the account-regions a scan saw completely.
  await db.schema
    .createIndex("findings_open_by_place")
    .on("findings")
    .columns(["account_id", "region_id"])
    .where(sql.ref("resolved_at"), "is", null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("findings").execute();
  await db.schema.dropTable("scans").execute();
}
