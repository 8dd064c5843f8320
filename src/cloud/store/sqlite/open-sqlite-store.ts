import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver } from "kysely";
import type { DatabaseConnection, Driver, LogEvent, SqliteDialectConfig } from "kysely";
import { createKyselyStore } from "../kysely-store.js";
import { FALLBACK_PAGES, createCheckpointer } from "./checkpointer.js";
import { sqliteStatements } from "./sqlite-statements.js";
import { migrationProvider } from "../migrations/index.js";
import type { Database } from "../schema.js";
import { SecretBox } from "../secret-box.js";
import type { Store } from "../store.js";
import { StoreError } from "../store-error.js";

// The SQLite backend: better-sqlite3 (synchronous, in-process) under Kysely.
//
// Durability. journal_mode=WAL with synchronous=NORMAL: a commit appends its pages to the WAL file
// with write(2) before `transaction` resolves, so once a caller has seen a commit, it survives the
// process dying in any way (kill -9, crash, OOM): the data is in the operating system's page
// cache and the next open replays the WAL. What NORMAL gives up against FULL is the fsync per
// commit, so only a power loss or kernel crash can lose the last commits — never corrupt the
// database (the WAL is checksummed and fsynced at checkpoints). test/cloud/store kills a writer
// with SIGKILL to check the first half of that.
//
// Transactions begin IMMEDIATE: the write lock is taken at BEGIN, so a read-authorize-write
// transaction cannot be overtaken by another process's writer between its read and its write
// (a deferred BEGIN would fail with SQLITE_BUSY at the first write instead). Within the process,
// Kysely's SQLite driver serialises transactions on its single connection.

export interface SqliteStoreOptions {
  /** Database file path, or `:memory:` (tests). The file is created when missing. */
  readonly file: string;
  /** 32 bytes; encrypts secrets at rest. The same key must be given every time the file is opened. */
  readonly masterKey: Buffer;
  /** How long a write waits for another process's lock before failing, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Called after every query: for diagnostics (slow queries, query plans). */
  readonly onQuery?: (query: ExecutedQuery) => void;
  /** Where failures of background work (checkpoints) are reported; stderr by default. */
  readonly onBackgroundError?: (message: string) => void;
}

export interface ExecutedQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly durationMs: number;
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #committed: () => void;

  constructor(config: SqliteDialectConfig, committed: () => void) {
    super(config);
    this.#committed = committed;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.#committed();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #committed: () => void;

  constructor(config: SqliteDialectConfig, committed: () => void) {
    super(config);
    this.#config = config;
    this.#committed = committed;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#committed);
  }
}

const MASTER_KEY_CHECK = "master-key-check";

/** Opens (creating if needed) and migrates a SQLite database, and returns the Store over it. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const box = new SecretBox(options.masterKey);
  const sqlite = new BetterSqlite3(options.file);
  try {
    const mode = sqlite.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal" && options.file !== ":memory:") {
      throw new StoreError(
        "open-failed",
        `\`${options.file}\` cannot use WAL journaling (got \`${String(mode)}\`)`,
      );
    }
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // 64 MiB of page cache (the default is 16): a cloud of 100,000 images is ~130 MB on disk,
    // and tag filters read its indexes at random.
    sqlite.pragma("cache_size = -65536");
    // Every transaction of a group runs in a savepoint (../group-commit.ts), and a savepoint keeps
    // the pages it changes as they were, for a rollback, in a sub-journal. By default that journal
    // moves to a temporary file past 64 KiB, which one RunInstances (~25 pages) already passes: a
    // file created, written with two syscalls a page and deleted again at every commit, though
    // nothing durable is in it (it only undoes a savepoint of a transaction still open). In memory
    // it lives as long as the savepoint: a few hundred KiB. Temporary tables (the store makes none)
    // would stay in memory too.
    sqlite.pragma("temp_store = MEMORY");
    // Checkpoints run on a worker thread (checkpointer.ts); this connection's own is the bound.
    if (options.file !== ":memory:") sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }

  const onQuery = options.onQuery;
  const statements = sqliteStatements(sqlite, onQuery);
  const onBackgroundError =
    options.onBackgroundError ?? ((message: string) => console.error(`imageguard store: ${message}`));
  const checkpointer =
    options.file === ":memory:" ? undefined : createCheckpointer(options.file, onBackgroundError);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: statements.database }, () => checkpointer?.committed()),
    ...(onQuery && {
      log: (event: LogEvent) =>
        onQuery({
          sql: event.query.sql,
          parameters: event.query.parameters,
          durationMs: event.queryDurationMillis,
        }),
    }),
  });
  try {
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
      throw new StoreError("migration-failed", `migration \`${failed}\` failed: ${String(error)}`);
    }
    await checkMasterKey(db, box);
    // Refreshes the planner's statistics where they are missing or stale (cheap when they are not).
    sqlite.pragma("optimize = 0x10002");
  } catch (error) {
    await checkpointer?.close();
    await db.destroy();
    throw error;
  }

  return createKyselyStore(
    db,
    box,
    async () => {
      // The worker's connection closes first, so that this one, the last, checkpoints the WAL away.
      await checkpointer?.close();
      sqlite.pragma("optimize");
      await db.destroy();
    },
    statements.direct,
  );
}

/**
 * The first open seals a known value with the master key; later opens must open it. A wrong key
 * then fails here, at start-up, rather than at the first request that needs a secret.
 */
async function checkMasterKey(db: Kysely<Database>, box: SecretBox): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("store_meta")
      .select("value")
      .where("key", "=", MASTER_KEY_CHECK)
      .executeTakeFirst();
    if (!row) {
      await trx
        .insertInto("store_meta")
        .values({ key: MASTER_KEY_CHECK, value: box.seal(MASTER_KEY_CHECK, MASTER_KEY_CHECK) })
        .execute();
      return;
    }
    try {
      box.open(row.value, MASTER_KEY_CHECK);
    } catch {
      throw new StoreError(
        "master-key-mismatch",
        "the master key does not match the one this database was created with",
        "open the store with the original master key; secrets sealed under it cannot be read otherwise",
      );
    }
  });
}
