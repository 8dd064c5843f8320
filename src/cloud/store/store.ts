import type {
  AccessKey,
  AccessKeyOwner,
  AccessKeyStatus,
  AccessKeyWithSecret,
  Account,
  AccountKind,
  Architecture,
  AttachedPolicyDocument,
  AuditEvent,
  ControlPolicy,
  ControlPolicyAttachment,
  ControlPolicyStatus,
  ControlPolicyType,
  GroupMembership,
  IdempotencyRecord,
  Image,
  ImageShare,
  ImageStatus,
  ImageVisibility,
  Instance,
  InstanceStatus,
  OsType,
  PolicyAttachment,
  RamGroup,
  RamPolicy,
  RamPolicyRef,
  RamPolicyType,
  RamPolicyVersion,
  RamPrincipalRef,
  RamRole,
  RamUser,
  RdFolder,
  RdMember,
  RdPathNode,
  ResourceDirectory,
  ResourceRef,
  ResourceType,
  SecurityGroup,
  StsSession,
  StsSessionWithSecrets,
  Tag,
  TagFilter,
  TagPair,
  Timestamp,
  Vpc,
  VSwitch,
} from "../model/index.js";
import type { DecisionResult } from "../../policy/index.js";
import type { CacheArea } from "./hot-cache.js";
import type { PageOf, Paging } from "./paging.js";

// The store: the local cloud's one persistence interface. Every backend (SQLite now, PostgreSQL
// later) implements it, and test/cloud/store/contract.ts is the contract they all pass.
//
// Conventions:
// - `get…` returns `undefined` when nothing matches; `update…`/`delete…`/`set…` return whether a
//   row changed. Inserting a duplicate key throws (services check first, inside their transaction).
// - A patch changes only the fields it names; `null` clears an optional field.
// - Every list takes either paging style and returns the matching page shape (`PageOf`).
// - Every method is atomic on its own; `transaction` makes several calls one unit.
// - Limits Alibaba imposes (5 groups per user, 20 tags per resource, 5 policy versions, …) are
//   enforced by the services, which report Alibaba's error codes; the store gives them the counts.

/** Fields a patch may change; `null` clears an optional one. */
export type Patch<T, K extends keyof T> = {
  readonly [P in K]?: undefined extends T[P] ? Exclude<T[P], undefined> | null : T[P];
};

export interface Store {
  readonly accounts: AccountRepository;
  readonly ram: RamRepositories;
  readonly sts: StsSessionRepository;
  readonly directory: ResourceDirectoryRepository;
  readonly controlPolicies: ControlPolicyRepository;
  readonly images: ImageRepository;
  readonly instances: InstanceRepository;
  readonly network: NetworkRepositories;
  readonly tags: TagRepository;
  readonly idempotency: IdempotencyRepository;
  readonly audit: AuditRepository;

  /**
   * Runs `fn` as one transaction: every write commits together, or none does when `fn` throws.
   * A service reads, authorizes and writes through `tx`, so what it checked is what it changes:
   * transactions are serialised (no other transaction interleaves between the check and the write).
   * Calling `transaction` again inside — on `tx`, or on this store from code `fn` awaits — joins
   * the outer transaction (there are no savepoints: a throw anywhere rolls back everything).
   * Keep `fn` short and free of outside I/O: the whole store waits for it.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  /**
   * Grows with every write to what resolving a caller from an AccessKey reads: AccessKeys (their
   * status, not their last use), RAM users and roles, STS sessions, accounts. A cache of resolved
   * callers stamped with it is never stale for writes made through this store (the runtime keeps
   * one). Writes made by another process are not seen, as for the policy chains.
   */
  readonly credentialsVersion: number;

  /**
   * `load`'s answer, remembered under `key` until a write through this store changes one of
   * `areas` (hot-cache.ts). For hot reads of data that rarely changes: the default network, an
   * image's facts. `load` must read only from `areas`, and the answer must be treated as immutable.
   */
  cached<T>(key: string, areas: readonly CacheArea[], load: () => Promise<T>): Promise<T>;

  /** Closes the database. Not allowed on a transaction's `tx`. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Accounts

export interface AccountFilter {
  readonly kind?: AccountKind;
  readonly accountIds?: readonly string[];
}

export interface AccountRepository {
  get(accountId: string): Promise<Account | undefined>;
  getByAlias(alias: string): Promise<Account | undefined>;
  /** In account id order. */
  list<P extends Paging>(filter: AccountFilter, paging: P): Promise<PageOf<P, Account>>;
  insert(account: Account): Promise<void>;
  update(accountId: string, patch: Patch<Account, "displayName" | "kind" | "alias">): Promise<boolean>;
  /** Deletes the account and everything it owns (RAM, resources, tags, sessions, records). */
  delete(accountId: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// RAM

export interface RamRepositories {
  readonly users: RamUserRepository;
  readonly groups: RamGroupRepository;
  readonly roles: RamRoleRepository;
  readonly policies: RamPolicyRepository;
  readonly accessKeys: AccessKeyRepository;
}

export interface RamUserRepository {
  get(accountId: string, userName: string): Promise<RamUser | undefined>;
  getById(userId: string): Promise<RamUser | undefined>;
  /** In user name order. */
  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamUser>>;
  insert(user: RamUser): Promise<void>;
  update(
    userId: string,
    patch: Patch<
      RamUser,
      "userName" | "displayName" | "email" | "mobilePhone" | "comments" | "updatedAt" | "lastLoginAt"
    >,
  ): Promise<boolean>;
  /**
   * Deletes the user with its group memberships and policy attachments. Its AccessKeys must be
   * deleted first (Alibaba's `DeleteConflict.User.AccessKey`); the store refuses otherwise.
   */
  delete(userId: string): Promise<boolean>;
}

export interface RamGroupRepository {
  get(accountId: string, groupName: string): Promise<RamGroup | undefined>;
  getById(groupId: string): Promise<RamGroup | undefined>;
  /** In group name order. */
  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamGroup>>;
  insert(group: RamGroup): Promise<void>;
  update(groupId: string, patch: Patch<RamGroup, "groupName" | "comments" | "updatedAt">): Promise<boolean>;
  /** Deletes the group with its memberships and policy attachments. */
  delete(groupId: string): Promise<boolean>;
  addMember(membership: GroupMembership): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<boolean>;
  /** One membership with its join date (RAM's ListGroupsForUser and ListUsersForGroup show it). */
  getMembership(groupId: string, userId: string): Promise<GroupMembership | undefined>;
  /** The group's users, in user name order. */
  listMembers<P extends Paging>(groupId: string, paging: P): Promise<PageOf<P, RamUser>>;
  /** The user's groups (at most 5 when the services enforce Alibaba's limit), in name order. */
  listForUser(userId: string): Promise<RamGroup[]>;
}

export interface RamRoleRepository {
  get(accountId: string, roleName: string): Promise<RamRole | undefined>;
  getById(roleId: string): Promise<RamRole | undefined>;
  /** AssumeRole names the role by ARN. */
  getByArn(arn: string): Promise<RamRole | undefined>;
  /** In role name order. */
  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamRole>>;
  insert(role: RamRole): Promise<void>;
  update(
    roleId: string,
    patch: Patch<RamRole, "description" | "assumeRolePolicyDocument" | "maxSessionDuration" | "updatedAt">,
  ): Promise<boolean>;
  /** Deletes the role with its policy attachments. */
  delete(roleId: string): Promise<boolean>;
}

export type NewRamPolicy = RamPolicyRef & {
  readonly description?: string;
  /** Becomes version `v1`, the default. */
  readonly document: string;
  readonly createdAt: Timestamp;
};

export interface RamPolicyListFilter {
  /** Lists the system policies and this account's custom policies (ListPolicies). */
  readonly accountId: string;
  readonly policyType?: RamPolicyType;
}

export interface RamPolicyRepository {
  get(ref: RamPolicyRef): Promise<RamPolicy | undefined>;
  /** Custom before System, then by name. */
  list<P extends Paging>(filter: RamPolicyListFilter, paging: P): Promise<PageOf<P, RamPolicy>>;
  /** Creates the policy with its first version `v1` as the default. */
  insert(policy: NewRamPolicy): Promise<RamPolicy>;
  update(ref: RamPolicyRef, patch: Patch<RamPolicy, "description" | "updatedAt">): Promise<boolean>;
  /** Deletes the policy and its versions. It must be detached everywhere first; the store refuses otherwise. */
  delete(ref: RamPolicyRef): Promise<boolean>;

  getVersion(ref: RamPolicyRef, versionId: string): Promise<RamPolicyVersion | undefined>;
  getDefaultVersion(ref: RamPolicyRef): Promise<RamPolicyVersion | undefined>;
  /** Oldest first. */
  listVersions(ref: RamPolicyRef): Promise<RamPolicyVersion[]>;
  /** Adds the next version (`v<n+1>`, never reusing a deleted id); undefined when the policy does not exist. */
  addVersion(
    ref: RamPolicyRef,
    version: { readonly document: string; readonly createdAt: Timestamp; readonly setAsDefault: boolean },
  ): Promise<RamPolicyVersion | undefined>;
  setDefaultVersion(ref: RamPolicyRef, versionId: string, updatedAt: Timestamp): Promise<boolean>;
  /** Deleting the default version is the services' to refuse. */
  deleteVersion(ref: RamPolicyRef, versionId: string): Promise<boolean>;

  attach(attachment: PolicyAttachment): Promise<void>;
  detach(ref: RamPolicyRef, accountId: string, principal: RamPrincipalRef): Promise<boolean>;
  /** Attachments in one account, of one principal and/or of one policy; oldest first. */
  listAttachments(filter: {
    readonly accountId: string;
    readonly principal?: RamPrincipalRef;
    readonly policy?: RamPolicyRef;
  }): Promise<PolicyAttachment[]>;
  /** Attachments of a policy in every account (AttachmentCount; DeletePolicy's conflict check). */
  countAttachments(ref: RamPolicyRef): Promise<number>;
  /**
   * What authorization reads on every request: the default-version document of every policy
   * attached to any of `principals` (a user and its groups, or a role), in one query.
   */
  documentsFor(principals: readonly RamPrincipalRef[]): Promise<AttachedPolicyDocument[]>;
}

export interface AccessKeyRepository {
  /** Without the secret: for listings and status checks. */
  get(accessKeyId: string): Promise<AccessKey | undefined>;
  /** With the secret decrypted: for verifying a request's signature. */
  getWithSecret(accessKeyId: string): Promise<AccessKeyWithSecret | undefined>;
  /** The keys of the account's root identity or of one user, oldest first. */
  listForOwner(accountId: string, owner: AccessKeyOwner): Promise<AccessKey[]>;
  /** Stores the secret encrypted. */
  insert(key: AccessKeyWithSecret): Promise<void>;
  setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  markUsed(accessKeyId: string, at: Timestamp): Promise<boolean>;
  delete(accessKeyId: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// STS

export interface StsSessionRepository {
  get(accessKeyId: string): Promise<StsSession | undefined>;
  /** With the secret and the security token decrypted: for verifying a request. */
  getWithSecrets(accessKeyId: string): Promise<StsSessionWithSecrets | undefined>;
  /** Stores the secret and the token encrypted. */
  insert(session: StsSessionWithSecrets): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: Timestamp): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Resource Directory

export interface ResourceDirectoryRepository {
  /** The local cloud's one directory. */
  get(): Promise<ResourceDirectory | undefined>;
  /** Creates the directory with its root folder (named `Root`). */
  create(directory: ResourceDirectory): Promise<void>;
  setControlPolicyStatus(status: ControlPolicyStatus): Promise<boolean>;
  /** Removes the directory and everything in it: folders, placements, control policies, attachments. */
  delete(): Promise<boolean>;

  getFolder(folderId: string): Promise<RdFolder | undefined>;
  /** The child folders of one folder, in name order. */
  listFolders<P extends Paging>(
    filter: { readonly parentFolderId: string },
    paging: P,
  ): Promise<PageOf<P, RdFolder>>;
  insertFolder(folder: RdFolder): Promise<void>;
  updateFolder(folderId: string, patch: Patch<RdFolder, "folderName">): Promise<boolean>;
  /** Deletes an empty folder and its control policy attachments; a folder with children or accounts is refused. */
  deleteFolder(folderId: string): Promise<boolean>;
  /** The folder and its ancestors, the folder first and the root last (depth checks, paths). */
  folderPath(folderId: string): Promise<RdFolder[]>;

  getMember(accountId: string): Promise<RdMember | undefined>;
  /** Member accounts, of one folder or all, in account id order. */
  listMembers<P extends Paging>(
    filter: { readonly folderId?: string },
    paging: P,
  ): Promise<PageOf<P, RdMember>>;
  insertMember(member: RdMember): Promise<void>;
  moveMember(accountId: string, folderId: string): Promise<boolean>;
  /** Removes the account from the directory with its control policy attachments. */
  deleteMember(accountId: string): Promise<boolean>;
}

export interface ControlPolicyRepository {
  get(policyId: string): Promise<ControlPolicy | undefined>;
  getByName(policyName: string): Promise<ControlPolicy | undefined>;
  /** In name order. */
  list<P extends Paging>(
    filter: { readonly policyType?: ControlPolicyType },
    paging: P,
  ): Promise<PageOf<P, ControlPolicy>>;
  insert(policy: ControlPolicy): Promise<void>;
  update(
    policyId: string,
    patch: Patch<ControlPolicy, "policyName" | "description" | "document" | "effectScope" | "updatedAt">,
  ): Promise<boolean>;
  /** It must be detached everywhere first; the store refuses otherwise. */
  delete(policyId: string): Promise<boolean>;

  attach(attachment: ControlPolicyAttachment): Promise<void>;
  detach(policyId: string, targetId: string): Promise<boolean>;
  /** The policies attached to one node, oldest attachment first. */
  listForTarget(targetId: string): Promise<(ControlPolicy & { readonly attachedAt: Timestamp })[]>;
  /** Where a policy is attached, oldest first. */
  listTargets(policyId: string): Promise<ControlPolicyAttachment[]>;
  /** Attachments on one node (Alibaba allows 10). */
  countForTarget(targetId: string): Promise<number>;
  /**
   * What authorization reads for a member account: its node, then each folder up to the root, each
   * with the control policies attached there. Empty when the account is not in the directory.
   */
  pathFor(accountId: string): Promise<RdPathNode[]>;
}

// ---------------------------------------------------------------------------------------------
// ECS

export interface ImageFilter {
  readonly regionId: string;
  /** The caller: it sees system and marketplace images, its own, and those shared with it. */
  readonly callerAccountId: string;
  /** DescribeImages' ImageOwnerAlias; default `system`, `self` and `others`. */
  readonly visibility?: readonly ImageVisibility[];
  readonly imageIds?: readonly string[];
  /** The owner of `others` images (ImageOwnerId). */
  readonly ownerAccountId?: string;
  /** Case-insensitive substring of the name (DescribeImages' fuzzy ImageName). */
  readonly imageNameContains?: string;
  /** Any of these; default any status. */
  readonly statuses?: readonly ImageStatus[];
  readonly osType?: OsType;
  readonly architecture?: Architecture;
  readonly imageFamily?: string;
  /** Creation time range: `from` inclusive, `to` exclusive. */
  readonly createdFrom?: Timestamp;
  readonly createdTo?: Timestamp;
  /** The image must carry every one of these tags (the owner's tags). */
  readonly tags?: readonly TagFilter[];
}

export interface ImageRepository {
  get(regionId: string, imageId: string): Promise<Image | undefined>;
  /** Newest first. */
  list<P extends Paging>(filter: ImageFilter, paging: P): Promise<PageOf<P, Image>>;
  count(filter: ImageFilter): Promise<number>;
  insert(image: Image): Promise<void>;
  update(
    regionId: string,
    imageId: string,
    patch: Patch<
      Image,
      "imageName" | "description" | "status" | "imageFamily" | "imageVersion" | "bootMode" | "deprecatedAt"
    >,
  ): Promise<boolean>;
  /** Deletes the image with its share permissions and tags. */
  delete(regionId: string, imageId: string): Promise<boolean>;

  /** Shares with each account (already shared: unchanged). */
  share(regionId: string, imageId: string, accountIds: readonly string[], sharedAt: Timestamp): Promise<void>;
  unshare(regionId: string, imageId: string, accountIds: readonly string[]): Promise<number>;
  /** In account id order. */
  listShares(regionId: string, imageId: string): Promise<ImageShare[]>;
  isSharedWith(regionId: string, imageId: string, accountId: string): Promise<boolean>;
  /** Which of these image ids exist in the region (one query). */
  existing(regionId: string, imageIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Which of these images are shared with at least one account (one query for a page). */
  sharedAmong(regionId: string, imageIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface InstanceFilter {
  /** Optional only for cross-account scans. */
  readonly accountId?: string;
  readonly regionId?: string;
  readonly zoneId?: string;
  readonly instanceIds?: readonly string[];
  readonly imageId?: string;
  /** Any of these. Default: every status but `Deleted`. */
  readonly statuses?: readonly InstanceStatus[];
  readonly instanceNameContains?: string;
  readonly instanceType?: string;
  readonly vpcId?: string;
  readonly vSwitchId?: string;
  readonly securityGroupId?: string;
  readonly tags?: readonly TagFilter[];
}

export interface ImageUsage {
  readonly regionId: string;
  readonly imageId: string;
  readonly instanceCount: number;
}

/** What `InstanceRepository.update` may change. */
export type InstancePatch = Patch<
  Instance,
  | "instanceName"
  | "hostName"
  | "description"
  | "status"
  | "instanceType"
  | "imageId"
  | "systemDisk"
  | "keyPairName"
  | "privateIpAddress"
  | "publicIpAddress"
  | "internetMaxBandwidthOut"
  | "deletionProtection"
  | "startedAt"
>;

/** Private addresses of one vSwitch held by an account's live instances, from `first` to `last`. */
export interface PrivateAddressRange {
  readonly accountId: string;
  readonly regionId: string;
  readonly vSwitchId: string;
  readonly first: number;
  readonly last: number;
}

/** Up to `limit` private addresses of one vSwitch held by an account's live instances, `from` to `last`. */
export interface HeldAddressesQuery {
  readonly accountId: string;
  readonly regionId: string;
  readonly vSwitchId: string;
  readonly from: number;
  readonly last: number;
  readonly limit: number;
}

export interface InstanceRepository {
  get(instanceId: string): Promise<Instance | undefined>;
  /** Newest first. */
  list<P extends Paging>(filter: InstanceFilter, paging: P): Promise<PageOf<P, Instance>>;
  /** Also answers "is this vSwitch / security group still in use". */
  count(filter: InstanceFilter): Promise<number>;
  /** All or none (RunInstances with Amount=N). */
  insertMany(instances: readonly Instance[]): Promise<void>;
  update(instanceId: string, patch: InstancePatch): Promise<boolean>;
  setSecurityGroups(instanceId: string, securityGroupIds: readonly string[]): Promise<boolean>;
  /** Marks the instances `Deleted` (the rows stay) and removes their tags; returns how many changed. */
  markDeleted(instanceIds: readonly string[], at: Timestamp): Promise<number>;
  /** How many live instances run each image, for scans; by region then image id. */
  imageUsage(filter: { readonly accountId: string; readonly regionId?: string }): Promise<ImageUsage[]>;
  /**
   * The account's live instances in a region, counted by instance type (the vCPU quota); types
   * without any are left out. Kept as instances change: as cheap with many instances as with few.
   */
  countByType(filter: {
    readonly accountId: string;
    readonly regionId: string;
  }): Promise<ReadonlyMap<string, number>>;
  /**
   * How many of one vSwitch's private addresses from `first` to `last` the account's live instances
   * hold, and the highest (undefined when none); addresses as unsigned 32-bit numbers, only those
   * written `a.b.c.d` without leading zeros. Answered without reading the addresses. Live instances
   * hold distinct addresses (the allocator hands out only free ones), so `held` equal to
   * `highest - first + 1` means every address up to the highest is held.
   */
  privateAddressSpan(
    filter: PrivateAddressRange,
  ): Promise<{ readonly held: number; readonly highest: number | undefined }>;
  /** Those addresses from `from` to `last`, ascending, at most `limit` of them: to look for holes. */
  heldPrivateAddresses(filter: HeldAddressesQuery): Promise<number[]>;
  /** The public addresses the account's live instances hold in a region. */
  publicAddressesInUse(filter: {
    readonly accountId: string;
    readonly regionId: string;
  }): Promise<ReadonlySet<string>>;
}

// ---------------------------------------------------------------------------------------------
// VPC

export interface NetworkRepositories {
  readonly vpcs: VpcRepository;
  readonly vSwitches: VSwitchRepository;
  readonly securityGroups: SecurityGroupRepository;
}

export interface VpcFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcIds?: readonly string[];
  readonly isDefault?: boolean;
  readonly tags?: readonly TagFilter[];
}

export interface VpcRepository {
  get(vpcId: string): Promise<Vpc | undefined>;
  getDefault(accountId: string, regionId: string): Promise<Vpc | undefined>;
  /** Oldest first. */
  list<P extends Paging>(filter: VpcFilter, paging: P): Promise<PageOf<P, Vpc>>;
  /** A second default VPC in the same account and region is refused. */
  insert(vpc: Vpc): Promise<void>;
  update(vpcId: string, patch: Patch<Vpc, "vpcName" | "description" | "status">): Promise<boolean>;
  /** Deletes the VPC and its tags; one with vSwitches or security groups is refused. */
  delete(vpcId: string): Promise<boolean>;
}

export interface VSwitchFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId?: string;
  readonly zoneId?: string;
  readonly vSwitchIds?: readonly string[];
  readonly isDefault?: boolean;
  readonly tags?: readonly TagFilter[];
}

export interface VSwitchRepository {
  get(vSwitchId: string): Promise<VSwitch | undefined>;
  getDefault(accountId: string, regionId: string, zoneId: string): Promise<VSwitch | undefined>;
  /** Oldest first. */
  list<P extends Paging>(filter: VSwitchFilter, paging: P): Promise<PageOf<P, VSwitch>>;
  /** A second default vSwitch in the same account, region and zone is refused. */
  insert(vSwitch: VSwitch): Promise<void>;
  update(
    vSwitchId: string,
    patch: Patch<VSwitch, "vSwitchName" | "description" | "status">,
  ): Promise<boolean>;
  /** Deletes the vSwitch and its tags. */
  delete(vSwitchId: string): Promise<boolean>;
}

export interface SecurityGroupFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId?: string;
  readonly securityGroupIds?: readonly string[];
  readonly tags?: readonly TagFilter[];
}

export interface SecurityGroupRepository {
  get(securityGroupId: string): Promise<SecurityGroup | undefined>;
  /** Oldest first. */
  list<P extends Paging>(filter: SecurityGroupFilter, paging: P): Promise<PageOf<P, SecurityGroup>>;
  insert(group: SecurityGroup): Promise<void>;
  update(
    securityGroupId: string,
    patch: Patch<SecurityGroup, "securityGroupName" | "description">,
  ): Promise<boolean>;
  /** Deletes the group and its tags. */
  delete(securityGroupId: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Tags

export interface TagListFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly resourceType?: ResourceType;
  readonly resourceIds?: readonly string[];
  /** Only resources carrying every one of these tags (all of their tags are listed). */
  readonly tags?: readonly TagFilter[];
}

export interface TaggedResourceFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly resourceType: ResourceType;
  readonly tags: readonly TagFilter[];
}

/** The values one tag key takes in an account and region, of one resource type or all. */
export interface TagValuesFilter {
  readonly accountId: string;
  readonly regionId: string;
  readonly resourceType?: ResourceType;
  readonly key: string;
}

export interface TagRepository {
  /** One resource's tags, by key (whoever owns it: authorization reads a shared image's tags too). */
  list(ref: ResourceRef): Promise<Tag[]>;
  /** The tags of several resources of one type, for rendering a page; resources without tags are absent. */
  listForResources(
    regionId: string,
    resourceType: ResourceType,
    resourceIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly Tag[]>>;
  count(ref: ResourceRef): Promise<number>;
  /** Adds or overwrites these keys on the resource owned by `accountId`. */
  set(ref: ResourceRef, accountId: string, tags: readonly TagPair[]): Promise<void>;
  /** Returns how many keys were removed. */
  remove(ref: ResourceRef, keys: readonly string[]): Promise<number>;
  removeAll(ref: ResourceRef): Promise<number>;
  /**
   * Ids of the account's resources of one type in one region carrying every one of `tags`
   * (non-empty; a filter without a value asks for the key only), in id order.
   */
  findResources<P extends Paging>(filter: TaggedResourceFilter, paging: P): Promise<PageOf<P, string>>;
  /** Tag rows (ListTagResources), by resource type, resource id and key. */
  listTags<P extends Paging>(filter: TagListFilter, paging: P): Promise<PageOf<P, Tag>>;
  /** The account's distinct tag keys, in order. */
  listKeys<P extends Paging>(
    filter: { readonly accountId: string; readonly regionId: string; readonly resourceType?: ResourceType },
    paging: P,
  ): Promise<PageOf<P, string>>;
  /** The distinct values of one key, in order. */
  listValues<P extends Paging>(filter: TagValuesFilter, paging: P): Promise<PageOf<P, string>>;
}

// ---------------------------------------------------------------------------------------------
// Idempotency and audit

export interface IdempotencyRepository {
  /** The record, unless it expired before `now`. */
  get(
    accountId: string,
    action: string,
    clientToken: string,
    now: Timestamp,
  ): Promise<IdempotencyRecord | undefined>;
  /** Inserts, or replaces the record with the same key (an expired one). */
  put(record: IdempotencyRecord): Promise<void>;
  deleteExpired(now: Timestamp): Promise<number>;
}

export interface AuditFilter {
  /** Event time range: `from` inclusive, `to` exclusive. */
  readonly from?: Timestamp;
  readonly to?: Timestamp;
  readonly accountId?: string;
  readonly eventName?: string;
  readonly principalArn?: string;
  readonly decision?: DecisionResult;
  readonly requestId?: string;
  /** ActionTrail's lookup attributes (LookupEvents): exact matches on the event's columns. */
  readonly eventId?: string;
  readonly serviceName?: string;
  readonly accessKeyId?: string;
  readonly errorCode?: string;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  /** Stores the event in place of the one with the same id (or as a new one). */
  replace(event: AuditEvent): Promise<void>;
  get(eventId: string): Promise<AuditEvent | undefined>;
  /** Newest first. */
  list<P extends Paging>(filter: AuditFilter, paging: P): Promise<PageOf<P, AuditEvent>>;
  /** Retention: removes events older than `time`; returns how many. */
  deleteBefore(time: Timestamp): Promise<number>;
}
