// Migration 0004 keeps only the audit indexes a reader needs: a data directory made before it
// upgrades in place with its events readable, and the trail's readers walk an index in their order,
// LookupEvents by EventName or by user one that holds only the account's matching events.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { at } from "./fixtures.js";
import type { AuditEvent } from "../../../src/cloud/model/index.js";
import { newEventId } from "../../../src/cloud/model/index.js";
import { openSqliteStore } from "../../../src/cloud/store/index.js";
import type { AuditFilter, ExecutedQuery, Store } from "../../../src/cloud/store/index.js";
import { migrationProvider } from "../../../src/cloud/store/migrations/index.js";

const dir = mkdtempSync(join(tmpdir(), "imageguard-audit-indexes-"));
const masterKey = randomBytes(32);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = "1000000000000001";
const B = "1000000000000002";
const DROPPED = ["audit_events_by_name", "audit_events_by_principal", "audit_events_by_request"];

function auditIndexes(file: string): string[] {
  const db = new BetterSqlite3(file);
  const rows = db
    .prepare(
      "select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' order by name",
    )
    .all() as { name: string }[];
  db.close();
  return rows.map((row) => row.name);
}

/** A database as imageguard made it before 0004: migrated to 0003 only (down from a later one). */
async function storeBefore0004(file: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(
    "0003-instance-covering-indexes",
  );
  await db.destroy();
  if (error) throw error;
}

/** An event as audit-event.ts writes one: the body repeats the lifted columns. */
function event(
  eventId: string,
  eventTime: string,
  accountId: string,
  eventName: string,
  user = "alice",
): AuditEvent {
  const requestId = randomUUID().toUpperCase();
  const principalArn = `acs:ram::${accountId}:user/${user}`;
  return {
    eventId,
    eventTime,
    eventName,
    serviceName: "Ecs",
    accountId,
    principalArn,
    accessKeyId: "LTAIx",
    regionId: "cn-hangzhou",
    decision: "Allow",
    requestId,
    body: {
      eventId,
      eventVersion: 1,
      eventName,
      eventTime,
      userIdentity: { accountId, arn: principalArn },
      requestId,
      decision: { result: "Allow", checks: [] },
    },
  };
}

/** The rows audit.ts wrote before 0004: the lifted columns and the whole body as JSON. */
function insertAsBefore(file: string, events: readonly AuditEvent[]): void {
  const db = new BetterSqlite3(file);
  const insert = db.prepare(
    "insert into audit_events (event_id, event_time, event_name, service_name, account_id, principal_arn, " +
      "access_key_id, region_id, decision, error_code, request_id, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const e of events) {
    insert.run(
      e.eventId,
      e.eventTime,
      e.eventName,
      e.serviceName,
      e.accountId ?? null,
      e.principalArn ?? null,
      e.accessKeyId ?? null,
      e.regionId ?? null,
      e.decision ?? null,
      e.errorCode ?? null,
      e.requestId,
      JSON.stringify(e.body),
    );
  }
  db.close();
}

async function ids(store: Store, filter: AuditFilter): Promise<string[]> {
  return (await store.audit.list(filter, { maxResults: 50 })).items.map((e) => e.eventId);
}

describe("migration 0004 (audit indexes)", () => {
  it("upgrades a store made before it in place: old events stay readable, new ones join them", async () => {
    // Given a database made before 0004, holding events with random (v4) ids
    const file = join(dir, "upgrade.sqlite");
    await storeBefore0004(file);
    expect(auditIndexes(file)).toEqual(expect.arrayContaining(DROPPED));
    const old = [
      event(randomUUID(), at(10), A, "RunInstances"),
      event(randomUUID(), at(20), B, "DescribeImages"),
      event(randomUUID(), at(30), A, "DescribeImages"),
    ];
    insertAsBefore(file, old);

    // When the current code opens it
    const store = await openSqliteStore({ file, masterKey });

    // Then the three indexes are gone, the others kept, and the account-leading pair made
    expect(auditIndexes(file)).toEqual([
      "audit_events_by_account",
      "audit_events_by_account_name",
      "audit_events_by_account_principal",
      "audit_events_by_time",
      "sqlite_autoindex_audit_events_1",
    ]);
    // and every old event reads back as it was written, by id and through every filter
    for (const e of old) expect(await store.audit.get(e.eventId)).toEqual(e);
    const [e1, e2, e3] = old.map((e) => e.eventId) as [string, string, string];
    expect(await ids(store, {})).toEqual([e3, e2, e1]);
    expect(await ids(store, { accountId: A, eventName: "DescribeImages" })).toEqual([e3]);
    expect(await ids(store, { accountId: A, principalArn: `acs:ram::${A}:user/alice` })).toEqual([e3, e1]);
    expect(await ids(store, { requestId: old[1]!.requestId })).toEqual([e2]);
    // and a new event (a time-ordered id) lists with them in time order
    const fresh = event(newEventId(Date.parse(at(25))), at(25), A, "RunInstances");
    await store.audit.append(fresh);
    expect(await ids(store, { accountId: A })).toEqual([e3, fresh.eventId, e1]);
    await store.close();
  });

  it("downgrades to 0003 with the indexes 0003 had", async () => {
    // Given a store at the current migration
    const file = join(dir, "down.sqlite");
    await (await openSqliteStore({ file, masterKey })).close();

    // When it is migrated back to 0003
    await storeBefore0004(file);

    // Then the indexes by name, principal and request id are back and the account-leading pair gone
    expect(auditIndexes(file)).toEqual([
      "audit_events_by_account",
      "audit_events_by_name",
      "audit_events_by_principal",
      "audit_events_by_request",
      "audit_events_by_time",
      "sqlite_autoindex_audit_events_1",
    ]);
  });

  it("walks an index in the listing's order for LookupEvents and trail export, whatever the statistics", async () => {
    // Given a store whose trail holds two accounts' events, a few of them DeleteVpc calls by bob
    const file = join(dir, "plans.sqlite");
    const queries: ExecutedQuery[] = [];
    const store = await openSqliteStore({ file, masterKey, onQuery: (q) => queries.push(q) });
    const common = ["RunInstances", "DescribeInstances", "DescribeImages"];
    for (let i = 0; i < 300; i++) {
      const when = at(i);
      const rare = i % 50 === 7;
      await store.audit.append(
        event(
          newEventId(Date.parse(when)),
          when,
          i % 2 ? A : B,
          rare ? "DeleteVpc" : common[i % 3]!,
          rare ? "bob" : "alice",
        ),
      );
    }
    queries.length = 0;
    // When LookupEvents' filters (always the caller's account), the next page of a lookup by event
    // name, and trail export's are listed
    const range = { from: at(0), to: at(500) };
    const byName = { ...range, accountId: A, eventName: "DeleteVpc" };
    const byUser = { ...range, accountId: A, principalArn: `acs:ram::${A}:user/bob` };
    await store.audit.list({ ...range, accountId: A }, { maxResults: 20 });
    const first = await store.audit.list(byName, { maxResults: 2 });
    await store.audit.list(byUser, { maxResults: 20 });
    await store.audit.list(
      { ...range, accountId: A, serviceName: "Ecs", decision: "Allow" },
      { maxResults: 20 },
    );
    const next = await store.audit.list(byName, { maxResults: 2, nextToken: first.nextToken! });
    await store.audit.list(range, { maxResults: 20 });
    await store.close();

    // Then each reads its index in order (no sort of the matching rows), stale statistics or fresh
    expect(next.items.map((e) => e.eventName)).toEqual(["DeleteVpc", "DeleteVpc"]);
    const db = new BetterSqlite3(file);
    const selects = queries.filter((q) => q.sql.startsWith("select"));
    const plans = () =>
      selects.map((q) =>
        (db.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[])
          .map((row) => row.detail)
          .join("\n"),
      );
    const stale = plans();
    db.exec("analyze");
    const fresh = plans();
    db.close();
    expect(fresh).toEqual(stale);
    const range2 = "event_time>? AND event_time<?";
    expect(stale).toEqual([
      `SEARCH e USING INDEX audit_events_by_account (account_id=? AND ${range2})`,
      `SEARCH e USING INDEX audit_events_by_account_name (account_id=? AND event_name=? AND ${range2})`,
      `SEARCH e USING INDEX audit_events_by_account_principal (account_id=? AND principal_arn=? AND ${range2})`,
      `SEARCH e USING INDEX audit_events_by_account (account_id=? AND ${range2})`,
      `SEARCH e USING INDEX audit_events_by_account_name (account_id=? AND event_name=? AND ${range2})`,
      `SEARCH e USING INDEX audit_events_by_time (${range2})`,
    ]);
  });
});
