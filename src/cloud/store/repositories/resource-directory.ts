import { sql } from "kysely";
import type { DeleteResult, Kysely } from "kysely";
import type {
  ControlPolicyStatus,
  RdAccountType,
  RdFolder,
  RdJoinMethod,
  RdMember,
  ResourceDirectory,
} from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { Database, RdFoldersTable, RdMembersTable } from "../schema.js";
import type { Patch, ResourceDirectoryRepository } from "../store.js";
import { affected, optional } from "./context.js";
import type { StoreContext } from "./context.js";

function toFolder(row: Omit<RdFoldersTable, "directory_id">): RdFolder {
  return {
    folderId: row.folder_id,
    folderName: row.folder_name,
    parentFolderId: optional(row.parent_folder_id),
    createdAt: row.created_at,
  };
}

function toMember(row: RdMembersTable): RdMember {
  return {
    accountId: row.account_id,
    folderId: row.folder_id,
    joinMethod: row.join_method as RdJoinMethod,
    accountType: row.account_type as RdAccountType,
    joinedAt: row.joined_at,
    accountName: optional(row.account_name),
  };
}

/** The folder and its ancestors, folder first: one recursive query (depth is at most 6). */
export async function folderPath(db: Kysely<Database>, folderId: string): Promise<RdFolder[]> {
  const rows = await db
    .withRecursive("path(folder_id, folder_name, parent_folder_id, created_at, depth)", (qc) =>
      qc
        .selectFrom("rd_folders")
        .select(["folder_id", "folder_name", "parent_folder_id", "created_at", sql<number>`0`.as("depth")])
        .where("folder_id", "=", folderId)
        .unionAll(
          qc
            .selectFrom("rd_folders as f")
            .innerJoin("path as p", "p.parent_folder_id", "f.folder_id")
            .select([
              "f.folder_id",
              "f.folder_name",
              "f.parent_folder_id",
              "f.created_at",
              sql<number>`p.depth + 1`.as("depth"),
            ]),
        ),
    )
    .selectFrom("path")
    .selectAll()
    .orderBy("depth")
    .execute();
  return rows.map(toFolder);
}

export class KyselyResourceDirectoryRepository implements ResourceDirectoryRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(): Promise<ResourceDirectory | undefined> {
    const row = await this.ctx.db.selectFrom("rd_directories").selectAll().executeTakeFirst();
    return (
      row && {
        directoryId: row.directory_id,
        managementAccountId: row.management_account_id,
        rootFolderId: row.root_folder_id,
        controlPolicyStatus: row.control_policy_status as ControlPolicyStatus,
        createdAt: row.created_at,
      }
    );
  }

  create(directory: ResourceDirectory): Promise<void> {
    return this.ctx.atomic(async () => {
      await this.ctx.db
        .insertInto("rd_directories")
        .values({
          directory_id: directory.directoryId,
          management_account_id: directory.managementAccountId,
          root_folder_id: directory.rootFolderId,
          control_policy_status: directory.controlPolicyStatus,
          created_at: directory.createdAt,
        })
        .execute();
      await this.ctx.db
        .insertInto("rd_folders")
        .values({
          folder_id: directory.rootFolderId,
          directory_id: directory.directoryId,
          folder_name: "Root",
          parent_folder_id: null,
          created_at: directory.createdAt,
        })
        .execute();
    });
  }

  async setControlPolicyStatus(status: ControlPolicyStatus): Promise<boolean> {
    return (
      affected(
        await this.ctx.db
          .updateTable("rd_directories")
          .set({ control_policy_status: status })
          .executeTakeFirst(),
      ) > 0
    );
  }

  delete(): Promise<boolean> {
    return this.ctx.atomic(async () => {
      // There is one directory, so everything directory-scoped goes with it; folders and
      // placements cascade from the directory row.
      await this.ctx.db.deleteFrom("rd_control_policy_attachments").execute();
      await this.ctx.db.deleteFrom("rd_control_policies").execute();
      return affected(await this.ctx.db.deleteFrom("rd_directories").executeTakeFirst()) > 0;
    });
  }

  async getFolder(folderId: string): Promise<RdFolder | undefined> {
    const row = await this.ctx.db
      .selectFrom("rd_folders")
      .selectAll()
      .where("folder_id", "=", folderId)
      .executeTakeFirst();
    return row && toFolder(row);
  }

  listFolders<P extends Paging>(
    filter: { readonly parentFolderId: string },
    paging: P,
  ): Promise<PageOf<P, RdFolder>> {
    const q = this.ctx.db
      .selectFrom("rd_folders as f")
      .selectAll("f")
      .where("f.parent_folder_id", "=", filter.parentFolderId);
    const order = [
      { column: "folder_name", direction: "asc" },
      { column: "folder_id", direction: "asc" },
    ] as const;
    return paginate(this.ctx.db, [q], "f", order, paging, (rows) => rows.map(toFolder));
  }

  insertFolder(folder: RdFolder): Promise<void> {
    return this.ctx.atomic(async () => {
      const directoryId = await this.directoryId();
      await this.ctx.db
        .insertInto("rd_folders")
        .values({
          folder_id: folder.folderId,
          directory_id: directoryId,
          folder_name: folder.folderName,
          parent_folder_id: folder.parentFolderId ?? null,
          created_at: folder.createdAt,
        })
        .execute();
    });
  }

  async updateFolder(folderId: string, patch: Patch<RdFolder, "folderName">): Promise<boolean> {
    if (patch.folderName === undefined) return (await this.getFolder(folderId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("rd_folders")
      .set({ folder_name: patch.folderName })
      .where("folder_id", "=", folderId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  deleteFolder(folderId: string): Promise<boolean> {
    return this.deleteTarget(folderId, () =>
      this.ctx.db.deleteFrom("rd_folders").where("folder_id", "=", folderId).executeTakeFirst(),
    );
  }

  folderPath(folderId: string): Promise<RdFolder[]> {
    return folderPath(this.ctx.db, folderId);
  }

  async getMember(accountId: string): Promise<RdMember | undefined> {
    const row = await this.ctx.db
      .selectFrom("rd_members")
      .selectAll()
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return row && toMember(row);
  }

  listMembers<P extends Paging>(
    filter: { readonly folderId?: string },
    paging: P,
  ): Promise<PageOf<P, RdMember>> {
    let q = this.ctx.db.selectFrom("rd_members as m").selectAll("m");
    if (filter.folderId !== undefined) q = q.where("m.folder_id", "=", filter.folderId);
    return paginate(this.ctx.db, [q], "m", [{ column: "account_id", direction: "asc" }], paging, (rows) =>
      rows.map(toMember),
    );
  }

  insertMember(member: RdMember): Promise<void> {
    return this.ctx.atomic(async () => {
      const directoryId = await this.directoryId();
      await this.ctx.db
        .insertInto("rd_members")
        .values({
          account_id: member.accountId,
          directory_id: directoryId,
          folder_id: member.folderId,
          join_method: member.joinMethod,
          account_type: member.accountType,
          joined_at: member.joinedAt,
          account_name: member.accountName ?? null,
        })
        .execute();
    });
  }

  async moveMember(accountId: string, folderId: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable("rd_members")
      .set({ folder_id: folderId })
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  deleteMember(accountId: string): Promise<boolean> {
    return this.deleteTarget(accountId, () =>
      this.ctx.db.deleteFrom("rd_members").where("account_id", "=", accountId).executeTakeFirst(),
    );
  }

  /** The one directory's id; the directory must exist. */
  private async directoryId(): Promise<string> {
    const directory = await this.ctx.db
      .selectFrom("rd_directories")
      .select("directory_id")
      .executeTakeFirstOrThrow();
    return directory.directory_id;
  }

  /**
   * Deletes a folder or a member with the control policies attached to it, which have no foreign
   * key to cascade from (a target may be either). `deleteRow` runs in the same transaction.
   */
  private deleteTarget(targetId: string, deleteRow: () => Promise<DeleteResult>): Promise<boolean> {
    return this.ctx.atomic(async () => {
      await this.ctx.db
        .deleteFrom("rd_control_policy_attachments")
        .where("target_id", "=", targetId)
        .execute();
      return affected(await deleteRow()) > 0;
    });
  }
}
