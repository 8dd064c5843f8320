import type { GroupMembership, RamGroup, RamUser } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { RamGroupsTable } from "../schema.js";
import type { Patch, RamGroupRepository } from "../store.js";
import { affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";
import { USER_ORDER, toRamUser } from "./ram-users.js";

function toRamGroup(row: RamGroupsTable): RamGroup {
  return {
    accountId: row.account_id,
    groupId: row.group_id,
    groupName: row.group_name,
    comments: optional(row.comments),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type GroupPatch = Patch<RamGroup, "groupName" | "comments" | "updatedAt">;

export class KyselyRamGroupRepository implements RamGroupRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(accountId: string, groupName: string): Promise<RamGroup | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_groups")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("group_name", "=", groupName)
      .executeTakeFirst();
    return row && toRamGroup(row);
  }

  async getById(groupId: string): Promise<RamGroup | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_groups")
      .selectAll()
      .where("group_id", "=", groupId)
      .executeTakeFirst();
    return row && toRamGroup(row);
  }

  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamGroup>> {
    const q = this.ctx.db
      .selectFrom("ram_groups as g")
      .selectAll("g")
      .where("g.account_id", "=", filter.accountId);
    const order = [
      { column: "group_name", direction: "asc" },
      { column: "group_id", direction: "asc" },
    ] as const;
    return paginate(this.ctx.db, [q], "g", order, paging, (rows) => rows.map(toRamGroup));
  }

  async insert(group: RamGroup): Promise<void> {
    await this.ctx.db
      .insertInto("ram_groups")
      .values({
        group_id: group.groupId,
        account_id: group.accountId,
        group_name: group.groupName,
        comments: nullable(group.comments),
        created_at: group.createdAt,
        updated_at: group.updatedAt,
      })
      .execute();
  }

  async update(groupId: string, patch: GroupPatch): Promise<boolean> {
    const set = patchColumns<GroupPatch, RamGroupsTable>(patch, {
      groupName: "group_name",
      comments: "comments",
      updatedAt: "updated_at",
    });
    if (Object.keys(set).length === 0) return (await this.getById(groupId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("ram_groups")
      .set(set)
      .where("group_id", "=", groupId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  delete(groupId: string): Promise<boolean> {
    return this.ctx.atomic(async () => {
      await this.ctx.db
        .deleteFrom("ram_policy_attachments")
        .where("principal_type", "=", "Group")
        .where("principal_id", "=", groupId)
        .execute();
      const result = await this.ctx.db
        .deleteFrom("ram_groups")
        .where("group_id", "=", groupId)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

  async addMember(membership: GroupMembership): Promise<void> {
    await this.ctx.db
      .insertInto("ram_group_members")
      .values({ group_id: membership.groupId, user_id: membership.userId, joined_at: membership.joinedAt })
      .execute();
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom("ram_group_members")
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async getMembership(groupId: string, userId: string): Promise<GroupMembership | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_group_members")
      .selectAll()
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row && { groupId: row.group_id, userId: row.user_id, joinedAt: row.joined_at };
  }

  listMembers<P extends Paging>(groupId: string, paging: P): Promise<PageOf<P, RamUser>> {
    const q = this.ctx.db
      .selectFrom("ram_users as u")
      .selectAll("u")
      .where("u.user_id", "in", (eb) =>
        eb.selectFrom("ram_group_members as m").select("m.user_id").where("m.group_id", "=", groupId),
      );
    return paginate(this.ctx.db, [q], "u", USER_ORDER, paging, (rows) => rows.map(toRamUser));
  }

  async listForUser(userId: string): Promise<RamGroup[]> {
    const rows = await this.ctx.db
      .selectFrom("ram_groups as g")
      .innerJoin("ram_group_members as m", "m.group_id", "g.group_id")
      .selectAll("g")
      .where("m.user_id", "=", userId)
      .orderBy("g.group_name")
      .execute();
    return rows.map(toRamGroup);
  }
}
