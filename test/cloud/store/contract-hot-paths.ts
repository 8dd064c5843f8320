// The store contract, continued: what the local cloud's hot calls (RunInstances, DescribeImages,
// every call's caller and audit event) read and write through answers of their own — aggregates
// instead of listings, reads remembered within a transaction, transactions committed together —
// and what each must still guarantee. Run against every backend, as contract.ts. Given / When / Then.
import { afterEach, describe, expect, it } from "vitest";
import {
  REGION,
  account,
  allPages,
  at,
  customImage,
  instance,
  ipNumber as ip,
  securityGroup,
  vSwitch,
  vpc,
} from "./fixtures.js";
import type { Store } from "../../../src/cloud/store/index.js";
import type { OpenStore } from "./contract.js";
import { walkRandomWrites } from "./instance-counts-drift.js";

const A = "1000000000000001";
const B = "1000000000000002";

export function runHotPathContract(name: string, open: OpenStore): void {
  describe(`store contract, hot paths: ${name}`, () => {
    const opened: Store[] = [];
    let counter = 0;
    async function withAccounts(): Promise<Store> {
      const store = await open(`hot-${process.pid}-${Date.now()}-${counter++}`);
      opened.push(store);
      for (const id of [A, B]) await store.accounts.insert(account(id));
      return store;
    }
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    describe("what a launch asks of the account's instances", () => {
      it("counts live instances by type, per account and region, Deleted ones left out", async () => {
        // Given instances of two types, one deleted, one in another region, one of another account
        const store = await withAccounts();
        await store.instances.insertMany([
          instance("i-1", A, { instanceType: "ecs.g7.large" }),
          instance("i-2", A, { instanceType: "ecs.g7.large" }),
          instance("i-3", A, { instanceType: "ecs.g7.xlarge" }),
          instance("i-4", A, { instanceType: "ecs.g7.xlarge", status: "Deleted", deletedAt: at(5) }),
          instance("i-5", A, { regionId: "cn-shanghai", zoneId: "cn-shanghai-b" }),
          instance("i-6", B),
        ]);

        // When the quota counts them / Then
        const counts = await store.instances.countByType({ accountId: A, regionId: REGION });
        expect(Object.fromEntries(counts)).toEqual({ "ecs.g7.large": 2, "ecs.g7.xlarge": 1 });
        expect((await store.instances.countByType({ accountId: B, regionId: "cn-beijing" })).size).toBe(0);
      });

      it("tells how many of a vSwitch's addresses live instances hold and the highest, and lists them", async () => {
        // Given live, stopped and deleted instances in vsw-1, one elsewhere, one of another account,
        // one whose address is outside the range asked and one written with a leading zero
        const store = await withAccounts();
        await store.instances.insertMany([
          instance("i-1", A, { privateIpAddress: "172.16.0.4", publicIpAddress: "47.96.0.1" }),
          instance("i-2", A, { privateIpAddress: "172.16.0.5" }),
          instance("i-3", A, { privateIpAddress: "172.16.0.7", status: "Stopped" }),
          instance("i-4", A, {
            privateIpAddress: "172.16.0.6",
            publicIpAddress: "47.96.0.4",
            status: "Deleted",
            deletedAt: at(5),
          }),
          instance("i-5", A, { privateIpAddress: "172.16.1.1", vSwitchId: "vsw-2" }),
          instance("i-6", B, { privateIpAddress: "172.16.0.9", publicIpAddress: "47.96.0.9" }),
          instance("i-7", A, { privateIpAddress: "10.0.0.1" }),
          instance("i-8", A, { privateIpAddress: "172.16.0.08" }),
        ]);
        const owner = { accountId: A, regionId: REGION, vSwitchId: "vsw-1" };
        const range = { first: ip("172.16.0.1"), last: ip("172.16.0.254") };

        // When the allocator asks / Then
        expect(await store.instances.privateAddressSpan({ ...owner, ...range })).toEqual({
          held: 3,
          highest: ip("172.16.0.7"),
        });
        const from5 = { ...owner, from: ip("172.16.0.5"), last: range.last, limit: 10 };
        expect(await store.instances.heldPrivateAddresses(from5)).toEqual([
          ip("172.16.0.5"),
          ip("172.16.0.7"),
        ]);
        const first1 = { ...owner, from: range.first, last: range.last, limit: 1 };
        expect(await store.instances.heldPrivateAddresses(first1)).toEqual([ip("172.16.0.4")]);
        const empty = { ...owner, vSwitchId: "vsw-9" };
        expect(await store.instances.privateAddressSpan({ ...empty, ...range })).toEqual({
          held: 0,
          highest: undefined,
        });
        const publicOfA = await store.instances.publicAddressesInUse({ accountId: A, regionId: REGION });
        expect([...publicOfA]).toEqual(["47.96.0.1"]);
      });

      it("frees a deleted instance's address and type count, and moves them with updates", async () => {
        const store = await withAccounts();
        await store.instances.insertMany([
          instance("i-1", A, { privateIpAddress: "172.16.0.1" }),
          instance("i-2", A, { privateIpAddress: "172.16.0.2", instanceType: "ecs.g7.xlarge" }),
        ]);
        const owner = { accountId: A, regionId: REGION, vSwitchId: "vsw-1" };
        const range = { first: ip("172.16.0.1"), last: ip("172.16.0.254") };

        // When one stops, is retyped and moves address, and the other is deleted
        await store.instances.update("i-1", { status: "Stopped" });
        await store.instances.update("i-1", { instanceType: "ecs.c7.large", privateIpAddress: "172.16.0.9" });
        await store.instances.markDeleted(["i-2"], at(9));

        // Then only i-1 counts, with its new type and address
        const types = await store.instances.countByType({ accountId: A, regionId: REGION });
        expect(Object.fromEntries(types)).toEqual({ "ecs.c7.large": 1 });
        expect(await store.instances.privateAddressSpan({ ...owner, ...range })).toEqual({
          held: 1,
          highest: ip("172.16.0.9"),
        });

        // And clearing the address or an update to Deleted frees them as markDeleted does
        await store.instances.update("i-1", { privateIpAddress: null });
        expect((await store.instances.privateAddressSpan({ ...owner, ...range })).held).toBe(0);
        await store.instances.update("i-1", { status: "Deleted" });
        expect((await store.instances.countByType({ accountId: A, regionId: REGION })).size).toBe(0);
      });

      it("keeps its counts equal to a recount through random launches, changes, deletes and rollbacks", async () => {
        const store = await withAccounts();
        await walkRandomWrites(store, [A, B], 20261129, 120);
      });
    });

    describe("what DescribeImages asks in one query", () => {
      it("tells which image ids exist in a region and which are shared with anyone", async () => {
        const store = await withAccounts();
        for (const id of ["m-1", "m-2", "m-3"]) await store.images.insert(customImage(id, A));
        await store.images.share(REGION, "m-2", [B], at(1));

        const existing = await store.images.existing(REGION, ["m-1", "m-3", "m-none"]);
        const shared = await store.images.sharedAmong(REGION, ["m-1", "m-2", "m-3"]);

        expect([...existing].sort()).toEqual(["m-1", "m-3"]);
        expect([...shared]).toEqual(["m-2"]);
        expect((await store.images.existing("cn-shanghai", ["m-1"])).size).toBe(0);
        expect((await store.images.sharedAmong(REGION, [])).size).toBe(0);
      });
    });

    describe("one VPC's vSwitches and security groups", () => {
      it("lists them oldest first, the id breaking ties, on one page or across NextToken pages alike", async () => {
        // Given a VPC with vSwitches and groups created in one instant and later, and another VPC
        const store = await withAccounts();
        await store.network.vpcs.insert(vpc("vpc-1", A));
        await store.network.vpcs.insert(vpc("vpc-2", A, { cidrBlock: "10.0.0.0/8" }));
        const switches = ["vsw-c", "vsw-a", "vsw-b", "vsw-d"];
        for (const [i, id] of switches.entries()) {
          await store.network.vSwitches.insert(
            vSwitch(id, "vpc-1", A, { createdAt: at(i < 3 ? 20 : 10), cidrBlock: `172.16.${i}.0/24` }),
          );
          await store.network.securityGroups.insert(
            securityGroup(id.replace("vsw", "sg"), "vpc-1", A, { createdAt: at(i < 3 ? 20 : 10) }),
          );
        }
        await store.network.vSwitches.insert(vSwitch("vsw-other", "vpc-2", A, { cidrBlock: "10.0.0.0/24" }));
        const filter = { accountId: A, regionId: REGION, vpcId: "vpc-1" };

        // When listed whole, and page by page
        const whole = await store.network.vSwitches.list(filter, { maxResults: 500 });
        const paged = await allPages((nextToken) =>
          store.network.vSwitches.list(filter, nextToken ? { maxResults: 1, nextToken } : { maxResults: 1 }),
        );
        const groups = await allPages((nextToken) =>
          store.network.securityGroups.list(
            filter,
            nextToken ? { maxResults: 3, nextToken } : { maxResults: 3 },
          ),
        );

        // Then both give the same order, and the first page says there is more
        const expected = ["vsw-d", "vsw-a", "vsw-b", "vsw-c"];
        expect(whole.items.map((s) => s.vSwitchId)).toEqual(expected);
        expect(whole.nextToken).toBeUndefined();
        expect(paged.map((s) => s.vSwitchId)).toEqual(expected);
        expect(groups.map((g) => g.securityGroupId)).toEqual(["sg-d", "sg-a", "sg-b", "sg-c"]);
        expect(whole.items[0]).toEqual(
          vSwitch("vsw-d", "vpc-1", A, { createdAt: at(10), cidrBlock: "172.16.3.0/24" }),
        );
      });
    });

    describe("reads remembered within a transaction", () => {
      it("a read after a write in the same transaction sees the write", async () => {
        const store = await withAccounts();
        await store.images.insert(customImage("m-1", A));
        await store.network.vpcs.insert(vpc("vpc-1", A));
        await store.network.securityGroups.insert(securityGroup("sg-1", "vpc-1", A));

        await store.transaction(async (tx) => {
          // (read once, so that it is remembered)
          expect((await tx.images.get(REGION, "m-1"))?.status).toBe("Available");
          expect((await tx.network.securityGroups.get("sg-1"))?.securityGroupName).toBeUndefined();
          await tx.images.update(REGION, "m-1", { status: "Deprecated" });
          await tx.network.securityGroups.update("sg-1", { securityGroupName: "web" });
          expect((await tx.images.get(REGION, "m-1"))?.status).toBe("Deprecated");
          expect((await tx.network.securityGroups.get("sg-1"))?.securityGroupName).toBe("web");
          await tx.images.delete(REGION, "m-1");
          expect(await tx.images.get(REGION, "m-1")).toBeUndefined();
          // an image that was absent, then inserted
          expect(await tx.images.get(REGION, "m-2")).toBeUndefined();
          await tx.images.insert(customImage("m-2", A));
          expect(await tx.images.get(REGION, "m-2")).toBeDefined();
          // an account deleted with what it owns
          await tx.accounts.delete(A);
          expect(await tx.network.securityGroups.get("sg-1")).toBeUndefined();
        });
      });

      it("nothing is remembered from one transaction to the next", async () => {
        const store = await withAccounts();
        await store.images.insert(customImage("m-1", A));
        await store.transaction(async (tx) => void (await tx.images.get(REGION, "m-1")));
        await store.images.update(REGION, "m-1", { imageName: "renamed" });
        const seen = await store.transaction(async (tx) => tx.images.get(REGION, "m-1"));
        expect(seen?.imageName).toBe("renamed");
      });
    });

    describe("transactions committed together", () => {
      it("of transactions that overlap, a failing one leaves nothing and the others commit", async () => {
        // Given three transactions submitted at once, the second failing after a write
        const store = await withAccounts();
        const failure = new Error("no room for this one");
        const results = await Promise.allSettled([
          store.transaction((tx) => tx.instances.insertMany([instance("i-1", A)])),
          store.transaction(async (tx) => {
            await tx.instances.insertMany([instance("i-2", A)]);
            throw failure;
          }),
          store.transaction((tx) => tx.instances.insertMany([instance("i-3", A)])),
        ]);

        // Then the failure is reported to its caller alone, and only its write is gone
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
        expect((results[1] as PromiseRejectedResult).reason).toBe(failure);
        const ids = (await store.instances.list({ accountId: A }, { maxResults: 10 })).items.map(
          (i) => i.instanceId,
        );
        expect(ids.sort()).toEqual(["i-1", "i-3"]);
      });

      it("each transaction sees the ones submitted before it, as if they had committed in turn", async () => {
        const store = await withAccounts();
        const seen = await Promise.all(
          [1, 2, 3].map((n) =>
            store.transaction(async (tx) => {
              const before = await tx.instances.count({ accountId: A });
              await tx.instances.insertMany([instance(`i-${n}`, A)]);
              return before;
            }),
          ),
        );
        expect(seen).toEqual([0, 1, 2]);
      });

      it("a query outside any transaction waits for the transactions in progress to commit", async () => {
        const store = await withAccounts();
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const writing = store.transaction(async (tx) => {
          await tx.instances.insertMany([instance("i-1", A)]);
          await held;
        });
        // the write is not visible until its transaction committed
        const reading = store.instances.get("i-1");
        release();
        await writing;
        expect(await reading).toBeDefined();
      });
    });

    describe("what resolving a caller reads", () => {
      it("moves the credentials version on every write to keys, users, roles, sessions and accounts", async () => {
        const store = await withAccounts();
        const versions: number[] = [store.credentialsVersion];
        const moved = async (write: () => Promise<unknown>) => {
          await write();
          versions.push(store.credentialsVersion);
          return versions.at(-1)! > versions.at(-2)!;
        };
        const key = {
          accessKeyId: "LTAIversion",
          accountId: A,
          owner: { type: "root" } as const,
          status: "Active" as const,
          createdAt: at(1),
          accessKeySecret: "secret",
        };
        const user = {
          accountId: A,
          userId: "u-1",
          userName: "alice",
          displayName: "alice",
          createdAt: at(1),
          updatedAt: at(1),
        };
        expect(await moved(() => store.ram.accessKeys.insert(key))).toBe(true);
        expect(await moved(() => store.ram.accessKeys.setStatus(key.accessKeyId, "Inactive"))).toBe(true);
        // its last use is not part of who calls
        expect(await moved(() => store.ram.accessKeys.markUsed(key.accessKeyId, at(2)))).toBe(false);
        expect(await moved(() => store.ram.accessKeys.delete(key.accessKeyId))).toBe(true);
        await store.ram.users.insert(user);
        expect(
          await moved(() => store.ram.users.update("u-1", { userName: "alice2", updatedAt: at(3) })),
        ).toBe(true);
        expect(await moved(() => store.ram.users.delete("u-1"))).toBe(true);
        expect(await moved(() => store.sts.deleteExpired(at(9)))).toBe(true);
        expect(await moved(() => store.accounts.delete(B))).toBe(true);
        // reading moves nothing
        expect(await moved(() => store.ram.accessKeys.get(key.accessKeyId))).toBe(false);
      });
    });
  });
}
