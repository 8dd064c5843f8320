import { CompiledQuery } from "kysely";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

// Group commit: the store's transactions, run one after the other as always, but committed
// together when several are waiting. A commit writes every page its transaction changed to the WAL;
// RunInstances changes ~25 pages of ~19 b-trees (the instance, its group link, its tags, its audit
// event, and their indexes), and consecutive launches share the pages where rows are appended, so
// one commit for a handful of calls writes far less than a commit each, and pays the commit's fixed
// costs (locks, the WAL frame headers, the page cache's end-of-transaction sweep) once.
//
// What each caller sees is unchanged:
// - All or nothing: every transaction of a group runs inside its own SAVEPOINT; when it throws, it
//   is rolled back to that savepoint and the others go on.
// - Serialised: the transactions of a group run one at a time, each seeing the ones before it, as
//   they would have committed one by one in that order; nothing else touches the connection between
//   them (Kysely's connection stays held by the group, so queries outside any transaction wait).
// - Durable before it answers: a caller's promise settles only once the group's COMMIT returned.
//   If the COMMIT fails, every transaction of the group fails with it (none of them is kept).
// A group takes the transactions waiting when it starts and, before committing, lets the event loop
// turn once so that calls that arrived meanwhile can join, up to MAX_UNITS or MAX_GROUP_MS. A lone
// transaction therefore commits one event-loop turn later than it would alone.

const MAX_UNITS = 64;
const MAX_GROUP_MS = 10;

/** One caller's transaction: runs against the group's Kysely transaction. */
type Run<T> = (trx: Transaction<Database>) => Promise<T>;

interface Unit {
  readonly run: Run<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** Runs SQL that returns nothing on the group's connection (savepoints). */
export type RawExecutor = (trx: Transaction<Database>, sql: string) => Promise<void> | void;

export class GroupCommitter {
  readonly #root: Kysely<Database>;
  readonly #exec: RawExecutor;
  #queue: Unit[] = [];
  #group: Promise<void> | undefined;
  /** Transactions submitted and not yet settled. */
  #pending = 0;

  readonly #onFailed: () => void;

  /** `onFailed` is told when a group's transactions were all lost (its COMMIT or BEGIN failed). */
  constructor(root: Kysely<Database>, exec?: RawExecutor, onFailed: () => void = () => {}) {
    this.#root = root;
    this.#onFailed = onFailed;
    this.#exec =
      exec ??
      (async (trx, sql) => {
        await trx.executeQuery(CompiledQuery.raw(sql));
      });
  }

  /** Whether a transaction is waiting, running or waiting for its commit. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  submit<T>(run: Run<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending++;
      const settle =
        <V>(to: (value: V) => void) =>
        (value: V) => {
          this.#pending--;
          to(value);
        };
      this.#queue.push({
        run,
        resolve: settle(resolve as (value: unknown) => void),
        reject: settle(reject),
      });
      this.#group ??= this.#runGroups();
    });
  }

  /** Resolves once every submitted transaction has settled. */
  async drain(): Promise<void> {
    while (this.#group !== undefined) await this.#group;
  }

  async #runGroups(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#runGroup();
    } finally {
      this.#group = undefined;
    }
  }

  async #runGroup(): Promise<void> {
    // Every outcome is delivered after the COMMIT: even a refusal may rest on what an earlier
    // transaction of the group wrote, which is only real once committed.
    const outcomes: { readonly unit: Unit; readonly ok: boolean; readonly value: unknown }[] = [];
    let running: Unit | undefined;
    let started = false;
    try {
      await this.#root.transaction().execute(async (trx) => {
        started = true;
        const startedAt = performance.now();
        const full = () => outcomes.length >= MAX_UNITS || performance.now() - startedAt >= MAX_GROUP_MS;
        for (;;) {
          running = this.#queue.shift();
          if (running === undefined) {
            if (full()) return;
            // One turn of the event loop: calls whose requests arrived meanwhile join this commit.
            await new Promise<void>((resolve) => setImmediate(resolve));
            if (this.#queue.length === 0) return;
            continue;
          }
          await this.#exec(trx, "savepoint unit");
          let outcome: { ok: boolean; value: unknown };
          try {
            outcome = { ok: true, value: await running.run(trx) };
            await this.#exec(trx, "release unit");
          } catch (err) {
            outcome = { ok: false, value: err };
            await this.#exec(trx, "rollback to unit");
            await this.#exec(trx, "release unit");
          }
          outcomes.push({ unit: running, ...outcome });
          running = undefined;
          if (full()) return;
        }
      });
    } catch (err) {
      // The COMMIT (or a savepoint) failed: nothing of the group is kept, so none of its transactions
      // succeeded. Or BEGIN failed (another process held the write lock past busy_timeout): every
      // waiting transaction fails, as it would have alone.
      this.#onFailed();
      for (const { unit, ok, value } of outcomes) unit.reject(ok ? err : value);
      running?.reject(err);
      if (!started) for (const unit of this.#queue.splice(0)) unit.reject(err);
      return;
    }
    for (const { unit, ok, value } of outcomes) {
      if (ok) unit.resolve(value);
      else unit.reject(value);
    }
  }
}
