import { prepared } from "../prepared.js";
import type { InstanceCountsTable } from "../schema.js";
import { columnsOf, powerOfTwoChunks, rowsOf } from "./multi-row.js";
import type { ColumnsOf } from "./multi-row.js";
import type { StoreContext } from "./context.js";

// The account's live instances, counted as they change rather than when asked (migration 0005):
// a launch reads its vCPU quota and its vSwitch's lowest free address at the same cost whether
// the account runs ten instances or ten thousand. Every write of an instance row that can change
// what it counts for (liveness, type, vSwitch, held address) passes its rows before and after
// through CountChanges in the same transaction, so a rollback undoes the counts with the rows.

/** The columns of an instance row that decide what it counts for. */
export interface CountedRow {
  readonly account_id: string;
  readonly region_id: string;
  readonly status: string;
  readonly instance_type: string;
  readonly vswitch_id: string;
  readonly held_private_ip: number | null;
}

type Dimension = InstanceCountsTable["dimension"];

// [decision] What a live instance counts one for: its type (the quota counts vCPUs per type), and
// its vSwitch when it holds an address there (the allocator compares that count with the highest).
const SUBJECT_OF: Readonly<Record<Dimension, (row: CountedRow) => string | undefined>> = {
  instance_type: (row) => row.instance_type,
  vswitch: (row) => (row.held_private_ip === null ? undefined : row.vswitch_id),
};
const DIMENSIONS = Object.keys(SUBJECT_OF) as Dimension[];

/** Live: any status but Deleted, as every query on instances asks it. */
export function isLive(status: string): boolean {
  return status !== "Deleted";
}

// Few counts change per write (a launch: its type's and its vSwitch's), so small chunks.
const MAX_COUNT_ROWS = 32;

const ADD_TO_COUNTS = prepared("instances.addToCounts", (db, rows: ColumnsOf<InstanceCountsTable>) =>
  db
    .insertInto("instance_counts")
    .values(rowsOf(rows))
    .onConflict((oc) =>
      oc
        .columns(["account_id", "region_id", "dimension", "subject"])
        .doUpdateSet((eb) => ({ live: eb("instance_counts.live", "+", eb.ref("excluded.live")) })),
    ),
);

/** The net change that some instance rows' writes make to the counts. */
export class CountChanges {
  readonly #deltas = new Map<string, InstanceCountsTable>();

  /** Counts `row` in (`sign` 1: written, or as it is after a write) or out (-1: as it was before). */
  add(row: CountedRow, sign: 1 | -1): this {
    if (!isLive(row.status)) return this;
    for (const dimension of DIMENSIONS) {
      const subject = SUBJECT_OF[dimension](row);
      if (subject === undefined) continue;
      const key = `${row.account_id}\u0000${row.region_id}\u0000${dimension}\u0000${subject}`;
      const count = this.#deltas.get(key);
      if (count) count.live += sign;
      else {
        this.#deltas.set(key, {
          account_id: row.account_id,
          region_id: row.region_id,
          dimension,
          subject,
          live: sign,
        });
      }
    }
    return this;
  }

  /** Writes the changes that do not cancel out; call it within the writes' transaction. */
  async write(ctx: StoreContext): Promise<void> {
    const changed = [...this.#deltas.values()].filter((count) => count.live !== 0);
    for (const chunk of powerOfTwoChunks(changed, MAX_COUNT_ROWS)) {
      await ctx.run(ADD_TO_COUNTS, columnsOf(chunk));
    }
  }
}

export const LIVE_BY_TYPE = prepared(
  "instances.countByType",
  (db, p: { accountId: string; regionId: string }) =>
    db
      .selectFrom("instance_counts")
      .select(["subject", "live"])
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("dimension", "=", "instance_type")
      .where("live", ">", 0),
);

interface AddressRange {
  readonly accountId: string;
  readonly regionId: string;
  readonly vSwitchId: string;
  readonly first: number;
  readonly last: number;
}

// One statement, four index seeks: the vSwitch's count, and from the vSwitch index the highest
// address held in the range and how many are held outside it (none, unless an address was written
// that the vSwitch's range does not hold; those entries are all the counts below read).
export const ADDRESS_SPAN = prepared("instances.privateAddressSpan", (db, p: AddressRange) => {
  const held = () =>
    db
      .selectFrom("instances")
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("vswitch_id", "=", p.vSwitchId);
  return db.selectNoFrom((eb) => [
    eb
      .selectFrom("instance_counts")
      .select("live")
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("dimension", "=", "vswitch")
      .where("subject", "=", p.vSwitchId)
      .as("counted"),
    held()
      .select((e) => e.fn.max<number | null>("held_private_ip").as("m"))
      .where("held_private_ip", ">=", p.first)
      .where("held_private_ip", "<=", p.last)
      .as("highest"),
    held()
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("held_private_ip", "<", p.first)
      .as("below"),
    held()
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("held_private_ip", ">", p.last)
      .as("above"),
  ]);
});

export const HELD_FROM = prepared(
  "instances.heldPrivateAddresses",
  (db, p: AddressRange & { readonly limit: number }) =>
    db
      .selectFrom("instances")
      .select("held_private_ip")
      .where("account_id", "=", p.accountId)
      .where("region_id", "=", p.regionId)
      .where("vswitch_id", "=", p.vSwitchId)
      .where("held_private_ip", ">=", p.first)
      .where("held_private_ip", "<=", p.last)
      .orderBy("held_private_ip")
      .limit(p.limit),
);
