import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import {
  createCloudHttpServer,
  startCloudHttpServer,
  stopCloudHttpServer,
  type CloudHttpLogger,
} from "./http/index.js";
import { seedSystemImages } from "./services/ecs/images/system-images.js";
import { ensureSystemPolicies } from "./services/ram/system-policies.js";
import type { ActionHandler } from "./services/index.js";
import { openSqliteStore } from "./store/index.js";
import type { Store } from "./store/index.js";
import { ensureManagementAccount, type ManagementAccount } from "./runtime/bootstrap.js";
import { addCredentialsProfile, readCredentialsFile } from "./runtime/credentials-file.js";
import { lockDataDir } from "./runtime/data-dir-lock.js";
import { CloudSetupError, dataDirLayout, ensureDataDir, loadOrCreateMasterKey } from "./runtime/data-dir.js";
import type { DiagnosticMessage } from "./runtime/diagnostic.js";
import { createCloudRuntime, DEFAULT_REGION_ID } from "./runtime/runtime.js";

// A local Alibaba Cloud on one data directory: the store, the runtime spine and the HTTP server,
// started together and stopped together.

export type SeedName = "none" | "demo";

export interface StartCloudOptions {
  readonly dataDir: string;
  /** Loopback only (`127.0.0.1` by default): the local cloud is not meant to be reachable from elsewhere. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly seed?: SeedName;
  readonly now?: () => Date;
  readonly logger?: CloudHttpLogger;
  /**
   * Replaces the product handlers of src/cloud/services (tests of the runtime itself, independent of
   * the products). Each still needs a catalog entry and is authorized like any other.
   */
  readonly handlers?: readonly ActionHandler[];
  /** Served besides `handlers` (tests only), under the same rules. */
  readonly extraHandlers?: readonly ActionHandler[];
  /**
   * Web applications served next to the API under their own path prefix (the console), made once the
   * cloud listens, since they are clients of its URL. Closed before the cloud is.
   */
  readonly mounts?: readonly MountFactory[];
}

/** One web application next to the API: requests whose path starts with `prefix` go to `handle`. */
export interface Mount {
  /** `/console`: matches `/console` and everything under `/console/`. */
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close?(): Promise<void>;
}

export type MountFactory = (cloud: RunningCloud) => Mount | Promise<Mount>;

export interface RunningCloud {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `host:port`, what the SDKs take as `endpoint`. */
  readonly endpoint: string;
  readonly store: Store;
  readonly dataDir: string;
  readonly credentialsFile: string;
  readonly managementAccount: ManagementAccount;
  /** True when this start created the data directory's management account. */
  readonly firstStart: boolean;
  /** What the seed has to say (`--seed demo`: the organisation, its personas, things to try). */
  readonly seedSummary?: string;
  /** Call after writing RAM or Resource Directory state to `store` directly (not through the API). */
  policiesChanged(): void;
  /** Resolves once the audit events of every finished call are stored. */
  flush(): Promise<void>;
  /** Opens an `EncodedDiagnosticMessage` this cloud issued; undefined when altered or foreign. */
  decodeDiagnostic(encoded: string): DiagnosticMessage | undefined;
  /** Stops accepting calls, lets calls in flight finish, writes the last audit events, closes the store. */
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith("127."));
}

export async function startCloud(options: StartCloudOptions): Promise<RunningCloud> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) {
    throw new CloudSetupError(
      `the local cloud listens on loopback addresses only, not \`${host}\``,
      "use --host 127.0.0.1 (the default) or ::1",
    );
  }
  const now = options.now ?? (() => new Date());
  const layout = dataDirLayout(options.dataDir);
  await ensureDataDir(layout.dir);
  const lock = await lockDataDir(layout.dir);
  let store: Store;
  let masterKey: Buffer;
  try {
    masterKey = await loadOrCreateMasterKey(layout.masterKey);
    store = await openSqliteStore({ file: layout.database, masterKey });
  } catch (err) {
    await lock.release();
    throw err;
  }
  let server: ReturnType<typeof createCloudHttpServer> | undefined;
  let housekeeping: Housekeeping | undefined;
  try {
    const existing = (await store.accounts.list({ kind: "management" }, { pageNumber: 1, pageSize: 1 }))
      .totalCount;
    const managementAccount = await ensureManagementAccount(store, now());
    // Alibaba's public images exist in every region before anyone asks: authorization reads their
    // facts (owner "", ImageSource System) before any image handler runs.
    await seedSystemImages(store);
    // Alibaba's system policies (AdministratorAccess, ReadOnlyAccess, …) exist in every account
    // from the start: AttachPolicyToUser names them before anything else has created them.
    await store.transaction((tx) => ensureSystemPolicies(tx, now()));
    // Rewritten when missing or when its default profile no longer holds the key in use, so the
    // file always lets the operator in; other profiles (added by seeds) are kept.
    const config = await readCredentialsFile(layout.credentials);
    const current = config?.profiles.find((profile) => profile.name === "default");
    if (
      current?.access_key_id !== managementAccount.accessKeyId ||
      current.access_key_secret !== managementAccount.accessKeySecret
    ) {
      await addCredentialsProfile(
        layout.credentials,
        {
          name: "default",
          accessKeyId: managementAccount.accessKeyId,
          accessKeySecret: managementAccount.accessKeySecret,
          regionId: DEFAULT_REGION_ID,
        },
        { makeCurrent: config === undefined },
      );
    }

    // The product registry is loaded only when no handlers were given, so the runtime's own tests
    // do not depend on every product module loading.
    const handlers = options.handlers ?? (await import("./services/index.js")).allHandlers;
    const runtime = createCloudRuntime({
      store,
      masterKey,
      handlers: [...handlers, ...(options.extraHandlers ?? [])],
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    const mounted: Mount[] = [];
    server = createCloudHttpServer({
      route: (req, res) => routeToMount(mounted, req, res),
      resolveCredential: runtime.resolveCredential,
      dispatch: runtime.dispatch,
      onCallFinished: runtime.onCallFinished,
      now,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    housekeeping = await startHousekeeping(store, now, options.logger);
    const started = housekeeping;
    const address = await startCloudHttpServer(server, { host, port: options.port ?? 0 });
    const urlHost = address.host.includes(":") ? `[${address.host}]` : address.host;
    const listening = server;
    let closing: Promise<void> | undefined;
    const cloud: RunningCloud = {
      url: `http://${urlHost}:${address.port}`,
      host: address.host,
      port: address.port,
      endpoint: `${urlHost}:${address.port}`,
      store,
      dataDir: layout.dir,
      credentialsFile: layout.credentials,
      managementAccount,
      firstStart: existing === 0,
      policiesChanged: runtime.policiesChanged,
      flush: runtime.flush,
      decodeDiagnostic: runtime.decodeDiagnostic,
      close: () => {
        closing ??= (async () => {
          for (const mount of mounted) await mount.close?.();
          await stopCloudHttpServer(listening, { graceMs: 2000 });
          await started.stop();
          await runtime.flush();
          await store.close();
          await lock.release();
        })();
        return closing;
      },
    };
    let result = cloud;
    if (options.seed === "demo") {
      const seedSummary = await runSeed(cloud);
      if (seedSummary !== undefined) result = { ...cloud, seedSummary };
    }
    for (const factory of options.mounts ?? []) mounted.push(await factory(result));
    return result;
  } catch (err) {
    if (server !== undefined) await stopCloudHttpServer(server, { graceMs: 0 });
    await housekeeping?.stop();
    await store.close();
    await lock.release();
    throw err;
  }
}

const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

interface Housekeeping {
  /** Stops the timer and waits for a purge in progress, so the store can be closed under it. */
  stop(): Promise<void>;
}

/**
 * Expired STS sessions and idempotency records are dead rows: purged at start (awaited) and then
 * hourly. The timer is unref'd: it never keeps a process alive that has nothing else to do.
 */
async function startHousekeeping(
  store: Store,
  now: () => Date,
  logger: CloudHttpLogger | undefined,
): Promise<Housekeeping> {
  const purge = async (): Promise<void> => {
    const at = now().toISOString();
    await store.sts.deleteExpired(at);
    await store.idempotency.deleteExpired(at);
  };
  await purge();
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= purge()
      .catch((err: unknown) => (logger ?? console).error("housekeeping failed", { err }))
      .finally(() => (running = undefined));
  }, HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** The demo seed is its own module (src/cloud/seed/demo.ts), written separately; loaded on demand. */
async function runSeed(cloud: RunningCloud): Promise<string | undefined> {
  // A variable specifier: the module is optional, and the compiler must not require it to exist.
  const specifier = "./seed/demo.js";
  let seed: { seedDemo?: (cloud: RunningCloud) => Promise<{ readonly summary?: unknown } | undefined> };
  try {
    seed = (await import(specifier)) as typeof seed;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Only the seed module itself missing means "not yet"; a module it imports missing is a bug.
    const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
    if (missing && /seed[\\/]demo/.test(String((err as Error).message))) {
      throw new CloudSetupError("the demo seed is not available yet", "start with --seed none (the default)");
    }
    throw err;
  }
  if (typeof seed.seedDemo !== "function") {
    throw new CloudSetupError("the demo seed is not available yet", "start with --seed none (the default)");
  }
  const result = await seed.seedDemo(cloud);
  cloud.policiesChanged();
  return typeof result?.summary === "string" ? result.summary : undefined;
}

function routeToMount(mounted: readonly Mount[], req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
  for (const mount of mounted) {
    if (path === mount.prefix || path.startsWith(`${mount.prefix}/`)) {
      mount.handle(req, res);
      return true;
    }
  }
  return false;
}
