import { sql } from "kysely";
import type { NetworkStatus, VSwitch } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { Bool01, VSwitchesTable } from "../schema.js";
import type { Patch, VSwitchFilter, VSwitchRepository } from "../store.js";
import { chooseDriver, taggedCandidates } from "../tag-filter.js";
import { DEFAULT_FLAG, NO_ROWS, affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { deleteNetworkResource } from "./delete-network-resource.js";
import { OLDEST_FIRST } from "./vpcs.js";

function toVSwitch(row: VSwitchesTable): VSwitch {
  return {
    vSwitchId: row.vswitch_id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcId: row.vpc_id,
    zoneId: row.zone_id,
    vSwitchName: optional(row.vswitch_name),
    description: optional(row.description),
    cidrBlock: row.cidr_block,
    isDefault: row.is_default === 1,
    status: row.status as NetworkStatus,
    createdAt: row.created_at,
  };
}

type VSwitchPatch = Patch<VSwitch, "vSwitchName" | "description" | "status">;

const BY_ID = prepared("vSwitches.get", (db, p: { vSwitchId: string }) =>
  db.selectFrom("vswitches").selectAll().where("vswitch_id", "=", p.vSwitchId),
);
const DEFAULT = prepared(
  "vSwitches.getDefault",
  (db, p: { accountId: string; regionId: string; zoneId: string }) =>
    db
      .selectFrom("vswitches")
      .selectAll()
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("zone_id", "=", p.zoneId)
      .where("is_default", "=", DEFAULT_FLAG),
);

export class KyselyVSwitchRepository implements VSwitchRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(vSwitchId: string): Promise<VSwitch | undefined> {
    const row = await this.ctx.first(BY_ID, { vSwitchId });
    return row && toVSwitch(row);
  }

  async getDefault(accountId: string, regionId: string, zoneId: string): Promise<VSwitch | undefined> {
    const row = await this.ctx.first(DEFAULT, { accountId, regionId, zoneId });
    return row && toVSwitch(row);
  }

  async list<P extends Paging>(filter: VSwitchFilter, paging: P): Promise<PageOf<P, VSwitch>> {
    const db = this.ctx.db;
    const owner = { accountId: filter.accountId, regionId: filter.regionId };
    const { driver, rest } = await chooseDriver(db, owner, "vswitch", filter.tags ?? []);
    // A tag filter drives from the tag index (see tag-filter.ts).
    const source = driver
      ? db
          .selectFrom("tags as d")
          .crossJoin("vswitches as w")
          .selectAll("w")
          .where(taggedCandidates(owner, "vswitch", driver, rest))
          .whereRef("w.region_id", "=", "d.region_id")
          .whereRef("w.vswitch_id", "=", "d.resource_id")
          .as("w")
      : db.selectFrom("vswitches as w").selectAll("w").as("w");
    let q = db
      .selectFrom(source)
      .selectAll("w")
      .where("w.account_id", "=", filter.accountId)
      .where("w.region_id", "=", filter.regionId);
    if (filter.vpcId !== undefined) q = q.where("w.vpc_id", "=", filter.vpcId);
    if (filter.zoneId !== undefined) q = q.where("w.zone_id", "=", filter.zoneId);
    if (filter.vSwitchIds) {
      q = filter.vSwitchIds.length ? q.where("w.vswitch_id", "in", filter.vSwitchIds) : q.where(NO_ROWS);
    }
    if (filter.isDefault !== undefined) {
      q = q.where("w.is_default", "=", filter.isDefault ? DEFAULT_FLAG : sql.lit<Bool01>(0));
    }
    return paginate(this.ctx.db, [q], "w", OLDEST_FIRST("vswitch_id"), paging, (rows) => rows.map(toVSwitch));
  }

  async insert(vSwitch: VSwitch): Promise<void> {
    await this.ctx.db
      .insertInto("vswitches")
      .values({
        vswitch_id: vSwitch.vSwitchId,
        account_id: vSwitch.accountId,
        region_id: vSwitch.regionId,
        vpc_id: vSwitch.vpcId,
        zone_id: vSwitch.zoneId,
        vswitch_name: nullable(vSwitch.vSwitchName),
        description: nullable(vSwitch.description),
        cidr_block: vSwitch.cidrBlock,
        is_default: vSwitch.isDefault ? 1 : 0,
        status: vSwitch.status,
        created_at: vSwitch.createdAt,
      })
      .execute();
    this.ctx.changed("network");
  }

  async update(vSwitchId: string, patch: VSwitchPatch): Promise<boolean> {
    const set = patchColumns<VSwitchPatch, VSwitchesTable>(patch, {
      vSwitchName: "vswitch_name",
      description: "description",
      status: "status",
    });
    if (Object.keys(set).length === 0) return (await this.get(vSwitchId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("vswitches")
      .set(set)
      .where("vswitch_id", "=", vSwitchId)
      .executeTakeFirst();
    this.ctx.changed("network");
    return affected(result) > 0;
  }

  delete(vSwitchId: string): Promise<boolean> {
    return deleteNetworkResource(this.ctx, "vswitch", vSwitchId);
  }
}
