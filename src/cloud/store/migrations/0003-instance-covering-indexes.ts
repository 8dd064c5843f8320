import type { Kysely } from "kysely";

// Every launch asks two questions of the account's live instances: how many vCPUs they use (the
// quota) and which private addresses they hold in the vSwitch. With the indexes of 0001 both read
// every instance row (an index entry, then the row for its status and type or address), so a launch
// cost more the more instances the account had. The same two indexes, widened so that each answers
// its question alone (covering): the quota from (account, region, image, status, type), the
// addresses from (account, region, vswitch, status, private address). Every query that names a
// vSwitch names its account and region too, so the second still serves "is this vSwitch in use"
// and DescribeInstances' VSwitchId filter, and with three equal columns the planner prefers it
// whatever its statistics say. No index is added, so a launch writes no more index pages than before.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("instances_by_image").execute();
  await db.schema
    .createIndex("instances_by_image")
    .on("instances")
    .columns(["account_id", "region_id", "image_id", "status", "instance_type"])
    .execute();
  await db.schema.dropIndex("instances_by_vswitch").execute();
  await db.schema
    .createIndex("instances_by_vswitch")
    .on("instances")
    .columns(["account_id", "region_id", "vswitch_id", "status", "private_ip_address"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("instances_by_image").execute();
  await db.schema
    .createIndex("instances_by_image")
    .on("instances")
    .columns(["account_id", "region_id", "image_id"])
    .execute();
  await db.schema.dropIndex("instances_by_vswitch").execute();
  await db.schema.createIndex("instances_by_vswitch").on("instances").columns(["vswitch_id"]).execute();
}
