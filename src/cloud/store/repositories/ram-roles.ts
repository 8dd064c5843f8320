import type { RamRole } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { RamRolesTable } from "../schema.js";
import type { Patch, RamRoleRepository } from "../store.js";
import { affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";

function toRamRole(row: RamRolesTable): RamRole {
  return {
    accountId: row.account_id,
    roleId: row.role_id,
    roleName: row.role_name,
    arn: row.arn,
    description: optional(row.description),
    assumeRolePolicyDocument: row.assume_role_policy_document,
    maxSessionDuration: row.max_session_duration,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type RolePatch = Patch<
  RamRole,
  "description" | "assumeRolePolicyDocument" | "maxSessionDuration" | "updatedAt"
>;

export class KyselyRamRoleRepository implements RamRoleRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(accountId: string, roleName: string): Promise<RamRole | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_roles")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("role_name", "=", roleName)
      .executeTakeFirst();
    return row && toRamRole(row);
  }

  async getById(roleId: string): Promise<RamRole | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_roles")
      .selectAll()
      .where("role_id", "=", roleId)
      .executeTakeFirst();
    return row && toRamRole(row);
  }

  async getByArn(arn: string): Promise<RamRole | undefined> {
    const row = await this.ctx.db
      .selectFrom("ram_roles")
      .selectAll()
      .where("arn", "=", arn)
      .executeTakeFirst();
    return row && toRamRole(row);
  }

  list<P extends Paging>(filter: { readonly accountId: string }, paging: P): Promise<PageOf<P, RamRole>> {
    const q = this.ctx.db
      .selectFrom("ram_roles as r")
      .selectAll("r")
      .where("r.account_id", "=", filter.accountId);
    const order = [
      { column: "role_name", direction: "asc" },
      { column: "role_id", direction: "asc" },
    ] as const;
    return paginate(this.ctx.db, [q], "r", order, paging, (rows) => rows.map(toRamRole));
  }

  async insert(role: RamRole): Promise<void> {
    await this.ctx.db
      .insertInto("ram_roles")
      .values({
        role_id: role.roleId,
        account_id: role.accountId,
        role_name: role.roleName,
        arn: role.arn,
        description: nullable(role.description),
        assume_role_policy_document: role.assumeRolePolicyDocument,
        max_session_duration: role.maxSessionDuration,
        created_at: role.createdAt,
        updated_at: role.updatedAt,
      })
      .execute();
  }

  async update(roleId: string, patch: RolePatch): Promise<boolean> {
    const set = patchColumns<RolePatch, RamRolesTable>(patch, {
      description: "description",
      assumeRolePolicyDocument: "assume_role_policy_document",
      maxSessionDuration: "max_session_duration",
      updatedAt: "updated_at",
    });
    if (Object.keys(set).length === 0) return (await this.getById(roleId)) !== undefined;
    this.ctx.credentialsChanged();
    const result = await this.ctx.db
      .updateTable("ram_roles")
      .set(set)
      .where("role_id", "=", roleId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  delete(roleId: string): Promise<boolean> {
    // A session of a deleted role keeps its name but loses its policies (runtime/caller.ts).
    this.ctx.credentialsChanged();
    return this.ctx.atomic(async () => {
      await this.ctx.db
        .deleteFrom("ram_policy_attachments")
        .where("principal_type", "=", "Role")
        .where("principal_id", "=", roleId)
        .execute();
      const result = await this.ctx.db
        .deleteFrom("ram_roles")
        .where("role_id", "=", roleId)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }
}
