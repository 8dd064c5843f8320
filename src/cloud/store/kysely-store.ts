import { AsyncLocalStorage } from "node:async_hooks";
import type { Kysely, Transaction } from "kysely";
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
// Transactions. `transaction(fn)` opens one database transaction and hands `fn` a Store bound to
// it. The transaction in progress is also kept in an AsyncLocalStorage, so code that `fn` awaits
// and that reaches for the outer store — a helper holding the store it was built with — joins the
// transaction instead of waiting for it (with one SQLite connection, waiting would deadlock).

interface Scope {
  readonly db: Transaction<Database>;
  /** False once the transaction committed or rolled back. */
  open: boolean;
  readonly store: KyselyStore;
}

class Shared {
  readonly current = new AsyncLocalStorage<Scope>();
  closed = false;

  constructor(
    readonly root: Kysely<Database>,
    readonly box: SecretBox,
    readonly onClose: () => Promise<void>,
  ) {}

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
    const ctx: StoreContext = {
      get db() {
        return executor();
      },
      box: shared.box,
      atomic: (fn) => this.transaction(fn),
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
    return shared.root.transaction().execute(async (trx) => {
      let scope!: Scope;
      new KyselyStore(shared, (store) => (scope = { db: trx, open: true, store }));
      try {
        return await shared.current.run(scope, () => fn(scope.store));
      } finally {
        scope.open = false;
      }
    });
  }

  async close(): Promise<void> {
    if (this.#scope) throw new StoreError("closed", "a transaction's store cannot close the database");
    if (this.#shared.closed) return;
    this.#shared.closed = true;
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
): Store {
  return new KyselyStore(new Shared(root, box, onClose));
}
