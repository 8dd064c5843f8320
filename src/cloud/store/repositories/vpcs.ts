import { sql } from "kysely";
import type { NetworkStatus, Vpc } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { Bool01, VpcsTable } from "../schema.js";
import type { Patch, VpcFilter, VpcRepository } from "../store.js";
import { chooseDriver, taggedCandidates } from "../tag-filter.js";
import { DEFAULT_FLAG, NO_ROWS, affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { deleteNetworkResource } from "./delete-network-resource.js";

function toVpc(row: VpcsTable): Vpc {
  return {
    vpcId: row.vpc_id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcName: optional(row.vpc_name),
    description: optional(row.description),
    cidrBlock: row.cidr_block,
    isDefault: row.is_default === 1,
    status: row.status as NetworkStatus,
    vRouterId: row.vrouter_id,
    createdAt: row.created_at,
  };
}

/** Creation order, the id breaking ties. */
export const OLDEST_FIRST = <Id extends string>(id: Id) =>
  [
    { column: "created_at", direction: "asc" },
    { column: id, direction: "asc" },
  ] as const;

type VpcPatch = Patch<Vpc, "vpcName" | "description" | "status">;

// Every launch without a vSwitch reads the account's default network.
const BY_ID = prepared("vpcs.get", (db, p: { vpcId: string }) =>
  db.selectFrom("vpcs").selectAll().where("vpc_id", "=", p.vpcId),
);
const DEFAULT = prepared("vpcs.getDefault", (db, p: { accountId: string; regionId: string }) =>
  db
    .selectFrom("vpcs")
    .selectAll()
    .where("account_id", "=", p.accountId)
    .where("region_id", "=", p.regionId)
    .where("is_default", "=", DEFAULT_FLAG),
);

export class KyselyVpcRepository implements VpcRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(vpcId: string): Promise<Vpc | undefined> {
    const row = await this.ctx.first(BY_ID, { vpcId });
    return row && toVpc(row);
  }

  async getDefault(accountId: string, regionId: string): Promise<Vpc | undefined> {
    const row = await this.ctx.first(DEFAULT, { accountId, regionId });
    return row && toVpc(row);
  }

  async list<P extends Paging>(filter: VpcFilter, paging: P): Promise<PageOf<P, Vpc>> {
    const db = this.ctx.db;
    const owner = { accountId: filter.accountId, regionId: filter.regionId };
    const { driver, rest } = await chooseDriver(db, owner, "vpc", filter.tags ?? []);
    // A tag filter drives from the tag index (see tag-filter.ts).
    const source = driver
      ? db
          .selectFrom("tags as d")
          .crossJoin("vpcs as v")
          .selectAll("v")
          .where(taggedCandidates(owner, "vpc", driver, rest))
          .whereRef("v.region_id", "=", "d.region_id")
          .whereRef("v.vpc_id", "=", "d.resource_id")
          .as("v")
      : db.selectFrom("vpcs as v").selectAll("v").as("v");
    let q = db
      .selectFrom(source)
      .selectAll("v")
      .where("v.account_id", "=", filter.accountId)
      .where("v.region_id", "=", filter.regionId);
    if (filter.vpcIds) q = filter.vpcIds.length ? q.where("v.vpc_id", "in", filter.vpcIds) : q.where(NO_ROWS);
    if (filter.isDefault !== undefined) {
      q = q.where("v.is_default", "=", filter.isDefault ? DEFAULT_FLAG : sql.lit<Bool01>(0));
    }
    return paginate(this.ctx.db, [q], "v", OLDEST_FIRST("vpc_id"), paging, (rows) => rows.map(toVpc));
  }

  async insert(vpc: Vpc): Promise<void> {
    await this.ctx.db
      .insertInto("vpcs")
      .values({
        vpc_id: vpc.vpcId,
        account_id: vpc.accountId,
        region_id: vpc.regionId,
        vpc_name: nullable(vpc.vpcName),
        description: nullable(vpc.description),
        cidr_block: vpc.cidrBlock,
        is_default: vpc.isDefault ? 1 : 0,
        status: vpc.status,
        vrouter_id: vpc.vRouterId,
        created_at: vpc.createdAt,
      })
      .execute();
    this.ctx.changed("network");
  }

  async update(vpcId: string, patch: VpcPatch): Promise<boolean> {
    const set = patchColumns<VpcPatch, VpcsTable>(patch, {
      vpcName: "vpc_name",
      description: "description",
      status: "status",
    });
    if (Object.keys(set).length === 0) return (await this.get(vpcId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("vpcs")
      .set(set)
      .where("vpc_id", "=", vpcId)
      .executeTakeFirst();
    this.ctx.changed("network");
    return affected(result) > 0;
  }

  delete(vpcId: string): Promise<boolean> {
    return deleteNetworkResource(this.ctx, "vpc", vpcId);
  }
}
