// The floor: the least any durable, authenticated RunInstances can cost on this stack. The cloud's own
// HTTP edge (src/cloud/http: reading, V3 authentication with the timestamp window and the nonce
// cache, the envelope, rendering) in front of a dispatch that only writes a launch's rows, with the
// cloud's schema and pragmas, into SQLite: the instance, its group link, its tag, the two live counts
// and the audit event, each call in its own savepoint, calls committed together, answered after the
// commit. No authorization, no parameter checks, no quota or address lookups, no store layer. What
// the cloud costs above this is the work this code does; what this costs above the bare server is
// what no implementation on Node, HTTP and SQLite can avoid.
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import {
  createCloudHttpServer,
  type AuthenticatedCall,
  type ResolvedCredential,
} from "../../src/cloud/http/index.js";
import { newEventId, newRegionalId } from "../../src/cloud/model/index.js";
import { openSqliteStore } from "../../src/cloud/store/index.js";
import type { Server } from "node:http";

export interface FloorKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly accountId: string;
}

/**
 * What the dispatch writes: `none` answers at once (the HTTP edge alone); `cloud` writes the launch's
 * rows into the cloud's schema, every index and foreign key included; `lean` writes the same rows
 * into the same tables with their primary keys only (no secondary index, no foreign-key checks): the
 * least a durable launch and its audit event can write.
 */
export type FloorRows = "none" | "cloud" | "lean";

/** The order the benchmark measures them in, and the names it prints. */
export const FLOOR_ROWS: readonly FloorRows[] = ["none", "cloud", "lean"];
export function floorLabel(rows: FloorRows): string {
  return { none: "edge", cloud: "floor", lean: "lean" }[rows];
}

export interface FloorServer {
  readonly label: string;
  readonly host: string;
  readonly port: number;
  /** Launch rows written so far (a check that the floor did its work). */
  launched(): number;
  close(): Promise<void>;
}

interface Pending {
  readonly call: AuthenticatedCall;
  readonly resolve: (body: Record<string, unknown>) => void;
  readonly reject: (error: unknown) => void;
}

const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
parentPort.on("message", (m) => {
  if (m === "close") { db.close(); parentPort.close(); return; }
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
});
`;

const LEAN_TABLES = ["instances", "instance_security_groups", "tags", "instance_counts", "audit_events"];

function answerOf(instanceId: string): Record<string, unknown> {
  return {
    InstanceIdSets: { InstanceIdSet: [instanceId] },
    OrderId: String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999)),
    TradePrice: 0,
  };
}

export async function startFloorServer(
  dir: string,
  keys: readonly FloorKey[],
  rows: FloorRows,
): Promise<FloorServer> {
  const file = join(dir, `floor-${rows}.db`);
  // The cloud's migrations make the schema, indexes included; then the store steps aside.
  const store = await openSqliteStore({ file, masterKey: randomBytes(32) });
  await store.close();

  const db = new BetterSqlite3(file);
  let checkpointer: { readonly worker: Worker; readonly exited: Promise<void> } | undefined;
  // Whatever was opened, closed again: on close(), and when starting fails halfway.
  const closeStorage = async () => {
    if (checkpointer !== undefined) {
      checkpointer.worker.postMessage("close");
      await checkpointer.exited;
    }
    db.close();
  };
  try {
    return await serve();
  } catch (error) {
    await closeStorage();
    throw error;
  }

  async function serve(): Promise<FloorServer> {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`foreign_keys = ${rows === "lean" ? "OFF" : "ON"}`);
    if (rows === "lean") {
      const indexes = db
        .prepare(
          `select name from sqlite_master where type = 'index' and sql is not null and tbl_name in (${LEAN_TABLES.map(() => "?").join(", ")})`,
        )
        .pluck()
        .all(...LEAN_TABLES) as string[];
      for (const name of indexes) db.exec(`drop index "${name}"`);
    }
    db.pragma("cache_size = -65536");
    db.pragma("temp_store = MEMORY");
    db.pragma("wal_autocheckpoint = 10000");
    const now0 = new Date().toISOString();
    const addAccount = db.prepare(
      "insert into accounts (account_id, display_name, kind, alias, created_at) values (?, ?, 'member', null, ?)",
    );
    for (const k of keys) addAccount.run(k.accountId, `floor ${k.accountId}`, now0);

    const insertInstance = db.prepare(`insert into instances (instance_id, account_id, region_id, zone_id,
    instance_name, host_name, description, status, instance_type, image_id, vpc_id, vswitch_id, key_pair_name,
    private_ip_address, public_ip_address, instance_charge_type, internet_max_bandwidth_out, system_disk_id,
    system_disk_category, system_disk_size_gib, system_disk_image_id, deletion_protection, created_at, started_at,
    deleted_at, held_private_ip) values (?, ?, ?, ?, ?, null, null, 'Pending', ?, ?, ?, ?, null, ?, null,
    'PostPaid', 0, ?, ?, 20, ?, 0, ?, null, null, ?)`);
    const insertGroup = db.prepare(
      "insert into instance_security_groups (instance_id, security_group_id, position) values (?, ?, 0)",
    );
    const insertTag =
      db.prepare(`insert into tags (account_id, region_id, resource_type, resource_id, tag_key,
    tag_value) values (?, ?, 'instance', ?, ?, ?)`);
    const bumpCount =
      db.prepare(`insert into instance_counts (account_id, region_id, dimension, subject, live)
    values (?, ?, ?, ?, 1) on conflict do update set live = live + 1`);
    const insertEvent = db.prepare(`insert into audit_events (event_id, event_time, event_name, service_name,
    account_id, principal_arn, access_key_id, region_id, decision, error_code, request_id, body)
    values (?, ?, ?, 'Ecs', ?, ?, ?, ?, 'Allow', null, ?, ?)`);
    const begin = db.prepare("begin immediate");
    const commit = db.prepare("commit");
    const savepoint = db.prepare("savepoint call");
    const release = db.prepare("release call");
    const rollbackTo = db.prepare("rollback to call");

    let nextIp = 0x0a000001;
    let launched = 0;
    const write = (call: AuthenticatedCall): Record<string, unknown> => {
      const account = call.principal as string;
      const p = call.params;
      const region = p.RegionId ?? "cn-hangzhou";
      const instanceId = newRegionalId("instance", region);
      const at = call.receivedAt.toISOString();
      const ip = nextIp++;
      const vswitch = `vsw-floor-${account}`;
      insertInstance.run(
        instanceId,
        account,
        region,
        `${region}-h`,
        p.InstanceName ?? instanceId,
        p.InstanceType,
        p.ImageId,
        `vpc-floor-${account}`,
        vswitch,
        `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`,
        newRegionalId("disk", region),
        p["SystemDisk.Category"] ?? "cloud_essd",
        p.ImageId,
        at,
        ip,
      );
      insertGroup.run(instanceId, p.SecurityGroupId);
      if (p["Tag.1.Key"] !== undefined)
        insertTag.run(account, region, instanceId, p["Tag.1.Key"], p["Tag.1.Value"] ?? "");
      bumpCount.run(account, region, "instance_type", p.InstanceType);
      bumpCount.run(account, region, "vswitch", vswitch);
      const eventId = newEventId();
      const principalArn = `acs:ram::${account}:user/launcher`;
      // An event of the cloud's shape and size: ActionTrail's fields with the request's parameters.
      const body = JSON.stringify({
        eventId,
        eventVersion: "1",
        eventSource: "ecs.aliyuncs.com",
        eventType: "ApiCall",
        eventName: call.action,
        eventRW: "Write",
        eventTime: at,
        acsRegion: region,
        serviceName: "Ecs",
        apiVersion: call.version,
        requestId: call.requestId,
        sourceIpAddress: call.sourceIp,
        userAgent: call.userAgent,
        userIdentity: {
          type: "ram-user",
          principalId: "2" + account.slice(1),
          accountId: account,
          accessKeyId: call.accessKeyId,
          userName: "launcher",
          arn: principalArn,
        },
        requestParameters: p,
        responseElements: { InstanceIdSets: { InstanceIdSet: [instanceId] } },
        decision: "Allow",
        signatureVersion: call.signatureVersion,
      });
      insertEvent.run(
        eventId,
        at,
        call.action,
        account,
        principalArn,
        call.accessKeyId,
        region,
        call.requestId,
        body,
      );
      launched++;
      return answerOf(instanceId);
    };

    // Group commit, as the cloud's store does it: the calls waiting run one by one in one transaction,
    // each in its own savepoint, and are answered after the commit.
    let pending: Pending[] = [];
    let scheduled = false;
    let commits = 0;
    const worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve("better-sqlite3") },
    });
    checkpointer = { worker, exited: new Promise<void>((resolve) => worker.once("exit", () => resolve())) };
    // A worker that cannot run leaves the WAL to the connection's own checkpoints.
    worker.on("error", (error) =>
      console.error(`floor server: the checkpoint worker stopped: ${String(error)}`),
    );
    const flush = () => {
      scheduled = false;
      const group = pending;
      pending = [];
      const answers: (Record<string, unknown> | undefined)[] = [];
      const errors: unknown[] = [];
      try {
        begin.run();
        for (const item of group) {
          savepoint.run();
          try {
            answers.push(write(item.call));
            errors.push(undefined);
            release.run();
          } catch (error) {
            rollbackTo.run();
            release.run();
            answers.push(undefined);
            errors.push(error);
          }
        }
        commit.run();
      } catch (error) {
        // A failed BEGIN or COMMIT fails the whole group: nothing of it is durable.
        try {
          if (db.inTransaction) db.exec("rollback");
        } catch {
          // The connection itself is broken: the group fails all the same.
        }
        for (const item of group) item.reject(error);
        return;
      }
      if (++commits % 32 === 0) worker.postMessage("checkpoint");
      group.forEach((item, i) => {
        const answer = answers[i];
        if (answer !== undefined) item.resolve(answer);
        else item.reject(errors[i]);
      });
    };

    const secrets = new Map(keys.map((k) => [k.accessKeyId, k]));
    const server: Server = createCloudHttpServer({
      resolveCredential: async (accessKeyId): Promise<ResolvedCredential | undefined> => {
        const key = secrets.get(accessKeyId);
        return key && { secret: key.accessKeySecret, status: "Active", principal: key.accountId };
      },
      dispatch: (call) =>
        rows === "none"
          ? Promise.resolve(answerOf(newRegionalId("instance", "cn-hangzhou")))
          : new Promise((resolve, reject) => {
              pending.push({ call, resolve, reject });
              if (!scheduled) {
                scheduled = true;
                setImmediate(flush);
              }
            }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address() as AddressInfo;
    return {
      label: floorLabel(rows),
      host: address.address,
      port: address.port,
      launched: () => launched,
      close: async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        });
        await closeStorage();
      },
    };
  }
}
