import type {
  AccessKey,
  AccessKeyOwner,
  AccessKeyStatus,
  AccessKeyWithSecret,
  Timestamp,
} from "../../model/index.js";
import { prepared } from "../prepared.js";
import type { AccessKeysTable } from "../schema.js";
import type { AccessKeyRepository } from "../store.js";
import { affected, optional } from "./context.js";
import type { StoreContext } from "./context.js";

// Read by every call whose caller is not cached yet, and marked used once a minute per key.
const BY_ID = prepared("accessKeys.get", (db, p: { accessKeyId: string }) =>
  db.selectFrom("access_keys").selectAll().where("access_key_id", "=", p.accessKeyId),
);
const MARK_USED = prepared("accessKeys.markUsed", (db, p: { accessKeyId: string; at: string }) =>
  db.updateTable("access_keys").set({ last_used_at: p.at }).where("access_key_id", "=", p.accessKeyId),
);

// The sealed secret is bound to its key id, so a ciphertext moved to another row does not open.
const secretContext = (accessKeyId: string) => `access-key:${accessKeyId}`;

function toAccessKey(row: AccessKeysTable): AccessKey {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    owner: row.user_id === null ? { type: "root" } : { type: "user", userId: row.user_id },
    status: row.status as AccessKeyStatus,
    createdAt: row.created_at,
    lastUsedAt: optional(row.last_used_at),
  };
}

export class KyselyAccessKeyRepository implements AccessKeyRepository {
  constructor(private readonly ctx: StoreContext) {}

  private row(accessKeyId: string): Promise<AccessKeysTable | undefined> {
    return this.ctx.first(BY_ID, { accessKeyId });
  }

  async get(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = await this.row(accessKeyId);
    return row && toAccessKey(row);
  }

  async getWithSecret(accessKeyId: string): Promise<AccessKeyWithSecret | undefined> {
    const row = await this.row(accessKeyId);
    return (
      row && {
        ...toAccessKey(row),
        accessKeySecret: this.ctx.box.open(row.secret_sealed, secretContext(accessKeyId)),
      }
    );
  }

  async listForOwner(accountId: string, owner: AccessKeyOwner): Promise<AccessKey[]> {
    const rows = await this.ctx.db
      .selectFrom("access_keys")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("user_id", owner.type === "root" ? "is" : "=", owner.type === "root" ? null : owner.userId)
      .orderBy("created_at")
      .orderBy("access_key_id")
      .execute();
    return rows.map(toAccessKey);
  }

  async insert(key: AccessKeyWithSecret): Promise<void> {
    this.ctx.credentialsChanged();
    await this.ctx.db
      .insertInto("access_keys")
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        user_id: key.owner.type === "user" ? key.owner.userId : null,
        secret_sealed: this.ctx.box.seal(key.accessKeySecret, secretContext(key.accessKeyId)),
        status: key.status,
        created_at: key.createdAt,
        last_used_at: key.lastUsedAt ?? null,
      })
      .execute();
  }

  async setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean> {
    this.ctx.credentialsChanged();
    const result = await this.ctx.db
      .updateTable("access_keys")
      .set({ status })
      .where("access_key_id", "=", accessKeyId)
      .executeTakeFirst();
    return affected(result) > 0;
  }

  async markUsed(accessKeyId: string, at: Timestamp): Promise<boolean> {
    // The last use is not part of a resolved caller: no credentialsChanged.
    return (await this.ctx.run(MARK_USED, { accessKeyId, at })) > 0;
  }

  async delete(accessKeyId: string): Promise<boolean> {
    this.ctx.credentialsChanged();
    const result = await this.ctx.db
      .deleteFrom("access_keys")
      .where("access_key_id", "=", accessKeyId)
      .executeTakeFirst();
    return affected(result) > 0;
  }
}
