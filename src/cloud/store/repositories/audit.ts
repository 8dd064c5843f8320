import type { DecisionResult } from "../../../policy/index.js";
import type { AuditEvent, Timestamp } from "../../model/index.js";
import { paginate } from "../paging.js";
import type { PageOf, Paging } from "../paging.js";
import { prepared } from "../prepared.js";
import type { AuditEventsTable } from "../schema.js";
import type { AuditFilter, AuditRepository } from "../store.js";
import { affected, nullable, optional } from "./context.js";
import type { StoreContext } from "./context.js";

function toEvent(row: AuditEventsTable): AuditEvent {
  return {
    eventId: row.event_id,
    eventTime: row.event_time,
    eventName: row.event_name,
    serviceName: row.service_name,
    accountId: optional(row.account_id),
    principalArn: optional(row.principal_arn),
    accessKeyId: optional(row.access_key_id),
    regionId: optional(row.region_id),
    decision: optional(row.decision) as DecisionResult | undefined,
    errorCode: optional(row.error_code),
    requestId: row.request_id,
    body: JSON.parse(row.body) as AuditEvent["body"],
  };
}

const NEWEST_FIRST = [
  { column: "event_time", direction: "desc" },
  { column: "event_id", direction: "desc" },
] as const;

// One per call.
const APPEND = prepared("audit.append", (db, row: AuditEventsTable) =>
  db.insertInto("audit_events").values(row),
);
const REPLACE = prepared("audit.replace", (db, row: AuditEventsTable) =>
  db
    .insertInto("audit_events")
    .values(row)
    .onConflict((oc) =>
      oc.column("event_id").doUpdateSet({
        event_time: row.event_time,
        event_name: row.event_name,
        service_name: row.service_name,
        account_id: row.account_id,
        principal_arn: row.principal_arn,
        access_key_id: row.access_key_id,
        region_id: row.region_id,
        decision: row.decision,
        error_code: row.error_code,
        request_id: row.request_id,
        body: row.body,
      }),
    ),
);

function toRow(event: AuditEvent): AuditEventsTable {
  return {
    event_id: event.eventId,
    event_time: event.eventTime,
    event_name: event.eventName,
    service_name: event.serviceName,
    account_id: nullable(event.accountId),
    principal_arn: nullable(event.principalArn),
    access_key_id: nullable(event.accessKeyId),
    region_id: nullable(event.regionId),
    decision: nullable(event.decision),
    error_code: nullable(event.errorCode),
    request_id: event.requestId,
    body: JSON.stringify(event.body),
  };
}

export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly ctx: StoreContext) {}

  async append(event: AuditEvent): Promise<void> {
    await this.ctx.run(APPEND, toRow(event));
  }

  async replace(event: AuditEvent): Promise<void> {
    await this.ctx.run(REPLACE, toRow(event));
  }

  async get(eventId: string): Promise<AuditEvent | undefined> {
    const row = await this.ctx.db
      .selectFrom("audit_events")
      .selectAll()
      .where("event_id", "=", eventId)
      .executeTakeFirst();
    return row && toEvent(row);
  }

  list<P extends Paging>(filter: AuditFilter, paging: P): Promise<PageOf<P, AuditEvent>> {
    let q = this.ctx.db.selectFrom("audit_events as e").selectAll("e");
    if (filter.from !== undefined) q = q.where("e.event_time", ">=", filter.from);
    if (filter.to !== undefined) q = q.where("e.event_time", "<", filter.to);
    if (filter.accountId !== undefined) q = q.where("e.account_id", "=", filter.accountId);
    if (filter.eventName !== undefined) q = q.where("e.event_name", "=", filter.eventName);
    if (filter.principalArn !== undefined) q = q.where("e.principal_arn", "=", filter.principalArn);
    if (filter.decision !== undefined) q = q.where("e.decision", "=", filter.decision);
    if (filter.requestId !== undefined) q = q.where("e.request_id", "=", filter.requestId);
    if (filter.eventId !== undefined) q = q.where("e.event_id", "=", filter.eventId);
    if (filter.serviceName !== undefined) q = q.where("e.service_name", "=", filter.serviceName);
    if (filter.accessKeyId !== undefined) q = q.where("e.access_key_id", "=", filter.accessKeyId);
    if (filter.errorCode !== undefined) q = q.where("e.error_code", "=", filter.errorCode);
    return paginate(this.ctx.db, [q], "e", NEWEST_FIRST, paging, (rows) => rows.map(toEvent));
  }

  async deleteBefore(time: Timestamp): Promise<number> {
    return affected(
      await this.ctx.db.deleteFrom("audit_events").where("event_time", "<", time).executeTakeFirst(),
    );
  }
}
