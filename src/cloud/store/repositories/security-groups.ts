import type { SecurityGroup, SecurityGroupType } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { SecurityGroupsTable } from "../schema.js";
import type { Patch, SecurityGroupFilter, SecurityGroupRepository } from "../store.js";
import { chooseDriver, taggedCandidates } from "../tag-filter.js";
import { NO_ROWS, affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { deleteNetworkResource } from "./delete-network-resource.js";
import { OLDEST_FIRST } from "./vpcs.js";

function toSecurityGroup(row: SecurityGroupsTable): SecurityGroup {
  return {
    securityGroupId: row.security_group_id,
    accountId: row.account_id,
    regionId: row.region_id,
    vpcId: row.vpc_id,
    securityGroupName: optional(row.security_group_name),
    description: optional(row.description),
    securityGroupType: row.security_group_type as SecurityGroupType,
    createdAt: row.created_at,
  };
}

type SecurityGroupPatch = Patch<SecurityGroup, "securityGroupName" | "description">;

const BY_ID = prepared("securityGroups.get", (db, p: { securityGroupId: string }) =>
  db.selectFrom("security_groups").selectAll().where("security_group_id", "=", p.securityGroupId),
);

export class KyselySecurityGroupRepository implements SecurityGroupRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(securityGroupId: string): Promise<SecurityGroup | undefined> {
    const memo = this.ctx.memo;
    const key = `securitygroup\u0000${securityGroupId}`;
    if (memo?.has(key)) return memo.get(key) as SecurityGroup | undefined;
    const row = await this.ctx.first(BY_ID, { securityGroupId });
    const group = row && toSecurityGroup(row);
    memo?.set(key, group);
    return group;
  }

  async list<P extends Paging>(filter: SecurityGroupFilter, paging: P): Promise<PageOf<P, SecurityGroup>> {
    const db = this.ctx.db;
    const owner = { accountId: filter.accountId, regionId: filter.regionId };
    const { driver, rest } = await chooseDriver(db, owner, "securitygroup", filter.tags ?? []);
    // A tag filter drives from the tag index (see tag-filter.ts).
    const source = driver
      ? db
          .selectFrom("tags as d")
          .crossJoin("security_groups as g")
          .selectAll("g")
          .where(taggedCandidates(owner, "securitygroup", driver, rest))
          .whereRef("g.region_id", "=", "d.region_id")
          .whereRef("g.security_group_id", "=", "d.resource_id")
          .as("g")
      : db.selectFrom("security_groups as g").selectAll("g").as("g");
    let q = db
      .selectFrom(source)
      .selectAll("g")
      .where("g.account_id", "=", filter.accountId)
      .where("g.region_id", "=", filter.regionId);
    if (filter.vpcId !== undefined) q = q.where("g.vpc_id", "=", filter.vpcId);
    if (filter.securityGroupIds) {
      q = filter.securityGroupIds.length
        ? q.where("g.security_group_id", "in", filter.securityGroupIds)
        : q.where(NO_ROWS);
    }
    return paginate(this.ctx.db, [q], "g", OLDEST_FIRST("security_group_id"), paging, (rows) =>
      rows.map(toSecurityGroup),
    );
  }

  async insert(group: SecurityGroup): Promise<void> {
    this.ctx.memo?.clear();
    await this.ctx.db
      .insertInto("security_groups")
      .values({
        security_group_id: group.securityGroupId,
        account_id: group.accountId,
        region_id: group.regionId,
        vpc_id: group.vpcId,
        security_group_name: nullable(group.securityGroupName),
        description: nullable(group.description),
        security_group_type: group.securityGroupType,
        created_at: group.createdAt,
      })
      .execute();
    this.ctx.changed("network");
  }

  async update(securityGroupId: string, patch: SecurityGroupPatch): Promise<boolean> {
    this.ctx.memo?.clear();
    const set = patchColumns<SecurityGroupPatch, SecurityGroupsTable>(patch, {
      securityGroupName: "security_group_name",
      description: "description",
    });
    if (Object.keys(set).length === 0) return (await this.get(securityGroupId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("security_groups")
      .set(set)
      .where("security_group_id", "=", securityGroupId)
      .executeTakeFirst();
    this.ctx.changed("network");
    return affected(result) > 0;
  }

  delete(securityGroupId: string): Promise<boolean> {
    this.ctx.memo?.clear();
    return deleteNetworkResource(this.ctx, "securitygroup", securityGroupId);
  }
}
