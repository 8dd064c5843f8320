import type { Kysely } from "kysely";

// A member account's login name (`alice@rd-3g****.aliyunid.com`): Resource Directory's GetAccount
// and CreateResourceAccount answer it, and CreateResourceAccount's AccountNamePrefix chooses it, so
// it must be kept. Nullable: accounts that joined without one (the management account) have none.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rd_members").addColumn("account_name", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rd_members").dropColumn("account_name").execute();
}
