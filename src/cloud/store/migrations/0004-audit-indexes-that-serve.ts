import type { Kysely } from "kysely";

// Every call writes one audit event, and every index of audit_events is a page written per event
// (7 b-trees per event before this migration: the table, its event_id key and five indexes). Only
// the indexes that a reader of the trail needs are kept:
// - audit_events_by_account (account, time, id): LookupEvents, the console's trail page and
//   `whatif` against a cloud all ask for one account's events newest first; every other filter of
//   LookupEvents (event name, user, service, AccessKey, decision, error code) is applied to that
//   account's rows in this index's order, the page ending as soon as it is full.
// - audit_events_by_time (time, id): `trail export`, `whatif --data` and retention ask by time alone.
// - the event_id key: `get` and `replace` (an event rewritten after a failed render).
// Dropped:
// - audit_events_by_name and audit_events_by_principal: their only reader is LookupEvents, which
//   always names the account as well (a principal's ARN holds its account, so the account's
//   index reaches the same rows); a listing across accounts by name or principal exists only in
//   the store's tests, and reads the time index.
// - audit_events_by_request: nothing but tests looks an event up by request id; such a lookup now
//   reads the trail by time. It was keyed by random values when it was made (request ids were v4
//   UUIDs; they grow with time now), so it cost a random page per event.
// Not dropped, though looked at: instances_by_account (DescribeInstances pages an account's
// instances by creation time; the covering indexes of 0003 are ordered by image or vSwitch, so
// serving that order would mean sorting every instance of the account) and tags_by_account
// (ListTagResources pages an account's resources by id, and image tag filters probe it
// index-only; the tags' key leads with the region, across accounts, and tags_by_pair with the key).

const DROPPED = ["audit_events_by_name", "audit_events_by_principal", "audit_events_by_request"] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of DROPPED) await db.schema.dropIndex(index).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createIndex("audit_events_by_name")
    .on("audit_events")
    .columns(["event_name", "event_time", "event_id"])
    .execute();
  await s
    .createIndex("audit_events_by_principal")
    .on("audit_events")
    .columns(["principal_arn", "event_time", "event_id"])
    .execute();
  await s.createIndex("audit_events_by_request").on("audit_events").columns(["request_id"]).execute();
}
