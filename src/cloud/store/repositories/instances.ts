import { sql } from "kysely";
import type { SqlBool } from "kysely";
import type {
  DiskCategory,
  Instance,
  InstanceChargeType,
  InstanceStatus,
  SystemDisk,
  Timestamp,
} from "../../model/index.js";
import { ipv4Number } from "../ipv4-number.js";
import { countRows, paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { InstanceSecurityGroupsTable, InstancesTable } from "../schema.js";
import type {
  HeldAddressesQuery,
  ImageUsage,
  InstanceFilter,
  InstancePatch,
  InstanceRepository,
  PrivateAddressRange,
} from "../store.js";
import { chooseDriver, tagProbes, taggedCandidates } from "../tag-filter.js";
import { NO_ROWS, affected, likeContains, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { ADDRESS_SPAN, CountChanges, HELD_FROM, LIVE_BY_TYPE, isLive } from "./instance-counts.js";
import type { CountedRow } from "./instance-counts.js";
import { columnsOf, powerOfTwoChunks, rowsOf } from "./multi-row.js";
import type { ColumnsOf } from "./multi-row.js";

function toInstance(row: InstancesTable, securityGroupIds: readonly string[]): Instance {
  return {
    instanceId: row.instance_id,
    accountId: row.account_id,
    regionId: row.region_id,
    zoneId: row.zone_id,
    instanceName: row.instance_name,
    hostName: optional(row.host_name),
    description: optional(row.description),
    status: row.status as InstanceStatus,
    instanceType: row.instance_type,
    imageId: row.image_id,
    vpcId: row.vpc_id,
    vSwitchId: row.vswitch_id,
    securityGroupIds,
    keyPairName: optional(row.key_pair_name),
    privateIpAddress: optional(row.private_ip_address),
    publicIpAddress: optional(row.public_ip_address),
    instanceChargeType: row.instance_charge_type as InstanceChargeType,
    internetMaxBandwidthOut: row.internet_max_bandwidth_out,
    systemDisk: {
      diskId: row.system_disk_id,
      category: row.system_disk_category as DiskCategory,
      sizeGiB: row.system_disk_size_gib,
      imageId: row.system_disk_image_id,
    },
    deletionProtection: row.deletion_protection === 1,
    createdAt: row.created_at,
    startedAt: optional(row.started_at),
    deletedAt: optional(row.deleted_at),
  };
}

function systemDiskColumns(disk: SystemDisk) {
  return {
    system_disk_id: disk.diskId,
    system_disk_category: disk.category,
    system_disk_size_gib: disk.sizeGiB,
    system_disk_image_id: disk.imageId,
  };
}

/** What the allocator reads of a private address: its number while the instance is live. */
function heldPrivateIp(status: string, privateIpAddress: string | null): number | null {
  if (privateIpAddress === null || !isLive(status)) return null;
  return ipv4Number(privateIpAddress) ?? null;
}

function toRow(instance: Instance): InstancesTable {
  return {
    instance_id: instance.instanceId,
    account_id: instance.accountId,
    region_id: instance.regionId,
    zone_id: instance.zoneId,
    instance_name: instance.instanceName,
    host_name: nullable(instance.hostName),
    description: nullable(instance.description),
    status: instance.status,
    instance_type: instance.instanceType,
    image_id: instance.imageId,
    vpc_id: instance.vpcId,
    vswitch_id: instance.vSwitchId,
    key_pair_name: nullable(instance.keyPairName),
    private_ip_address: nullable(instance.privateIpAddress),
    public_ip_address: nullable(instance.publicIpAddress),
    instance_charge_type: instance.instanceChargeType,
    internet_max_bandwidth_out: instance.internetMaxBandwidthOut,
    ...systemDiskColumns(instance.systemDisk),
    deletion_protection: instance.deletionProtection ? 1 : 0,
    created_at: instance.createdAt,
    started_at: nullable(instance.startedAt),
    deleted_at: nullable(instance.deletedAt),
    held_private_ip: heldPrivateIp(instance.status, nullable(instance.privateIpAddress)),
  };
}

const INSTANCE_TAGS = {
  resourceType: "instance",
  regionColumn: "n.region_id",
  idColumn: "n.instance_id",
} as const;

const INSTANCE_ORDER = [
  { column: "created_at", direction: "desc" },
  { column: "instance_id", direction: "desc" },
] as const;

// A batch is written by multi-row INSERTs of a power of two rows each, up to these: any batch takes
// few statements (RunInstances' 100 instances, 3; a launch of one, 1 per table), and each table has
// only a few compiled shapes (one per row count) to keep among the connection's statements.
// 128 rows of 25 columns stay far below SQLite's 32,766 bound parameters.
const MAX_INSTANCE_ROWS = 128;
const MAX_MEMBERSHIP_ROWS = 512;

// What every launch runs: the quota's count, the vSwitch's addresses held (from the counts kept in
// instance-counts.ts), the account's public addresses, and the inserts.
const BY_ID = prepared("instances.get", (db, p: { instanceId: string }) =>
  db.selectFrom("instances").selectAll().where("instance_id", "=", p.instanceId),
);
const GROUPS_OF = prepared("instances.securityGroupsOf", (db, p: { instanceIds: string[] }) =>
  db
    .selectFrom("instance_security_groups")
    .select(["instance_id", "security_group_id"])
    .where("instance_id", "in", p.instanceIds)
    .orderBy("instance_id")
    .orderBy("position"),
);
const INSERT = prepared("instances.insert", (db, rows: ColumnsOf<InstancesTable>) =>
  db.insertInto("instances").values(rowsOf(rows)),
);
const INSERT_GROUPS = prepared("instances.insertGroups", (db, rows: ColumnsOf<InstanceSecurityGroupsTable>) =>
  db.insertInto("instance_security_groups").values(rowsOf(rows)),
);
const PUBLIC_ADDRESSES = prepared(
  "instances.publicAddressesInUse",
  (db, p: { accountId: string; regionId: string }) =>
    db
      .selectFrom("instances")
      .select("public_ip_address")
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("status", "!=", "Deleted")
      .where("public_ip_address", "is not", null),
);

const COUNTED_COLUMNS = [
  "account_id",
  "region_id",
  "status",
  "instance_type",
  "vswitch_id",
  "held_private_ip",
] as const satisfies readonly (keyof CountedRow)[];

// Ids per `in` list of a prepared query (each length is a compiled shape of its own).
const IN_LIST_CHUNK = 100;

export class KyselyInstanceRepository implements InstanceRepository {
  constructor(private readonly ctx: StoreContext) {}

  /** The security groups of these instances, in the order they were given. */
  private async securityGroupsOf(instanceIds: readonly string[]): Promise<Map<string, string[]>> {
    const groups = new Map<string, string[]>();
    for (let i = 0; i < instanceIds.length; i += IN_LIST_CHUNK) {
      const chunk = instanceIds.slice(i, i + IN_LIST_CHUNK);
      for (const row of await this.ctx.all(GROUPS_OF, { instanceIds: chunk })) {
        const list = groups.get(row.instance_id) ?? [];
        list.push(row.security_group_id);
        groups.set(row.instance_id, list);
      }
    }
    return groups;
  }

  private async withGroups(rows: InstancesTable[]): Promise<Instance[]> {
    const groups = await this.securityGroupsOf(rows.map((r) => r.instance_id));
    return rows.map((row) => toInstance(row, groups.get(row.instance_id) ?? []));
  }

  async get(instanceId: string): Promise<Instance | undefined> {
    const row = await this.ctx.first(BY_ID, { instanceId });
    return row && (await this.withGroups([row]))[0];
  }

  private async query(filter: InstanceFilter) {
    const db = this.ctx.db;
    const owner =
      filter.accountId !== undefined && filter.regionId !== undefined
        ? { accountId: filter.accountId, regionId: filter.regionId }
        : undefined;
    const tags = filter.tags ?? [];
    // With the owner known, a tag filter drives from the tag index (see tag-filter.ts).
    const { driver, rest } = owner
      ? await chooseDriver(db, owner, "instance", tags)
      : { driver: undefined, rest: tags };
    const source =
      owner && driver
        ? db
            .selectFrom("tags as d")
            .crossJoin("instances as n")
            .selectAll("n")
            .where(taggedCandidates(owner, "instance", driver, rest))
            .whereRef("n.region_id", "=", "d.region_id")
            .whereRef("n.instance_id", "=", "d.resource_id")
            .as("n")
        : db.selectFrom("instances as n").selectAll("n").as("n");
    let q = db.selectFrom(source).selectAll("n");
    // Without the owner, nothing drives: every tag filter is a probe.
    if (!owner) for (const probe of tagProbes(INSTANCE_TAGS, rest)) q = q.where(probe);
    if (filter.accountId !== undefined) q = q.where("n.account_id", "=", filter.accountId);
    if (filter.regionId !== undefined) q = q.where("n.region_id", "=", filter.regionId);
    if (filter.zoneId !== undefined) q = q.where("n.zone_id", "=", filter.zoneId);
    if (filter.instanceIds) {
      q = filter.instanceIds.length ? q.where("n.instance_id", "in", filter.instanceIds) : q.where(NO_ROWS);
    }
    if (filter.imageId !== undefined) q = q.where("n.image_id", "=", filter.imageId);
    q = filter.statuses?.length
      ? q.where("n.status", "in", filter.statuses)
      : q.where("n.status", "!=", "Deleted");
    if (filter.instanceType !== undefined) q = q.where("n.instance_type", "=", filter.instanceType);
    if (filter.vpcId !== undefined) q = q.where("n.vpc_id", "=", filter.vpcId);
    if (filter.vSwitchId !== undefined) q = q.where("n.vswitch_id", "=", filter.vSwitchId);
    if (filter.instanceNameContains) {
      const pattern = likeContains(filter.instanceNameContains);
      q = q.where(sql<SqlBool>`lower(${sql.ref("n.instance_name")}) like ${pattern} escape '\\'`);
    }
    const securityGroupId = filter.securityGroupId;
    if (securityGroupId !== undefined) {
      q = q.where("n.instance_id", "in", (eb) =>
        eb
          .selectFrom("instance_security_groups as g")
          .select("g.instance_id")
          .where("g.security_group_id", "=", securityGroupId),
      );
    }
    return q;
  }

  async list<P extends Paging>(filter: InstanceFilter, paging: P): Promise<PageOf<P, Instance>> {
    return paginate(this.ctx.db, [await this.query(filter)], "n", INSTANCE_ORDER, paging, (rows) =>
      this.withGroups(rows),
    );
  }

  async count(filter: InstanceFilter): Promise<number> {
    return countRows(this.ctx.db, [await this.query(filter)]);
  }

  insertMany(instances: readonly Instance[]): Promise<void> {
    if (instances.length === 0) return Promise.resolve();
    const memberships = instances.flatMap((instance) =>
      instance.securityGroupIds.map((securityGroupId, position): InstanceSecurityGroupsTable => ({
        instance_id: instance.instanceId,
        security_group_id: securityGroupId,
        position,
      })),
    );
    return this.ctx.atomic(async () => {
      const counts = new CountChanges();
      for (const chunk of powerOfTwoChunks(instances, MAX_INSTANCE_ROWS)) {
        const rows = chunk.map(toRow);
        await this.ctx.run(INSERT, columnsOf(rows));
        for (const row of rows) counts.add(row, 1);
      }
      await counts.write(this.ctx);
      for (const chunk of powerOfTwoChunks(memberships, MAX_MEMBERSHIP_ROWS)) {
        await this.ctx.run(INSERT_GROUPS, columnsOf(chunk));
      }
    });
  }

  async countByType(filter: {
    readonly accountId: string;
    readonly regionId: string;
  }): Promise<ReadonlyMap<string, number>> {
    const rows = await this.ctx.all(LIVE_BY_TYPE, filter);
    return new Map(rows.map((row) => [row.subject, Number(row.live)]));
  }

  async privateAddressSpan(
    filter: PrivateAddressRange,
  ): Promise<{ readonly held: number; readonly highest: number | undefined }> {
    const span = await this.ctx.first(ADDRESS_SPAN, filter);
    // The vSwitch's count holds every live address of it; those outside the range are taken off.
    const held = Number(span?.counted ?? 0) - Number(span?.below ?? 0) - Number(span?.above ?? 0);
    const highest = span?.highest;
    return { held, highest: highest === null || highest === undefined ? undefined : Number(highest) };
  }

  async heldPrivateAddresses(filter: HeldAddressesQuery): Promise<number[]> {
    const { from, ...rest } = filter;
    const held = await this.ctx.values(HELD_FROM, { ...rest, first: from });
    return held.map(Number);
  }

  async publicAddressesInUse(filter: {
    readonly accountId: string;
    readonly regionId: string;
  }): Promise<ReadonlySet<string>> {
    const addresses = await this.ctx.values(PUBLIC_ADDRESSES, filter);
    return new Set(addresses.filter((address) => address !== null));
  }

  async update(instanceId: string, patch: InstancePatch): Promise<boolean> {
    const set = patchColumns<InstancePatch, InstancesTable>(patch, {
      instanceName: "instance_name",
      hostName: "host_name",
      description: "description",
      status: "status",
      instanceType: "instance_type",
      imageId: "image_id",
      systemDisk: systemDiskColumns,
      keyPairName: "key_pair_name",
      privateIpAddress: "private_ip_address",
      publicIpAddress: "public_ip_address",
      internetMaxBandwidthOut: "internet_max_bandwidth_out",
      deletionProtection: (on) => ({ deletion_protection: on ? 1 : 0 }),
      startedAt: "started_at",
    });
    if (Object.keys(set).length === 0) return (await this.get(instanceId)) !== undefined;
    if (set.status === undefined && set.instance_type === undefined && !("private_ip_address" in set)) {
      return this.updateRow(instanceId, set);
    }
    // What the instance counts for may change: its row before and after the write says how.
    return this.ctx.atomic(async () => {
      const before = await this.ctx.first(BY_ID, { instanceId });
      if (!before) return false;
      const after = { ...before, ...set };
      set.held_private_ip = heldPrivateIp(after.status, after.private_ip_address);
      await this.updateRow(instanceId, set);
      await new CountChanges()
        .add(before, -1)
        .add({ ...after, held_private_ip: set.held_private_ip }, 1)
        .write(this.ctx);
      return true;
    });
  }

  private async updateRow(instanceId: string, set: Partial<InstancesTable>): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable("instances")
      .set(set)
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  setSecurityGroups(instanceId: string, securityGroupIds: readonly string[]): Promise<boolean> {
    return this.ctx.atomic(async () => {
      const exists = await this.ctx.db
        .selectFrom("instances")
        .select("instance_id")
        .where("instance_id", "=", instanceId)
        .executeTakeFirst();
      if (!exists) return false;
      await this.ctx.db
        .deleteFrom("instance_security_groups")
        .where("instance_id", "=", instanceId)
        .execute();
      if (securityGroupIds.length) {
        await this.ctx.db
          .insertInto("instance_security_groups")
          .values(
            securityGroupIds.map((securityGroupId, position) => ({
              instance_id: instanceId,
              security_group_id: securityGroupId,
              position,
            })),
          )
          .execute();
      }
      return true;
    });
  }

  markDeleted(instanceIds: readonly string[], at: Timestamp): Promise<number> {
    if (instanceIds.length === 0) return Promise.resolve(0);
    return this.ctx.atomic(async () => {
      const live = await this.ctx.db
        .selectFrom("instances")
        .select(["instance_id", ...COUNTED_COLUMNS])
        .where("instance_id", "in", instanceIds)
        .where("status", "!=", "Deleted")
        .execute();
      if (live.length === 0) return 0;
      const counts = new CountChanges();
      for (const row of live) counts.add(row, -1);
      await counts.write(this.ctx);
      await this.ctx.db
        .updateTable("instances")
        .set({ status: "Deleted", deleted_at: at, held_private_ip: null })
        .where(
          "instance_id",
          "in",
          live.map((r) => r.instance_id),
        )
        .execute();
      // A released resource loses its tags (as in Alibaba); grouped by region to use the tag key.
      for (const regionId of new Set(live.map((r) => r.region_id))) {
        await this.ctx.db
          .deleteFrom("tags")
          .where("region_id", "=", regionId)
          .where("resource_type", "=", "instance")
          .where(
            "resource_id",
            "in",
            live.filter((r) => r.region_id === regionId).map((r) => r.instance_id),
          )
          .execute();
      }
      return live.length;
    });
  }

  async imageUsage(filter: {
    readonly accountId: string;
    readonly regionId?: string;
  }): Promise<ImageUsage[]> {
    let q = this.ctx.db
      .selectFrom("instances")
      .select(["region_id", "image_id", (eb) => eb.fn.countAll().as("n")])
      .where("account_id", "=", filter.accountId)
      .where("status", "!=", "Deleted");
    if (filter.regionId !== undefined) q = q.where("region_id", "=", filter.regionId);
    const rows = await q
      .groupBy(["region_id", "image_id"])
      .orderBy("region_id")
      .orderBy("image_id")
      .execute();
    return rows.map((row) => ({
      regionId: row.region_id,
      imageId: row.image_id,
      instanceCount: Number(row.n),
    }));
  }
}
