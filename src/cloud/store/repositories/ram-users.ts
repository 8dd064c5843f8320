import type { RamUser } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { RamUsersTable } from "../schema.js";
import type { Patch, RamUserRepository } from "../store.js";
import { affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";

export function toRamUser(row: RamUsersTable): RamUser {
  return {
    accountId: row.account_id,
    userId: row.user_id,
    userName: row.user_name,
    displayName: row.display_name,
    email: optional(row.email),
    mobilePhone: optional(row.mobile_phone),
    comments: optional(row.comments),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: optional(row.last_login_at),
  };
}

export const USER_ORDER = [
  { column: "user_name", direction: "asc" },
  { column: "user_id", direction: "asc" },
] as const;

type UserPatch = Patch<
  RamUser,
  "userName" | "displayName" | "email" | "mobilePhone" | "comments" | "updatedAt" | "lastLoginAt"
>;

// Resolving a user's AccessKey reads its user.
const BY_ID = prepared("ramUsers.getById", (db, p: { userId: string }) =>
  db.selectFrom("ram_users").selectAll().where("user_id", "=", p.userId),
);

export class KyselyRamUserRepository implements RamUserRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(accountId: string, userName: string): Promise<RamUser | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_users")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("user_name", "=", userName)
      .executeTakeFirst();
    return row && toRamUser(row);
  }

  async getById(userId: string): Promise<RamUser | undefined> {
    const row = await this.ctx.first(BY_ID, { userId });
    return row && toRamUser(row);
  }

  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamUser>> {
    const q = this.ctx.db
      .selectFrom("ram_users as u")
      .selectAll("u")
      .where("u.account_id", "=", filter.accountId);
    return paginate(this.ctx.db, [q], "u", USER_ORDER, paging, (rows) => rows.map(toRamUser));
  }

  async insert(user: RamUser): Promise<void> {
    await this.ctx.db
      .insertInto("ram_users")
      .values({
        user_id: user.userId,
        account_id: user.accountId,
        user_name: user.userName,
        display_name: user.displayName,
        email: nullable(user.email),
        mobile_phone: nullable(user.mobilePhone),
        comments: nullable(user.comments),
        created_at: user.createdAt,
        updated_at: user.updatedAt,
        last_login_at: nullable(user.lastLoginAt),
      })
      .execute();
  }

  async update(userId: string, patch: UserPatch): Promise<boolean> {
    const set = patchColumns<UserPatch, RamUsersTable>(patch, {
      userName: "user_name",
      displayName: "display_name",
      email: "email",
      mobilePhone: "mobile_phone",
      comments: "comments",
      updatedAt: "updated_at",
      lastLoginAt: "last_login_at",
    });
    if (Object.keys(set).length === 0) return (await this.getById(userId)) !== undefined;
    // A renamed user signs as its new name (its ARN changes).
    this.ctx.credentialsChanged();
    const result = await this.ctx.db
      .updateTable("ram_users")
      .set(set)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  delete(userId: string): Promise<boolean> {
    this.ctx.credentialsChanged();
    return this.ctx.atomic(async () => {
      // Attachments name the principal without a foreign key; memberships cascade.
      await this.ctx.db
        .deleteFrom("ram_policy_attachments")
        .where("principal_type", "=", "User")
        .where("principal_id", "=", userId)
        .execute();
      const result = await this.ctx.db
        .deleteFrom("ram_users")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }
}
