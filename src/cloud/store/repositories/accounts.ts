import type { Account, AccountKind } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import type { AccountsTable } from "../schema.js";
import type { AccountFilter, AccountRepository, Patch } from "../store.js";
import { NO_ROWS, affected, nullable, optional, patchColumns } from "./context.js";
import type { StoreContext } from "./context.js";

function toAccount(row: AccountsTable): Account {
  return {
    id: row.account_id,
    displayName: row.display_name,
    kind: row.kind as AccountKind,
    alias: optional(row.alias),
    createdAt: row.created_at,
  };
}

export class KyselyAccountRepository implements AccountRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(accountId: string): Promise<Account | undefined> {
    const row = await this.ctx.db
      .selectFrom("accounts")
      .selectAll()
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async getByAlias(alias: string): Promise<Account | undefined> {
    const row = await this.ctx.db
      .selectFrom("accounts")
      .selectAll()
      .where("alias", "=", alias)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  list<P extends Paging>(filter: AccountFilter, paging: P): Promise<PageOf<P, Account>> {
    let q = this.ctx.db.selectFrom("accounts as a").selectAll("a");
    if (filter.kind) q = q.where("a.kind", "=", filter.kind);
    if (filter.accountIds) {
      q = filter.accountIds.length ? q.where("a.account_id", "in", filter.accountIds) : q.where(NO_ROWS);
    }
    return paginate(this.ctx.db, [q], "a", [{ column: "account_id", direction: "asc" }], paging, (rows) =>
      rows.map(toAccount),
    );
  }

  async insert(account: Account): Promise<void> {
    await this.ctx.db
      .insertInto("accounts")
      .values({
        account_id: account.id,
        display_name: account.displayName,
        kind: account.kind,
        alias: nullable(account.alias),
        created_at: account.createdAt,
      })
      .execute();
  }

  async update(accountId: string, patch: Patch<Account, "displayName" | "kind" | "alias">): Promise<boolean> {
    const set = patchColumns<typeof patch, AccountsTable>(patch, {
      displayName: "display_name",
      kind: "kind",
      alias: "alias",
    });
    if (Object.keys(set).length === 0) return (await this.get(accountId)) !== undefined;
    const result = await this.ctx.db
      .updateTable("accounts")
      .set(set)
      .where("account_id", "=", accountId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  delete(accountId: string): Promise<boolean> {
    // Foreign keys cascade to what the account owns; audit events stay (they have no key).
    this.ctx.credentialsChanged();
    this.ctx.memo?.clear();
    return this.ctx.atomic(async () => {
      const db = this.ctx.db;
      // Rows that reference the account's resources without a key: directory placements of the
      // account are keyed and cascade; control policy attachments to it are not.
      await db.deleteFrom("rd_control_policy_attachments").where("target_id", "=", accountId).execute();
      const result = await db.deleteFrom("accounts").where("account_id", "=", accountId).executeTakeFirst();
      // The cascade took the account's network, images and their tags and shares.
      this.ctx.changed("network");
      this.ctx.changed("images");
      return affected(result) > 0;
    });
  }
}
