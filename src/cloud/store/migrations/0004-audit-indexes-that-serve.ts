import type { Kysely } from "kysely";

// Every call writes one audit event, and every index of audit_events is a page written per event
// (7 b-trees per event before this migration: the table, its event_id key and five indexes). Each
// index kept or made here serves a reader of the trail:
// - audit_events_by_account (account, time, id): LookupEvents, the console's trail page and
//   `whatif` against a cloud all ask for one account's events newest first; the filters no index
//   leads with (service, AccessKey, decision, error code) are applied to that account's rows in this
//   index's order, the page ending as soon as it is full.
// - audit_events_by_account_name (account, name, time, id) and audit_events_by_account_principal
//   (account, principal, time, id): LookupEvents by EventName or by user, which the console's trail
//   page sends. Matches of those are sparse (one DeleteVpc among an account's hundreds of thousands
//   of launches), and the account's index would read every event of the window to fill the page,
//   inside the store's transaction (~300 ms for 300k events against ~1 ms). They lead with the
//   account because every LookupEvents names it (the caller's), which also keeps one account's
//   lookups from reading another's events. Their cost: one more page written per event each.
// - audit_events_by_time (time, id): `trail export`, `whatif --data` and retention ask by time alone.
// - the event_id key: `get` and `replace` (an event rewritten after a failed render).
// Dropped:
// - audit_events_by_name and audit_events_by_principal (name or principal, time, id): replaced by the
//   account-leading pair above; a listing across accounts by name or principal exists only in the
//   store's tests, and reads the time index.
// - audit_events_by_request: nothing but tests looks an event up by request id; such a lookup now
//   reads the trail by time. It was keyed by random values when it was made (request ids were v4
//   UUIDs; they grow with time now), so it cost a random page per event.
// Not dropped, though looked at: instances_by_account (DescribeInstances pages an account's
// instances by creation time; the covering indexes of 0003 are ordered by image or vSwitch, so
// serving that order would mean sorting every instance of the account) and tags_by_account
// (ListTagResources pages an account's resources by id, and image tag filters probe it
// index-only; the tags' key leads with the region, across accounts, and tags_by_pair with the key).

const DROPPED = ["audit_events_by_name", "audit_events_by_principal", "audit_events_by_request"] as const;
const MADE = {
  audit_events_by_account_name: ["account_id", "event_name", "event_time", "event_id"],
  audit_events_by_account_principal: ["account_id", "principal_arn", "event_time", "event_id"],
} as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of DROPPED) await db.schema.dropIndex(index).execute();
  for (const [index, columns] of Object.entries(MADE)) {
    await db.schema
      .createIndex(index)
      .on("audit_events")
      .columns([...columns])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  for (const index of Object.keys(MADE)) await s.dropIndex(index).execute();
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
