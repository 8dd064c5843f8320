// The Kysely view of the database: one interface per table, columns in snake_case. Types are the
// portable subset shared by every backend: text, integer, and booleans as integer 0/1 (so one set
// of migrations serves SQLite and PostgreSQL). Timestamps are ISO 8601 UTC text (see Timestamp).
// Optional model fields are nullable columns.

export type Bool01 = 0 | 1;

export interface Database {
  store_meta: StoreMetaTable;
  accounts: AccountsTable;
  ram_users: RamUsersTable;
  ram_groups: RamGroupsTable;
  ram_group_members: RamGroupMembersTable;
  ram_roles: RamRolesTable;
  ram_policies: RamPoliciesTable;
  ram_policy_versions: RamPolicyVersionsTable;
  ram_policy_attachments: RamPolicyAttachmentsTable;
  access_keys: AccessKeysTable;
  sts_sessions: StsSessionsTable;
  rd_directories: RdDirectoriesTable;
  rd_folders: RdFoldersTable;
  rd_members: RdMembersTable;
  rd_control_policies: RdControlPoliciesTable;
  rd_control_policy_attachments: RdControlPolicyAttachmentsTable;
  images: ImagesTable;
  image_shares: ImageSharesTable;
  instances: InstancesTable;
  instance_counts: InstanceCountsTable;
  instance_security_groups: InstanceSecurityGroupsTable;
  security_groups: SecurityGroupsTable;
  vpcs: VpcsTable;
  vswitches: VSwitchesTable;
  tags: TagsTable;
  idempotency_records: IdempotencyRecordsTable;
  audit_events: AuditEventsTable;
}

/** Facts about the database itself, e.g. the master-key check value. */
export interface StoreMetaTable {
  key: string;
  value: string;
}

export interface AccountsTable {
  account_id: string;
  display_name: string;
  kind: string;
  alias: string | null;
  created_at: string;
}

export interface RamUsersTable {
  user_id: string;
  account_id: string;
  user_name: string;
  display_name: string;
  email: string | null;
  mobile_phone: string | null;
  comments: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface RamGroupsTable {
  group_id: string;
  account_id: string;
  group_name: string;
  comments: string | null;
  created_at: string;
  updated_at: string;
}

export interface RamGroupMembersTable {
  group_id: string;
  user_id: string;
  joined_at: string;
}

export interface RamRolesTable {
  role_id: string;
  account_id: string;
  role_name: string;
  arn: string;
  description: string | null;
  assume_role_policy_document: string;
  max_session_duration: number;
  created_at: string;
  updated_at: string;
}

export interface RamPoliciesTable {
  /** `system:<name>` or `<account id>:<name>` (see policyKey): one column to join and reference. */
  policy_key: string;
  /** Null for system policies. */
  account_id: string | null;
  policy_type: string;
  policy_name: string;
  description: string | null;
  default_version: string;
  /** The last version number handed out, so deleted version ids are never reused. */
  version_counter: number;
  created_at: string;
  updated_at: string;
}

export interface RamPolicyVersionsTable {
  policy_key: string;
  version_id: string;
  document: string;
  created_at: string;
}

export interface RamPolicyAttachmentsTable {
  policy_key: string;
  account_id: string;
  principal_type: string;
  principal_id: string;
  attached_at: string;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** Null for the account's root AccessKeys. */
  user_id: string | null;
  /** SecretBox output. */
  secret_sealed: string;
  status: string;
  created_at: string;
  last_used_at: string | null;
}

export interface StsSessionsTable {
  access_key_id: string;
  account_id: string;
  role_id: string;
  role_arn: string;
  role_session_name: string;
  caller_arn: string;
  session_policy: string | null;
  source_identity: string | null;
  secret_sealed: string;
  security_token_sealed: string;
  created_at: string;
  expires_at: string;
}

export interface RdDirectoriesTable {
  directory_id: string;
  management_account_id: string;
  root_folder_id: string;
  control_policy_status: string;
  created_at: string;
}

export interface RdFoldersTable {
  folder_id: string;
  directory_id: string;
  folder_name: string;
  parent_folder_id: string | null;
  created_at: string;
}

export interface RdMembersTable {
  account_id: string;
  directory_id: string;
  folder_id: string;
  join_method: string;
  account_type: string;
  joined_at: string;
  account_name: string | null;
}

export interface RdControlPoliciesTable {
  policy_id: string;
  policy_name: string;
  description: string | null;
  policy_type: string;
  effect_scope: string;
  document: string;
  created_at: string;
  updated_at: string;
}

export interface RdControlPolicyAttachmentsTable {
  policy_id: string;
  target_id: string;
  target_type: string;
  attached_at: string;
}

export interface ImagesTable {
  region_id: string;
  image_id: string;
  owner_account_id: string | null;
  image_owner_alias: string;
  image_name: string;
  description: string | null;
  status: string;
  os_type: string;
  os_name: string;
  os_name_en: string;
  platform: string;
  architecture: string;
  size_gib: number;
  image_family: string | null;
  image_version: string | null;
  boot_mode: string | null;
  /** instance | snapshot | copy | import; the next columns hold that source's ids. */
  source_type: string | null;
  source_id: string | null;
  /** Copies: the source region; imports: the OSS bucket. */
  source_location: string | null;
  created_at: string;
  deprecated_at: string | null;
}

export interface ImageSharesTable {
  region_id: string;
  image_id: string;
  account_id: string;
  shared_at: string;
}

export interface InstancesTable {
  instance_id: string;
  account_id: string;
  region_id: string;
  zone_id: string;
  instance_name: string;
  host_name: string | null;
  description: string | null;
  status: string;
  instance_type: string;
  image_id: string;
  vpc_id: string;
  vswitch_id: string;
  key_pair_name: string | null;
  private_ip_address: string | null;
  public_ip_address: string | null;
  instance_charge_type: string;
  internet_max_bandwidth_out: number;
  system_disk_id: string;
  system_disk_category: string;
  system_disk_size_gib: number;
  system_disk_image_id: string;
  deletion_protection: Bool01;
  created_at: string;
  started_at: string | null;
  deleted_at: string | null;
  /** private_ip_address as a number (ipv4-number.ts) while the instance is live; NULL once Deleted. */
  held_private_ip: number | null;
}

/**
 * How many live instances (any status but Deleted) an account has in a region per `subject` of a
 * `dimension`: per instance type (the vCPU quota), and holding a private address per vSwitch (the
 * address allocator). Kept with every instance write (repositories/instance-counts.ts).
 */
export interface InstanceCountsTable {
  account_id: string;
  region_id: string;
  dimension: "instance_type" | "vswitch";
  subject: string;
  live: number;
}

export interface InstanceSecurityGroupsTable {
  instance_id: string;
  security_group_id: string;
  /** Keeps the order the groups were given in. */
  position: number;
}

export interface SecurityGroupsTable {
  security_group_id: string;
  account_id: string;
  region_id: string;
  vpc_id: string;
  security_group_name: string | null;
  description: string | null;
  security_group_type: string;
  created_at: string;
}

export interface VpcsTable {
  vpc_id: string;
  account_id: string;
  region_id: string;
  vpc_name: string | null;
  description: string | null;
  cidr_block: string;
  is_default: Bool01;
  status: string;
  vrouter_id: string;
  created_at: string;
}

export interface VSwitchesTable {
  vswitch_id: string;
  account_id: string;
  region_id: string;
  vpc_id: string;
  zone_id: string;
  vswitch_name: string | null;
  description: string | null;
  cidr_block: string;
  is_default: Bool01;
  status: string;
  created_at: string;
}

export interface TagsTable {
  account_id: string;
  region_id: string;
  resource_type: string;
  resource_id: string;
  tag_key: string;
  tag_value: string;
}

export interface IdempotencyRecordsTable {
  account_id: string;
  action: string;
  client_token: string;
  fingerprint: string;
  response: string;
  created_at: string;
  expires_at: string;
}

export interface AuditEventsTable {
  event_id: string;
  event_time: string;
  event_name: string;
  service_name: string;
  account_id: string | null;
  principal_arn: string | null;
  access_key_id: string | null;
  region_id: string | null;
  decision: string | null;
  error_code: string | null;
  request_id: string;
  /** The whole ActionTrail event, as JSON text. */
  body: string;
}
