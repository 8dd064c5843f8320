import type { IdempotencyRecord, Timestamp } from "../../model/index.js";
import { prepared } from "../prepared.js";
import type { IdempotencyRecordsTable as Row } from "../schema.js";
import type { IdempotencyRepository } from "../store.js";
import { affected } from "./context.js";
import type { StoreContext } from "./context.js";

// Every write that carries a ClientToken reads its record, and stores one when it succeeds.
const GET = prepared(
  "idempotency.get",
  (db, p: { accountId: string; action: string; clientToken: string; now: string }) =>
    db
      .selectFrom("idempotency_records")
      .selectAll()
      .where("account_id", "=", p.accountId)
      .where("action", "=", p.action)
      .where("client_token", "=", p.clientToken)
      .where("expires_at", ">", p.now),
);
const PUT = prepared("idempotency.put", (db, row: Row) =>
  db
    .insertInto("idempotency_records")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["account_id", "action", "client_token"]).doUpdateSet({
        fingerprint: row.fingerprint,
        response: row.response,
        created_at: row.created_at,
        expires_at: row.expires_at,
      }),
    ),
);

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly ctx: StoreContext) {}

  async get(
    accountId: string,
    action: string,
    clientToken: string,
    now: Timestamp,
  ): Promise<IdempotencyRecord | undefined> {
    const row = await this.ctx.first(GET, { accountId, action, clientToken, now });
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
    await this.ctx.run(PUT, {
      account_id: record.accountId,
      action: record.action,
      client_token: record.clientToken,
      fingerprint: record.fingerprint,
      response: record.response,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    });
  }

  async deleteExpired(now: Timestamp): Promise<number> {
    return affected(
      await this.ctx.db.deleteFrom("idempotency_records").where("expires_at", "<=", now).executeTakeFirst(),
    );
  }
}
