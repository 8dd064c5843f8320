import type { IdempotencyRecord, Timestamp } from "../../model/index.js";
import type { IdempotencyRepository } from "../store.js";
import { affected } from "./context.js";
import type { StoreContext } from "./context.js";

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(
    accountId: string,
    action: string,
    clientToken: string,
    now: Timestamp,
  ): Promise<IdempotencyRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom("idempotency_records")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("action", "=", action)
      .where("client_token", "=", clientToken)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return (
      row && {
        accountId: row.account_id,
        action: row.action,
        clientToken: row.client_token,
        fingerprint: row.fingerprint,
        response: row.response,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async put(record: IdempotencyRecord): Promise<void> {
    const row = {
      account_id: record.accountId,
      action: record.action,
      client_token: record.clientToken,
      fingerprint: record.fingerprint,
      response: record.response,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    };
    await this.ctx.db
      .insertInto("idempotency_records")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["account_id", "action", "client_token"]).doUpdateSet({
          fingerprint: row.fingerprint,
          response: row.response,
          created_at: row.created_at,
          expires_at: row.expires_at,
        }),
      )
      .execute();
  }

  async deleteExpired(now: Timestamp): Promise<number> {
    return affected(
      await this.ctx.db.deleteFrom("idempotency_records").where("expires_at", "<=", now).executeTakeFirst(),
    );
  }
}
