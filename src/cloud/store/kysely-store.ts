import { AsyncLocalStorage } from "node:async_hooks";
import { CompiledQuery } from "kysely";
import type { Kysely, Transaction } from "kysely";
import { GroupCommitter } from "./group-commit.js";
import { HotCache } from "./hot-cache.js";
import type { CacheArea } from "./hot-cache.js";
import { TemplateCache, bind } from "./prepared.js";
import type { DirectExecutor, Prepared, QueryParams } from "./prepared.js";
import { KyselyAccessKeyRepository } from "./repositories/access-keys.js";
import { KyselyAccountRepository } from "./repositories/accounts.js";
import { KyselyAuditRepository } from "./repositories/audit.js";
import type { StoreContext } from "./repositories/context.js";
import { KyselyControlPolicyRepository } from "./repositories/control-policies.js";
import { KyselyIdempotencyRepository } from "./repositories/idempotency.js";
import { KyselyImageRepository } from "./repositories/images.js";
import { KyselyInstanceRepository } from "./repositories/instances.js";
import { KyselyRamGroupRepository } from "./repositories/ram-groups.js";
import { KyselyRamPolicyRepository } from "./repositories/ram-policies.js";
import { KyselyRamRoleRepository } from "./repositories/ram-roles.js";
import { KyselyRamUserRepository } from "./repositories/ram-users.js";
import { KyselyResourceDirectoryRepository } from "./repositories/resource-directory.js";
import { KyselySecurityGroupRepository } from "./repositories/security-groups.js";
import { KyselyStsSessionRepository } from "./repositories/sts-sessions.js";
import { KyselyTagRepository } from "./repositories/tags.js";
import { KyselyVpcRepository } from "./repositories/vpcs.js";
import { KyselyVSwitchRepository } from "./repositories/vswitches.js";
import type { Database } from "./schema.js";
import type { SecretBox } from "./secret-box.js";
import type {
  AccountRepository,
  AuditRepository,
  ControlPolicyRepository,
  IdempotencyRepository,
  ImageRepository,
  InstanceRepository,
  NetworkRepositories,
  RamRepositories,
  ResourceDirectoryRepository,
  Store,
  StsSessionRepository,
  TagRepository,
} from "./store.js";
import { StoreError } from "./store-error.js";

// The Store over any Kysely database: the repositories are written once against the query
// builder, and a backend only supplies the Kysely instance (dialect, connection settings).
//
// Transactions. `transaction(fn)` runs `fn` as one transaction and hands it a Store bound to it: a
// savepoint of a database transaction that commits it with the other transactions waiting at the
// time (group-commit.ts). The transaction in progress is also kept in an AsyncLocalStorage, so code
// that `fn` awaits and that reaches for the outer store — a helper holding the store it was built
// with — joins the transaction instead of waiting for it (with one SQLite connection, waiting would
// deadlock).
//
// Queries. Repositories build queries with Kysely, or run prepared ones (prepared.ts) that were
// compiled once; on SQLite those run straight on the connection whenever that cannot reorder them
// against a transaction.

interface Scope {
  readonly db: Transaction<Database>;
  readonly memo: Map<string, unknown>;
  /** False once `fn` returned or threw (its savepoint released or rolled back). */
  open: boolean;
  /** The cache areas this transaction wrote: changed again when it is rolled back. */
  readonly touched: Set<CacheArea>;
  readonly store: KyselyStore;
}

class Shared {
  readonly current = new AsyncLocalStorage<Scope>();
  readonly templates: TemplateCache;
  readonly committer: GroupCommitter;
  readonly hot = new HotCache();
  closed = false;
  credentialsVersion = 0;

  constructor(
    readonly root: Kysely<Database>,
    readonly box: SecretBox,
    readonly onClose: () => Promise<void>,
    readonly direct: DirectExecutor | undefined,
  ) {
    this.templates = new TemplateCache(root);
    this.committer = new GroupCommitter(
      root,
      // Savepoints of a group: the group holds the connection, so they may skip Kysely.
      direct === undefined ? undefined : (_trx, sql) => void direct.run(sql, []),
      // A failed COMMIT takes every transaction of its group along: nothing read from them is real.
      () => this.hot.clear(),
    );
  }

  /** The transaction the calling async context runs in, unless it already ended. */
  active(): Scope | undefined {
    const scope = this.current.getStore();
    return scope?.open ? scope : undefined;
  }
}

class KyselyStore implements Store {
  readonly accounts: AccountRepository;
  readonly ram: RamRepositories;
  readonly sts: StsSessionRepository;
  readonly directory: ResourceDirectoryRepository;
  readonly controlPolicies: ControlPolicyRepository;
  readonly images: ImageRepository;
  readonly instances: InstanceRepository;
  readonly network: NetworkRepositories;
  readonly tags: TagRepository;
  readonly idempotency: IdempotencyRepository;
  readonly audit: AuditRepository;

  readonly #shared: Shared;
  /** Set on a transaction's store; unset on the root store. */
  readonly #scope: Scope | undefined;

  constructor(shared: Shared, scope?: (store: KyselyStore) => Scope) {
    this.#shared = shared;
    this.#scope = scope?.(this);
    const executor = () => this.#executor();
    const memo = () => this.#memo();
    const ctx: StoreContext = {
      get db() {
        return executor();
      },
      get memo() {
        return memo();
      },
      box: shared.box,
      atomic: (fn) => this.transaction(fn),
      all: (query, params) => this.#all(query, params),
      first: (query, params) => this.#first(query, params),
      values: (query, params) => this.#values(query, params),
      run: (query, params) => this.#run(query, params),
      credentialsChanged: () => {
        shared.credentialsVersion++;
      },
      changed: (area) => {
        shared.hot.changed(area);
        (this.#scope ?? shared.active())?.touched.add(area);
      },
    };
    this.accounts = new KyselyAccountRepository(ctx);
    this.ram = {
      users: new KyselyRamUserRepository(ctx),
      groups: new KyselyRamGroupRepository(ctx),
      roles: new KyselyRamRoleRepository(ctx),
      policies: new KyselyRamPolicyRepository(ctx),
      accessKeys: new KyselyAccessKeyRepository(ctx),
    };
    this.sts = new KyselyStsSessionRepository(ctx);
    this.directory = new KyselyResourceDirectoryRepository(ctx);
    this.controlPolicies = new KyselyControlPolicyRepository(ctx);
    this.images = new KyselyImageRepository(ctx);
    this.instances = new KyselyInstanceRepository(ctx);
    this.network = {
      vpcs: new KyselyVpcRepository(ctx),
      vSwitches: new KyselyVSwitchRepository(ctx),
      securityGroups: new KyselySecurityGroupRepository(ctx),
    };
    this.tags = new KyselyTagRepository(ctx);
    this.idempotency = new KyselyIdempotencyRepository(ctx);
    this.audit = new KyselyAuditRepository(ctx);
  }

  get credentialsVersion(): number {
    return this.#shared.credentialsVersion;
  }

  cached<T>(key: string, areas: readonly CacheArea[], load: () => Promise<T>): Promise<T> {
    return this.#shared.hot.get(key, areas, load);
  }

  /**
   * Runs SQL without Kysely's executor when that cannot reorder anything: inside this store's own
   * transaction (which holds the one connection), or when no transaction is open or waiting. Any
   * other time the query must queue behind the transactions (and their group's commit), through
   * Kysely.
   */
  #direct(): DirectExecutor | undefined {
    const direct = this.#shared.direct;
    if (direct === undefined) return undefined;
    if (this.#scope) {
      if (!this.#scope.open) throw finished();
      return direct;
    }
    if (this.#shared.closed) throw new StoreError("closed", "the store is closed");
    if (this.#shared.active() !== undefined || !this.#shared.committer.busy) return direct;
    return undefined;
  }

  async #all<P extends QueryParams, R>(query: Prepared<P, R>, params: P): Promise<R[]> {
    const template = this.#shared.templates.templateFor(query, params);
    const values = bind(template, params);
    const direct = this.#direct();
    if (direct !== undefined) return direct.all(template.sql, values) as R[];
    const result = await this.#executor().executeQuery<R>(CompiledQuery.raw(template.sql, values));
    return result.rows;
  }

  // #all's first row, without a second async hop through #all: most reads are of one row.
  async #first<P extends QueryParams, R>(query: Prepared<P, R>, params: P): Promise<R | undefined> {
    const template = this.#shared.templates.templateFor(query, params);
    const values = bind(template, params);
    const direct = this.#direct();
    if (direct !== undefined) return direct.all(template.sql, values)[0] as R | undefined;
    const result = await this.#executor().executeQuery<R>(CompiledQuery.raw(template.sql, values));
    return result.rows[0];
  }

  async #values<P extends QueryParams, R>(query: Prepared<P, R>, params: P): Promise<R[keyof R][]> {
    const template = this.#shared.templates.templateFor(query, params);
    const values = bind(template, params);
    const direct = this.#direct();
    if (direct !== undefined) return direct.values(template.sql, values) as R[keyof R][];
    const result = await this.#executor().executeQuery<R>(CompiledQuery.raw(template.sql, values));
    return result.rows.map((row) => Object.values(row as object)[0] as R[keyof R]);
  }

  async #run<P extends QueryParams>(query: Prepared<P, unknown>, params: P): Promise<number> {
    const template = this.#shared.templates.templateFor(query, params);
    const values = bind(template, params);
    const direct = this.#direct();
    if (direct !== undefined) return direct.run(template.sql, values);
    const result = await this.#executor().executeQuery(CompiledQuery.raw(template.sql, values));
    return Number(result.numAffectedRows ?? 0n);
  }

  /** The memo of the transaction this call runs in, if any. */
  #memo(): Map<string, unknown> | undefined {
    if (this.#scope) return this.#scope.open ? this.#scope.memo : undefined;
    return this.#shared.active()?.memo;
  }

  #executor(): Kysely<Database> {
    if (this.#scope) {
      if (!this.#scope.open) throw finished();
      return this.#scope.db;
    }
    if (this.#shared.closed) throw new StoreError("closed", "the store is closed");
    return this.#shared.active()?.db ?? this.#shared.root;
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#scope && !this.#scope.open) throw finished();
    const joined = this.#scope ?? this.#shared.active();
    if (joined) return fn(joined.store);
    if (this.#shared.closed) throw new StoreError("closed", "the store is closed");
    const shared = this.#shared;
    // Committed with whatever other transactions are waiting (group-commit.ts).
    return shared.committer.submit(async (trx) => {
      let scope!: Scope;
      new KyselyStore(
        shared,
        (store) => (scope = { db: trx, memo: new Map(), open: true, store, touched: new Set() }),
      );
      try {
        return await shared.current.run(scope, () => fn(scope.store));
      } catch (err) {
        // Rolled back to its savepoint (group-commit.ts): what it wrote was never real.
        for (const area of scope.touched) shared.hot.changed(area);
        throw err;
      } finally {
        scope.open = false;
      }
    });
  }

  async close(): Promise<void> {
    if (this.#scope) throw new StoreError("closed", "a transaction's store cannot close the database");
    if (this.#shared.closed) return;
    this.#shared.closed = true;
    // Transactions already submitted still run and commit; new ones are refused.
    await this.#shared.committer.drain();
    await this.#shared.onClose();
  }
}

function finished(): StoreError {
  return new StoreError(
    "transaction-finished",
    "this transaction has already ended",
    "use a transaction's store only inside the function passed to `transaction`",
  );
}

/** A Store over a migrated database; `onClose` releases it (after the store stops taking calls). */
export function createKyselyStore(
  root: Kysely<Database>,
  box: SecretBox,
  onClose: () => Promise<void>,
  direct?: DirectExecutor,
): Store {
  return new KyselyStore(new Shared(root, box, onClose, direct));
}
