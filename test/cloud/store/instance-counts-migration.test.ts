// Migration 0005 counts live instances per type and per vSwitch and numbers their held addresses:
// a data directory made before it, with live, stopped and deleted instances, upgrades in place and
// answers the quota and the allocator as a recount of its instances would.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { REGION, at, instance, vSwitch } from "./fixtures.js";
import { expectCountsToMatchRecount } from "./instance-counts-drift.js";
import type { Instance } from "../../../src/cloud/model/index.js";
import { freePrivateAddresses } from "../../../src/cloud/services/ecs/instances/index.js";
import { openSqliteStore } from "../../../src/cloud/store/index.js";
import { migrationProvider } from "../../../src/cloud/store/migrations/index.js";

const dir = mkdtempSync(join(tmpdir(), "imageguard-instance-counts-"));
const masterKey = randomBytes(32);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = "1000000000000001";
const B = "1000000000000002";

/** A database as imageguard made it before 0005. */
async function storeBefore0005(file: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(
    "0004-audit-indexes-that-serve",
  );
  await db.destroy();
  if (error) throw error;
}

/** Accounts and instances as the repositories wrote them before 0005 (no held address column). */
function insertAsBefore(file: string, instances: readonly Instance[]): void {
  const db = new BetterSqlite3(file);
  const account = db.prepare(
    "insert into accounts (account_id, display_name, kind, alias, created_at) values (?, ?, 'member', null, ?)",
  );
  for (const id of [A, B]) account.run(id, `account ${id}`, at(0));
  const insert = db.prepare(
    "insert into instances (instance_id, account_id, region_id, zone_id, instance_name, status, " +
      "instance_type, image_id, vpc_id, vswitch_id, private_ip_address, instance_charge_type, " +
      "internet_max_bandwidth_out, system_disk_id, system_disk_category, system_disk_size_gib, " +
      "system_disk_image_id, deletion_protection, created_at, deleted_at) " +
      "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PostPaid', 0, ?, 'cloud_essd', 40, ?, 0, ?, ?)",
  );
  for (const i of instances) {
    insert.run(
      i.instanceId,
      i.accountId,
      i.regionId,
      i.zoneId,
      i.instanceName,
      i.status,
      i.instanceType,
      i.imageId,
      i.vpcId,
      i.vSwitchId,
      i.privateIpAddress ?? null,
      i.systemDisk.diskId,
      i.imageId,
      i.createdAt,
      i.deletedAt ?? null,
    );
  }
  db.close();
}

describe("migration 0005 (instance counts)", () => {
  it("upgrades a store made before it in place: counts and held addresses as a recount gives them", async () => {
    // Given a database made before 0005 with a hole at .3 left by a deleted instance
    const file = join(dir, "upgrade.sqlite");
    await storeBefore0005(file);
    const deleted = { status: "Deleted", deletedAt: at(5) } as const;
    insertAsBefore(file, [
      instance("i-1", A, { privateIpAddress: "172.16.0.1" }),
      instance("i-2", A, { privateIpAddress: "172.16.0.2", instanceType: "ecs.g7.xlarge" }),
      instance("i-3", A, { privateIpAddress: "172.16.0.3", ...deleted }),
      instance("i-4", A, { privateIpAddress: "172.16.0.4", status: "Stopped" }),
      instance("i-5", A, { privateIpAddress: "172.16.0.5", vSwitchId: "vsw-2" }),
      instance("i-6", A, {
        privateIpAddress: "172.16.0.1",
        regionId: "cn-shanghai",
        zoneId: "cn-shanghai-b",
      }),
      instance("i-7", B, { privateIpAddress: "172.16.0.1" }),
      instance("i-8", B, { privateIpAddress: "172.16.0.2", ...deleted }),
      instance("i-9", B, { privateIpAddress: "172.16.0.03" }),
    ]);

    // When the current code opens it
    const store = await openSqliteStore({ file, masterKey });
    try {
      // Then the quota and the addresses answer as the instances say
      const types = await store.instances.countByType({ accountId: A, regionId: REGION });
      expect(Object.fromEntries(types)).toEqual({ "ecs.g7.large": 3, "ecs.g7.xlarge": 1 });
      await expectCountsToMatchRecount(store, [A, B]);
      // and the allocator finds the hole, then fills above the highest
      const vsw1 = vSwitch("vsw-1", "vpc-1", A, { cidrBlock: "172.16.0.0/24" });
      expect(await freePrivateAddresses(store, vsw1, 3)).toEqual(["172.16.0.3", "172.16.0.5", "172.16.0.6"]);
      const ofB = vSwitch("vsw-1", "vpc-1", B, { cidrBlock: "172.16.0.0/24" });
      expect(await freePrivateAddresses(store, ofB, 2)).toEqual(["172.16.0.2", "172.16.0.3"]);

      // and the counts keep up with writes after the upgrade
      await store.instances.insertMany([instance("i-10", A, { privateIpAddress: "172.16.0.3" })]);
      expect(await freePrivateAddresses(store, vsw1, 1)).toEqual(["172.16.0.5"]);
      await store.instances.markDeleted(["i-1"], at(9));
      expect(await freePrivateAddresses(store, vsw1, 1)).toEqual(["172.16.0.1"]);
      await expectCountsToMatchRecount(store, [A, B]);
    } finally {
      await store.close();
    }
  });

  it("runs inside the migrator's transaction where the backend gives it one (transactional DDL)", async () => {
    // Given a database made before 0005 with a live instance at an address above 2^31
    const file = join(dir, "in-transaction.sqlite");
    await storeBefore0005(file);
    insertAsBefore(file, [instance("i-1", A, { privateIpAddress: "192.168.0.1" })]);
    // When 0005 runs on a transaction, as Kysely's migrator hands it on PostgreSQL
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    try {
      const migrations = await migrationProvider.getMigrations();
      const m0005 = migrations["0005-instance-live-counts"];
      if (m0005 === undefined) throw new Error("migration 0005 is not registered");
      await db.transaction().execute((trx) => m0005.up(trx));
      // Then it ran there, and numbered the address whole
      const held = await db
        .selectFrom("instances" as never)
        .select("held_private_ip" as never)
        .execute();
      expect(held).toEqual([{ held_private_ip: 3232235521 }]);
    } finally {
      await db.destroy();
    }
  });
});
