import { sql } from "kysely";
import type { Kysely } from "kysely";

// The first schema. Portable DDL only (text, integer, composite keys, foreign keys, partial
// indexes), so every backend runs the same migrations.
//
// Foreign keys: CASCADE where a row cannot outlive its parent (everything an account owns, link
// rows); the default NO ACTION where Alibaba makes the caller empty a thing first (a VPC with
// vSwitches, a folder with members, a policy still attached) — services check first and report
// Alibaba's error code, the key only catches a service that forgot. NO ACTION is checked at the
// end of the statement, so an account's cascade can remove parent and children together.
// Polymorphic references (tags, policy attachments, control policy targets) have no key: the
// repositories that delete a resource delete those rows in the same transaction.

const TEXT = "text";
const INT = "integer";

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await s
    .createTable("store_meta")
    .addColumn("key", TEXT, (c) => c.primaryKey())
    .addColumn("value", TEXT, (c) => c.notNull())
    .execute();

  await s
    .createTable("accounts")
    .addColumn("account_id", TEXT, (c) => c.primaryKey())
    .addColumn("display_name", TEXT, (c) => c.notNull())
    .addColumn("kind", TEXT, (c) => c.notNull())
    .addColumn("alias", TEXT, (c) => c.unique())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();

  // RAM ---------------------------------------------------------------------------------------
  await s
    .createTable("ram_users")
    .addColumn("user_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("user_name", TEXT, (c) => c.notNull())
    .addColumn("display_name", TEXT, (c) => c.notNull())
    .addColumn("email", TEXT)
    .addColumn("mobile_phone", TEXT)
    .addColumn("comments", TEXT)
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("updated_at", TEXT, (c) => c.notNull())
    .addColumn("last_login_at", TEXT)
    .addUniqueConstraint("ram_users_name_uq", ["account_id", "user_name"])
    .execute();

  await s
    .createTable("ram_groups")
    .addColumn("group_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("group_name", TEXT, (c) => c.notNull())
    .addColumn("comments", TEXT)
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("updated_at", TEXT, (c) => c.notNull())
    .addUniqueConstraint("ram_groups_name_uq", ["account_id", "group_name"])
    .execute();

  await s
    .createTable("ram_group_members")
    .addColumn("group_id", TEXT, (c) => c.notNull().references("ram_groups.group_id").onDelete("cascade"))
    .addColumn("user_id", TEXT, (c) => c.notNull().references("ram_users.user_id").onDelete("cascade"))
    .addColumn("joined_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("ram_group_members_pk", ["group_id", "user_id"])
    .execute();
  await s.createIndex("ram_group_members_by_user").on("ram_group_members").columns(["user_id"]).execute();

  await s
    .createTable("ram_roles")
    .addColumn("role_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("role_name", TEXT, (c) => c.notNull())
    .addColumn("arn", TEXT, (c) => c.notNull().unique())
    .addColumn("description", TEXT)
    .addColumn("assume_role_policy_document", TEXT, (c) => c.notNull())
    .addColumn("max_session_duration", INT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("updated_at", TEXT, (c) => c.notNull())
    .addUniqueConstraint("ram_roles_name_uq", ["account_id", "role_name"])
    .execute();

  await s
    .createTable("ram_policies")
    .addColumn("policy_key", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.references("accounts.account_id").onDelete("cascade"))
    .addColumn("policy_type", TEXT, (c) => c.notNull())
    .addColumn("policy_name", TEXT, (c) => c.notNull())
    .addColumn("description", TEXT)
    .addColumn("default_version", TEXT, (c) => c.notNull())
    .addColumn("version_counter", INT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("updated_at", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("ram_policies_by_account")
    .on("ram_policies")
    .columns(["account_id", "policy_type", "policy_name"])
    .execute();

  await s
    .createTable("ram_policy_versions")
    .addColumn("policy_key", TEXT, (c) =>
      c.notNull().references("ram_policies.policy_key").onDelete("cascade"),
    )
    .addColumn("version_id", TEXT, (c) => c.notNull())
    .addColumn("document", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("ram_policy_versions_pk", ["policy_key", "version_id"])
    .execute();

  await s
    .createTable("ram_policy_attachments")
    .addColumn("policy_key", TEXT, (c) => c.notNull().references("ram_policies.policy_key"))
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("principal_type", TEXT, (c) => c.notNull())
    .addColumn("principal_id", TEXT, (c) => c.notNull())
    .addColumn("attached_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("ram_policy_attachments_pk", [
      "policy_key",
      "account_id",
      "principal_type",
      "principal_id",
    ])
    .execute();
  // Authorization reads "every policy attached to this user and its groups" on every request.
  await s
    .createIndex("ram_policy_attachments_by_principal")
    .on("ram_policy_attachments")
    .columns(["principal_id", "principal_type"])
    .execute();

  await s
    .createTable("access_keys")
    .addColumn("access_key_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("user_id", TEXT, (c) => c.references("ram_users.user_id"))
    .addColumn("secret_sealed", TEXT, (c) => c.notNull())
    .addColumn("status", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("last_used_at", TEXT)
    .execute();
  await s.createIndex("access_keys_by_owner").on("access_keys").columns(["account_id", "user_id"]).execute();

  // STS -----------------------------------------------------------------------------------------
  await s
    .createTable("sts_sessions")
    .addColumn("access_key_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("role_id", TEXT, (c) => c.notNull())
    .addColumn("role_arn", TEXT, (c) => c.notNull())
    .addColumn("role_session_name", TEXT, (c) => c.notNull())
    .addColumn("caller_arn", TEXT, (c) => c.notNull())
    .addColumn("session_policy", TEXT)
    .addColumn("source_identity", TEXT)
    .addColumn("secret_sealed", TEXT, (c) => c.notNull())
    .addColumn("security_token_sealed", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("expires_at", TEXT, (c) => c.notNull())
    .execute();
  await s.createIndex("sts_sessions_by_expiry").on("sts_sessions").columns(["expires_at"]).execute();

  // Resource Directory ----------------------------------------------------------------------------
  await s
    .createTable("rd_directories")
    .addColumn("directory_id", TEXT, (c) => c.primaryKey())
    .addColumn("management_account_id", TEXT, (c) => c.notNull().references("accounts.account_id"))
    .addColumn("root_folder_id", TEXT, (c) => c.notNull())
    .addColumn("control_policy_status", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();

  await s
    .createTable("rd_folders")
    .addColumn("folder_id", TEXT, (c) => c.primaryKey())
    .addColumn("directory_id", TEXT, (c) =>
      c.notNull().references("rd_directories.directory_id").onDelete("cascade"),
    )
    .addColumn("folder_name", TEXT, (c) => c.notNull())
    .addColumn("parent_folder_id", TEXT, (c) => c.references("rd_folders.folder_id"))
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("rd_folders_by_parent")
    .on("rd_folders")
    .columns(["parent_folder_id", "folder_name"])
    .execute();

  await s
    .createTable("rd_members")
    .addColumn("account_id", TEXT, (c) =>
      c.primaryKey().references("accounts.account_id").onDelete("cascade"),
    )
    .addColumn("directory_id", TEXT, (c) =>
      c.notNull().references("rd_directories.directory_id").onDelete("cascade"),
    )
    .addColumn("folder_id", TEXT, (c) => c.notNull().references("rd_folders.folder_id"))
    .addColumn("join_method", TEXT, (c) => c.notNull())
    .addColumn("account_type", TEXT, (c) => c.notNull())
    .addColumn("joined_at", TEXT, (c) => c.notNull())
    .execute();
  await s.createIndex("rd_members_by_folder").on("rd_members").columns(["folder_id", "account_id"]).execute();

  await s
    .createTable("rd_control_policies")
    .addColumn("policy_id", TEXT, (c) => c.primaryKey())
    .addColumn("policy_name", TEXT, (c) => c.notNull().unique())
    .addColumn("description", TEXT)
    .addColumn("policy_type", TEXT, (c) => c.notNull())
    .addColumn("effect_scope", TEXT, (c) => c.notNull())
    .addColumn("document", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("updated_at", TEXT, (c) => c.notNull())
    .execute();

  await s
    .createTable("rd_control_policy_attachments")
    .addColumn("policy_id", TEXT, (c) => c.notNull().references("rd_control_policies.policy_id"))
    .addColumn("target_id", TEXT, (c) => c.notNull())
    .addColumn("target_type", TEXT, (c) => c.notNull())
    .addColumn("attached_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("rd_control_policy_attachments_pk", ["policy_id", "target_id"])
    .execute();
  await s
    .createIndex("rd_control_policy_attachments_by_target")
    .on("rd_control_policy_attachments")
    .columns(["target_id"])
    .execute();

  // ECS and VPC -----------------------------------------------------------------------------------
  await s
    .createTable("images")
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("image_id", TEXT, (c) => c.notNull())
    .addColumn("owner_account_id", TEXT, (c) => c.references("accounts.account_id").onDelete("cascade"))
    .addColumn("image_owner_alias", TEXT, (c) => c.notNull())
    .addColumn("image_name", TEXT, (c) => c.notNull())
    .addColumn("description", TEXT)
    .addColumn("status", TEXT, (c) => c.notNull())
    .addColumn("os_type", TEXT, (c) => c.notNull())
    .addColumn("os_name", TEXT, (c) => c.notNull())
    .addColumn("os_name_en", TEXT, (c) => c.notNull())
    .addColumn("platform", TEXT, (c) => c.notNull())
    .addColumn("architecture", TEXT, (c) => c.notNull())
    .addColumn("size_gib", INT, (c) => c.notNull())
    .addColumn("image_family", TEXT)
    .addColumn("image_version", TEXT)
    .addColumn("boot_mode", TEXT)
    .addColumn("source_type", TEXT)
    .addColumn("source_id", TEXT)
    .addColumn("source_location", TEXT)
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("deprecated_at", TEXT)
    // Public image ids repeat in every region, so the region is part of the key.
    .addPrimaryKeyConstraint("images_pk", ["region_id", "image_id"])
    .execute();
  await s
    .createIndex("images_by_owner")
    .on("images")
    .columns(["owner_account_id", "region_id", "created_at"])
    .execute();
  await s
    .createIndex("images_by_alias")
    .on("images")
    .columns(["region_id", "image_owner_alias", "created_at"])
    .execute();

  await s
    .createTable("image_shares")
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("image_id", TEXT, (c) => c.notNull())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("shared_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("image_shares_pk", ["region_id", "image_id", "account_id"])
    .addForeignKeyConstraint(
      "image_shares_image_fk",
      ["region_id", "image_id"],
      "images",
      ["region_id", "image_id"],
      (c) => c.onDelete("cascade"),
    )
    .execute();
  await s
    .createIndex("image_shares_by_account")
    .on("image_shares")
    .columns(["account_id", "region_id", "image_id"])
    .execute();

  await s
    .createTable("vpcs")
    .addColumn("vpc_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("vpc_name", TEXT)
    .addColumn("description", TEXT)
    .addColumn("cidr_block", TEXT, (c) => c.notNull())
    .addColumn("is_default", INT, (c) => c.notNull())
    .addColumn("status", TEXT, (c) => c.notNull())
    .addColumn("vrouter_id", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("vpcs_by_account")
    .on("vpcs")
    .columns(["account_id", "region_id", "created_at"])
    .execute();
  await s
    .createIndex("vpcs_one_default")
    .on("vpcs")
    .columns(["account_id", "region_id"])
    .unique()
    .where(sql.ref("is_default"), "=", 1)
    .execute();

  await s
    .createTable("vswitches")
    .addColumn("vswitch_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("vpc_id", TEXT, (c) => c.notNull().references("vpcs.vpc_id"))
    .addColumn("zone_id", TEXT, (c) => c.notNull())
    .addColumn("vswitch_name", TEXT)
    .addColumn("description", TEXT)
    .addColumn("cidr_block", TEXT, (c) => c.notNull())
    .addColumn("is_default", INT, (c) => c.notNull())
    .addColumn("status", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("vswitches_by_account")
    .on("vswitches")
    .columns(["account_id", "region_id", "created_at"])
    .execute();
  await s.createIndex("vswitches_by_vpc").on("vswitches").columns(["vpc_id"]).execute();
  await s
    .createIndex("vswitches_one_default")
    .on("vswitches")
    .columns(["account_id", "region_id", "zone_id"])
    .unique()
    .where(sql.ref("is_default"), "=", 1)
    .execute();

  await s
    .createTable("security_groups")
    .addColumn("security_group_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("vpc_id", TEXT, (c) => c.notNull().references("vpcs.vpc_id"))
    .addColumn("security_group_name", TEXT)
    .addColumn("description", TEXT)
    .addColumn("security_group_type", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("security_groups_by_account")
    .on("security_groups")
    .columns(["account_id", "region_id", "created_at"])
    .execute();
  await s.createIndex("security_groups_by_vpc").on("security_groups").columns(["vpc_id"]).execute();

  // Instances keep no key to their image, vSwitch or groups: a Deleted instance's row stays (for
  // scans and audits) while those may go.
  await s
    .createTable("instances")
    .addColumn("instance_id", TEXT, (c) => c.primaryKey())
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("zone_id", TEXT, (c) => c.notNull())
    .addColumn("instance_name", TEXT, (c) => c.notNull())
    .addColumn("host_name", TEXT)
    .addColumn("description", TEXT)
    .addColumn("status", TEXT, (c) => c.notNull())
    .addColumn("instance_type", TEXT, (c) => c.notNull())
    .addColumn("image_id", TEXT, (c) => c.notNull())
    .addColumn("vpc_id", TEXT, (c) => c.notNull())
    .addColumn("vswitch_id", TEXT, (c) => c.notNull())
    .addColumn("key_pair_name", TEXT)
    .addColumn("private_ip_address", TEXT)
    .addColumn("public_ip_address", TEXT)
    .addColumn("instance_charge_type", TEXT, (c) => c.notNull())
    .addColumn("internet_max_bandwidth_out", INT, (c) => c.notNull())
    .addColumn("system_disk_id", TEXT, (c) => c.notNull())
    .addColumn("system_disk_category", TEXT, (c) => c.notNull())
    .addColumn("system_disk_size_gib", INT, (c) => c.notNull())
    .addColumn("system_disk_image_id", TEXT, (c) => c.notNull())
    .addColumn("deletion_protection", INT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("started_at", TEXT)
    .addColumn("deleted_at", TEXT)
    .execute();
  // Scans ask "which instances of this account run this image".
  await s
    .createIndex("instances_by_image")
    .on("instances")
    .columns(["account_id", "region_id", "image_id"])
    .execute();
  await s
    .createIndex("instances_by_account")
    .on("instances")
    .columns(["account_id", "region_id", "created_at"])
    .execute();
  await s.createIndex("instances_by_vswitch").on("instances").columns(["vswitch_id"]).execute();

  await s
    .createTable("instance_security_groups")
    .addColumn("instance_id", TEXT, (c) =>
      c.notNull().references("instances.instance_id").onDelete("cascade"),
    )
    .addColumn("security_group_id", TEXT, (c) => c.notNull())
    .addColumn("position", INT, (c) => c.notNull())
    .addPrimaryKeyConstraint("instance_security_groups_pk", ["instance_id", "security_group_id"])
    .execute();
  await s
    .createIndex("instance_security_groups_by_group")
    .on("instance_security_groups")
    .columns(["security_group_id"])
    .execute();

  // Tags ----------------------------------------------------------------------------------------
  await s
    .createTable("tags")
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("region_id", TEXT, (c) => c.notNull())
    .addColumn("resource_type", TEXT, (c) => c.notNull())
    .addColumn("resource_id", TEXT, (c) => c.notNull())
    .addColumn("tag_key", TEXT, (c) => c.notNull())
    .addColumn("tag_value", TEXT, (c) => c.notNull())
    // "the tags of this resource": rendering a page, authorization's acs:ResourceTag context
    .addPrimaryKeyConstraint("tags_pk", ["region_id", "resource_type", "resource_id", "tag_key"])
    .execute();
  // "the account's resources having key=value": tag filters start here and never touch the
  // table (covering). The owner leads because tag filters are asked within one account.
  await s
    .createIndex("tags_by_pair")
    .on("tags")
    .columns(["account_id", "region_id", "resource_type", "tag_key", "tag_value", "resource_id"])
    .execute();
  // "an account's tagged resources, in id order": ListTagResources paging, key listings; and,
  // with the value at the end, index-only probes "does this resource of mine carry key=value"
  await s
    .createIndex("tags_by_account")
    .on("tags")
    .columns(["account_id", "region_id", "resource_type", "resource_id", "tag_key", "tag_value"])
    .execute();

  // Idempotency and audit ---------------------------------------------------------------------------
  await s
    .createTable("idempotency_records")
    .addColumn("account_id", TEXT, (c) => c.notNull().references("accounts.account_id").onDelete("cascade"))
    .addColumn("action", TEXT, (c) => c.notNull())
    .addColumn("client_token", TEXT, (c) => c.notNull())
    .addColumn("fingerprint", TEXT, (c) => c.notNull())
    .addColumn("response", TEXT, (c) => c.notNull())
    .addColumn("created_at", TEXT, (c) => c.notNull())
    .addColumn("expires_at", TEXT, (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_records_pk", ["account_id", "action", "client_token"])
    .execute();
  await s
    .createIndex("idempotency_records_by_expiry")
    .on("idempotency_records")
    .columns(["expires_at"])
    .execute();

  // No key to accounts: the trail outlives what it describes.
  await s
    .createTable("audit_events")
    .addColumn("event_id", TEXT, (c) => c.primaryKey())
    .addColumn("event_time", TEXT, (c) => c.notNull())
    .addColumn("event_name", TEXT, (c) => c.notNull())
    .addColumn("service_name", TEXT, (c) => c.notNull())
    .addColumn("account_id", TEXT)
    .addColumn("principal_arn", TEXT)
    .addColumn("access_key_id", TEXT)
    .addColumn("region_id", TEXT)
    .addColumn("decision", TEXT)
    .addColumn("error_code", TEXT)
    .addColumn("request_id", TEXT, (c) => c.notNull())
    .addColumn("body", TEXT, (c) => c.notNull())
    .execute();
  await s
    .createIndex("audit_events_by_time")
    .on("audit_events")
    .columns(["event_time", "event_id"])
    .execute();
  await s
    .createIndex("audit_events_by_account")
    .on("audit_events")
    .columns(["account_id", "event_time", "event_id"])
    .execute();
  await s
    .createIndex("audit_events_by_name")
    .on("audit_events")
    .columns(["event_name", "event_time", "event_id"])
    .execute();
  await s
    .createIndex("audit_events_by_principal")
    .on("audit_events")
    .columns(["principal_arn", "event_time", "event_id"])
    .execute();
  await s.createIndex("audit_events_by_request").on("audit_events").columns(["request_id"]).execute();
}

// Children before parents, so foreign keys never block a drop.
const TABLES_IN_DROP_ORDER = [
  "audit_events",
  "idempotency_records",
  "tags",
  "instance_security_groups",
  "instances",
  "security_groups",
  "vswitches",
  "vpcs",
  "image_shares",
  "images",
  "rd_control_policy_attachments",
  "rd_control_policies",
  "rd_members",
  "rd_folders",
  "rd_directories",
  "sts_sessions",
  "access_keys",
  "ram_policy_attachments",
  "ram_policy_versions",
  "ram_policies",
  "ram_roles",
  "ram_group_members",
  "ram_groups",
  "ram_users",
  "accounts",
  "store_meta",
];

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES_IN_DROP_ORDER) await db.schema.dropTable(table).execute();
}
