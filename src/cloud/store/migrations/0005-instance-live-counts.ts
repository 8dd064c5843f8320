import { sql } from "kysely";
import type { Kysely } from "kysely";
import { ipv4Number } from "../ipv4-number.js";

// Every launch asks how many vCPUs the account's live instances use in the region (the quota) and
// which private address of the vSwitch is the lowest free one. Answered from the instances, both
// cost a launch more the more instances the account had (0003 only made each read index-only). From
// here on they are kept as they change:
// - instance_counts: how many live instances (any status but Deleted) the account has in a region
//   of each instance type, and holding a private address in each vSwitch; changed in the same
//   transaction as the instance rows (repositories/instance-counts.ts), so a rollback undoes both.
// - instances.held_private_ip: the private address as a number while the instance is live, NULL
//   once Deleted (or without one), at the end of the vSwitch index in place of the text address:
//   the highest address held is one index seek, and with the vSwitch's count it tells whether the
//   addresses held are exactly first..highest (then the lowest free one is highest + 1).
// Liveness is in the column rather than in a partial index (`WHERE status != 'Deleted'`): SQLite
// re-plans, at every run, each statement whose bound parameter it compares with a partial index's
// condition, and many statements on instances bind `status != ?`.
// Existing rows are counted and numbered here, so a data directory upgrades in place.

const UPDATE_CHUNK = 500;

/**
 * `work` in one transaction: the migrator's own where the backend has transactional DDL (Kysely
 * then hands a migration its transaction, which cannot open another), else one of its own.
 */
function atomically(db: Kysely<unknown>, work: (trx: Kysely<unknown>) => Promise<void>): Promise<void> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await atomically(db, async (trx) => {
    const s = trx.schema;
    await s
      .createTable("instance_counts")
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.account_id").onDelete("cascade"),
      )
      .addColumn("region_id", "text", (c) => c.notNull())
      .addColumn("dimension", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("live", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("instance_counts_pk", ["account_id", "region_id", "dimension", "subject"])
      .execute();
    // bigint: an unsigned 32-bit address (172.16.0.1 is 2,886,729,729) overflows PostgreSQL's
    // integer; SQLite stores either the same way.
    await s.alterTable("instances").addColumn("held_private_ip", "bigint").execute();
    await numberHeldAddresses(trx);
    await sql`insert into instance_counts (account_id, region_id, dimension, subject, live)
      select account_id, region_id, 'instance_type', instance_type, count(*) from instances
      where status != 'Deleted' group by account_id, region_id, instance_type`.execute(trx);
    await sql`insert into instance_counts (account_id, region_id, dimension, subject, live)
      select account_id, region_id, 'vswitch', vswitch_id, count(*) from instances
      where held_private_ip is not null group by account_id, region_id, vswitch_id`.execute(trx);
    await s.dropIndex("instances_by_vswitch").execute();
    await s
      .createIndex("instances_by_vswitch")
      .on("instances")
      .columns(["account_id", "region_id", "vswitch_id", "held_private_ip", "status"])
      .execute();
  });
}

/** held_private_ip of every live instance whose address the allocator could have written. */
async function numberHeldAddresses(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ instance_id: string; private_ip_address: string }>`
    select instance_id, private_ip_address from instances
    where status != 'Deleted' and private_ip_address is not null`.execute(db);
  const numbered = rows.rows.flatMap((row) => {
    const held = ipv4Number(row.private_ip_address);
    return held === undefined ? [] : [{ id: row.instance_id, held }];
  });
  for (let i = 0; i < numbered.length; i += UPDATE_CHUNK) {
    const chunk = numbered.slice(i, i + UPDATE_CHUNK);
    const cases = sql.join(
      // Cast: a CASE of bound parameters alone is text to PostgreSQL.
      chunk.map((row) => sql`when ${row.id} then cast(${row.held} as bigint)`),
      sql` `,
    );
    const ids = sql.join(chunk.map((row) => sql`${row.id}`));
    await sql`update instances set held_private_ip = case instance_id ${cases} end
      where instance_id in (${ids})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await atomically(db, async (trx) => {
    const s = trx.schema;
    await s.dropIndex("instances_by_vswitch").execute();
    await s
      .createIndex("instances_by_vswitch")
      .on("instances")
      .columns(["account_id", "region_id", "vswitch_id", "status", "private_ip_address"])
      .execute();
    await s.alterTable("instances").dropColumn("held_private_ip").execute();
    await s.dropTable("instance_counts").execute();
  });
}
