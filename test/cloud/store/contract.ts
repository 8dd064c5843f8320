// The store contract: what every backend must do, run against each of them (sqlite.test.ts, and
// store.pg.test.ts once PostgreSQL is there). Tests read Given / When / Then.
import { afterEach, describe, expect, it } from "vitest";
import {
  REGION,
  ZONE,
  account,
  allPages,
  at,
  customImage,
  instance,
  securityGroup,
  systemImage,
  vSwitch,
  vpc,
} from "./fixtures.js";
import { StoreError } from "../../../src/cloud/store/index.js";
import type { Store } from "../../../src/cloud/store/index.js";
import type { AuditEvent, Image, RamPolicyRef } from "../../../src/cloud/model/index.js";

/** Opens a store: the same `database` name reaches the same database again, a new name a new, empty one. */
export type OpenStore = (database: string) => Promise<Store>;

const A = "1000000000000001";
const B = "1000000000000002";
const C = "1000000000000003";

export function runStoreContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = [];
    let counter = 0;
    /** A store over a new database, closed after the test. */
    async function fresh(): Promise<Store> {
      const store = await open(`contract-${process.pid}-${Date.now()}-${counter++}`);
      opened.push(store);
      return store;
    }
    /** A store with accounts A, B and C. */
    async function withAccounts(): Promise<Store> {
      const store = await fresh();
      for (const id of [A, B, C]) await store.accounts.insert(account(id));
      return store;
    }
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    describe("accounts", () => {
      it("round-trips an account and finds it by alias", async () => {
        const store = await fresh();
        const given = account(A, { alias: "acme", kind: "management" });
        await store.accounts.insert(given);
        expect(await store.accounts.get(A)).toEqual(given);
        expect(await store.accounts.getByAlias("acme")).toEqual(given);
        expect(await store.accounts.get(B)).toBeUndefined();
      });

      it("patches only the fields named, and null clears an optional one", async () => {
        const store = await fresh();
        await store.accounts.insert(account(A, { alias: "acme" }));
        expect(await store.accounts.update(A, { displayName: "Acme Corp" })).toBe(true);
        expect(await store.accounts.get(A)).toMatchObject({ displayName: "Acme Corp", alias: "acme" });
        expect(await store.accounts.update(A, { alias: null })).toBe(true);
        expect((await store.accounts.get(A))?.alias).toBeUndefined();
        expect(await store.accounts.update(B, { displayName: "nobody" })).toBe(false);
      });

      it("refuses a second account with the same alias", async () => {
        const store = await fresh();
        await store.accounts.insert(account(A, { alias: "acme" }));
        await expect(store.accounts.insert(account(B, { alias: "acme" }))).rejects.toThrow();
      });

      it("deleting an account deletes what it owns and keeps the audit trail", async () => {
        const store = await withAccounts();
        await store.images.insert(customImage("m-a", A));
        await store.tags.set({ regionId: REGION, resourceType: "image", resourceId: "m-a" }, A, [
          { key: "k", value: "v" },
        ]);
        await store.ram.users.insert(user(A, "u-a", "alice"));
        await store.audit.append(event("e-1", at(1), { accountId: A }));
        expect(await store.accounts.delete(A)).toBe(true);
        expect(await store.images.get(REGION, "m-a")).toBeUndefined();
        expect(await store.tags.list({ regionId: REGION, resourceType: "image", resourceId: "m-a" })).toEqual(
          [],
        );
        expect(await store.ram.users.getById("u-a")).toBeUndefined();
        expect(await store.audit.get("e-1")).toBeDefined();
        expect(await store.accounts.get(B)).toBeDefined();
      });
    });

    describe("paging", () => {
      async function storeWithAccounts(n: number): Promise<{ store: Store; ids: string[] }> {
        const store = await fresh();
        const ids = Array.from({ length: n }, (_, i) => String(2000000000000000 + i));
        // inserted out of order: the listing orders them
        for (const id of [...ids].reverse()) await store.accounts.insert(account(id));
        return { store, ids };
      }

      it("PageNumber/PageSize gives the page and the total", async () => {
        const { store, ids } = await storeWithAccounts(7);
        const page2 = await store.accounts.list({}, { pageNumber: 2, pageSize: 3 });
        expect(page2.totalCount).toBe(7);
        expect(page2.pageNumber).toBe(2);
        expect(page2.pageSize).toBe(3);
        expect(page2.items.map((a) => a.id)).toEqual(ids.slice(3, 6));
        const page3 = await store.accounts.list({}, { pageNumber: 3, pageSize: 3 });
        expect(page3.items.map((a) => a.id)).toEqual(ids.slice(6));
        expect(page3.totalCount).toBe(7);
        const whole = await store.accounts.list({}, { pageNumber: 1, pageSize: 50 });
        expect(whole).toMatchObject({ totalCount: 7, pageNumber: 1, pageSize: 50 });
        const filteredEmpty = await store.accounts.list({ kind: "member" }, { pageNumber: 1, pageSize: 5 });
        expect(filteredEmpty).toMatchObject({ items: [], totalCount: 0 });
        const beyond = await store.accounts.list({}, { pageNumber: 4, pageSize: 3 });
        expect(beyond).toMatchObject({ items: [], totalCount: 7 });
      });

      it("NextToken/MaxResults walks every row once, in the same order, and ends without a token", async () => {
        const { store, ids } = await storeWithAccounts(7);
        const first = await store.accounts.list({}, { maxResults: 3 });
        expect(first.items.map((a) => a.id)).toEqual(ids.slice(0, 3));
        expect(first.nextToken).toEqual(expect.any(String));
        const walked = await allPages((nextToken) => store.accounts.list({}, { maxResults: 3, nextToken }));
        expect(walked.map((a) => a.id)).toEqual(ids);
        const exact = await store.accounts.list({}, { maxResults: 7 });
        expect(exact.items).toHaveLength(7);
        expect(exact.nextToken).toBeUndefined();
      });

      it("a NextToken page stays correct when rows are inserted before it", async () => {
        const { store, ids } = await storeWithAccounts(4);
        const first = await store.accounts.list({}, { maxResults: 2 });
        await store.accounts.insert(account("1999999999999999"));
        const second = await store.accounts.list({}, { maxResults: 2, nextToken: first.nextToken });
        expect(second.items.map((a) => a.id)).toEqual(ids.slice(2, 4));
      });

      it("rejects a forged NextToken and non-positive sizes with StoreError codes", async () => {
        const { store } = await storeWithAccounts(2);
        await expect(store.accounts.list({}, { maxResults: 2, nextToken: "garbage" })).rejects.toMatchObject({
          code: "invalid-next-token",
        });
        await expect(store.accounts.list({}, { pageNumber: 0, pageSize: 10 })).rejects.toBeInstanceOf(
          StoreError,
        );
        await expect(store.accounts.list({}, { maxResults: 0 })).rejects.toMatchObject({
          code: "invalid-paging",
        });
      });

      it("an empty id list matches nothing", async () => {
        const { store } = await storeWithAccounts(2);
        expect(
          (await store.accounts.list({ accountIds: [] }, { pageNumber: 1, pageSize: 10 })).totalCount,
        ).toBe(0);
      });
    });

    describe("RAM users, groups and roles", () => {
      it("round-trips a user, renames it under the same id, and lists by name", async () => {
        const store = await withAccounts();
        const alice = user(A, "u-1", "alice", { email: "alice@example.com" });
        await store.ram.users.insert(alice);
        await store.ram.users.insert(user(A, "u-2", "bob"));
        await store.ram.users.insert(user(B, "u-3", "carol"));
        expect(await store.ram.users.get(A, "alice")).toEqual(alice);
        expect(await store.ram.users.update("u-1", { userName: "alicia", updatedAt: at(5) })).toBe(true);
        expect(await store.ram.users.get(A, "alice")).toBeUndefined();
        expect(await store.ram.users.getById("u-1")).toMatchObject({ userName: "alicia", updatedAt: at(5) });
        const page = await store.ram.users.list({ accountId: A }, { maxResults: 10 });
        expect(page.items.map((u) => u.userName)).toEqual(["alicia", "bob"]);
      });

      it("refuses two users with one name in an account, allows it across accounts", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.users.insert(user(B, "u-2", "alice"));
        await expect(store.ram.users.insert(user(A, "u-3", "alice"))).rejects.toThrow();
      });

      it("tracks group memberships both ways", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.users.insert(user(A, "u-2", "bob"));
        for (const [groupId, groupName] of [
          ["g-1", "devs"],
          ["g-2", "admins"],
        ] as const) {
          await store.ram.groups.insert({
            accountId: A,
            groupId,
            groupName,
            createdAt: at(1),
            updatedAt: at(1),
          });
        }
        await store.ram.groups.addMember({ groupId: "g-1", userId: "u-1", joinedAt: at(2) });
        await store.ram.groups.addMember({ groupId: "g-2", userId: "u-1", joinedAt: at(2) });
        await store.ram.groups.addMember({ groupId: "g-1", userId: "u-2", joinedAt: at(2) });
        expect((await store.ram.groups.listForUser("u-1")).map((g) => g.groupName)).toEqual([
          "admins",
          "devs",
        ]);
        const members = await store.ram.groups.listMembers("g-1", { pageNumber: 1, pageSize: 10 });
        expect(members.totalCount).toBe(2);
        expect(members.items.map((u) => u.userName)).toEqual(["alice", "bob"]);
        expect(await store.ram.groups.getMembership("g-1", "u-2")).toEqual({
          groupId: "g-1",
          userId: "u-2",
          joinedAt: at(2),
        });
        expect(await store.ram.groups.removeMember("g-1", "u-2")).toBe(true);
        expect(await store.ram.groups.removeMember("g-1", "u-2")).toBe(false);
        expect(await store.ram.groups.getMembership("g-1", "u-2")).toBeUndefined();
        await expect(
          store.ram.groups.addMember({ groupId: "g-1", userId: "u-1", joinedAt: at(3) }),
        ).rejects.toThrow();
      });

      it("deleting a user removes its memberships and attachments; an AccessKey blocks it", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.groups.insert({
          accountId: A,
          groupId: "g-1",
          groupName: "devs",
          createdAt: at(1),
          updatedAt: at(1),
        });
        await store.ram.groups.addMember({ groupId: "g-1", userId: "u-1", joinedAt: at(2) });
        await store.ram.policies.insert({ ...customPolicy(A, "P"), document: DOC, createdAt: at(1) });
        await store.ram.policies.attach({
          accountId: A,
          policy: customPolicy(A, "P"),
          principalType: "User",
          principalId: "u-1",
          attachedAt: at(3),
        });
        await store.ram.accessKeys.insert(accessKey("LTAIuser", A, { type: "user", userId: "u-1" }));
        await expect(store.ram.users.delete("u-1")).rejects.toThrow();
        // nothing of the refused delete remains done
        expect(await store.ram.policies.countAttachments(customPolicy(A, "P"))).toBe(1);
        await store.ram.accessKeys.delete("LTAIuser");
        expect(await store.ram.users.delete("u-1")).toBe(true);
        expect(await store.ram.groups.listMembers("g-1", { maxResults: 10 })).toEqual({ items: [] });
        expect(await store.ram.policies.countAttachments(customPolicy(A, "P"))).toBe(0);
      });

      it("finds a role by name, id and ARN and updates its trust policy", async () => {
        const store = await withAccounts();
        const role = {
          accountId: A,
          roleId: "3000000000000000001",
          roleName: "Admin",
          arn: `acs:ram::${A}:role/admin`,
          assumeRolePolicyDocument: '{"Version":"1","Statement":[]}',
          maxSessionDuration: 3600,
          createdAt: at(1),
          updatedAt: at(1),
        };
        await store.ram.roles.insert(role);
        expect(await store.ram.roles.get(A, "Admin")).toEqual(role);
        expect(await store.ram.roles.getByArn(role.arn)).toEqual(role);
        expect(
          await store.ram.roles.update(role.roleId, { maxSessionDuration: 7200, description: "ops" }),
        ).toBe(true);
        expect(await store.ram.roles.getById(role.roleId)).toMatchObject({
          maxSessionDuration: 7200,
          description: "ops",
        });
        expect(
          (await store.ram.roles.list({ accountId: A }, { pageNumber: 1, pageSize: 5 })).totalCount,
        ).toBe(1);
        expect(await store.ram.roles.delete(role.roleId)).toBe(true);
        expect(await store.ram.roles.getByArn(role.arn)).toBeUndefined();
      });
    });

    describe("RAM policies", () => {
      const custom = customPolicy(A, "ImageGuard");
      const system: RamPolicyRef = { policyType: "System", policyName: "AliyunECSFullAccess" };

      it("creates v1 as the default and numbers later versions without reusing ids", async () => {
        const store = await withAccounts();
        const created = await store.ram.policies.insert({
          ...custom,
          description: "d",
          document: DOC,
          createdAt: at(1),
        });
        expect(created).toMatchObject({ ...custom, defaultVersion: "v1", description: "d" });
        expect(await store.ram.policies.getDefaultVersion(custom)).toMatchObject({
          versionId: "v1",
          document: DOC,
          isDefaultVersion: true,
        });
        const v2 = await store.ram.policies.addVersion(custom, {
          document: DOC2,
          createdAt: at(2),
          setAsDefault: false,
        });
        expect(v2).toMatchObject({ versionId: "v2", isDefaultVersion: false });
        expect(await store.ram.policies.deleteVersion(custom, "v2")).toBe(true);
        const v3 = await store.ram.policies.addVersion(custom, {
          document: DOC2,
          createdAt: at(3),
          setAsDefault: true,
        });
        expect(v3?.versionId).toBe("v3");
        expect((await store.ram.policies.get(custom))?.defaultVersion).toBe("v3");
        expect(await store.ram.policies.getVersion(custom, "v1")).toMatchObject({ isDefaultVersion: false });
        expect(
          await store.ram.policies.addVersion(customPolicy(A, "Missing"), {
            document: DOC,
            createdAt: at(4),
            setAsDefault: true,
          }),
        ).toBeUndefined();
      });

      it("lists versions in number order (v10 after v9)", async () => {
        const store = await withAccounts();
        await store.ram.policies.insert({ ...custom, document: DOC, createdAt: at(0) });
        for (let i = 2; i <= 11; i++) {
          await store.ram.policies.addVersion(custom, {
            document: DOC,
            createdAt: at(0),
            setAsDefault: false,
          });
        }
        const ids = (await store.ram.policies.listVersions(custom)).map((v) => v.versionId);
        expect(ids).toEqual(Array.from({ length: 11 }, (_, i) => `v${i + 1}`));
      });

      it("sets the default only to a version that exists", async () => {
        const store = await withAccounts();
        await store.ram.policies.insert({ ...custom, document: DOC, createdAt: at(0) });
        await store.ram.policies.addVersion(custom, {
          document: DOC2,
          createdAt: at(1),
          setAsDefault: false,
        });
        expect(await store.ram.policies.setDefaultVersion(custom, "v9", at(2))).toBe(false);
        expect(await store.ram.policies.setDefaultVersion(custom, "v2", at(2))).toBe(true);
        expect(await store.ram.policies.get(custom)).toMatchObject({
          defaultVersion: "v2",
          updatedAt: at(2),
        });
      });

      it("lists system and the account's custom policies, custom first", async () => {
        const store = await withAccounts();
        await store.ram.policies.insert({ ...system, document: DOC, createdAt: at(0) });
        await store.ram.policies.insert({ ...custom, document: DOC, createdAt: at(0) });
        await store.ram.policies.insert({ ...customPolicy(B, "Other"), document: DOC, createdAt: at(0) });
        const all = await store.ram.policies.list({ accountId: A }, { pageNumber: 1, pageSize: 10 });
        expect(all.totalCount).toBe(2);
        expect(all.items.map((p) => p.policyName)).toEqual(["ImageGuard", "AliyunECSFullAccess"]);
        const walked = await allPages((nextToken) =>
          store.ram.policies.list({ accountId: A }, { maxResults: 1, nextToken }),
        );
        expect(walked.map((p) => p.policyName)).toEqual(["ImageGuard", "AliyunECSFullAccess"]);
        const onlySystem = await store.ram.policies.list(
          { accountId: A, policyType: "System" },
          { maxResults: 10 },
        );
        expect(onlySystem.items).toEqual([expect.objectContaining(system)]);
      });

      it("attaches system and custom policies and gives authorization the default documents of a user and its groups", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.groups.insert({
          accountId: A,
          groupId: "g-1",
          groupName: "devs",
          createdAt: at(1),
          updatedAt: at(1),
        });
        await store.ram.policies.insert({ ...system, document: DOC, createdAt: at(0) });
        await store.ram.policies.insert({ ...custom, document: DOC, createdAt: at(0) });
        await store.ram.policies.addVersion(custom, { document: DOC2, createdAt: at(1), setAsDefault: true });
        await store.ram.policies.attach({
          accountId: A,
          policy: system,
          principalType: "Group",
          principalId: "g-1",
          attachedAt: at(2),
        });
        await store.ram.policies.attach({
          accountId: A,
          policy: custom,
          principalType: "User",
          principalId: "u-1",
          attachedAt: at(3),
        });
        // the same system policy attached in another account is not this user's
        await store.ram.users.insert(user(B, "u-9", "zed"));
        await store.ram.policies.attach({
          accountId: B,
          policy: system,
          principalType: "User",
          principalId: "u-9",
          attachedAt: at(3),
        });

        const documents = await store.ram.policies.documentsFor([
          { principalType: "User", principalId: "u-1" },
          { principalType: "Group", principalId: "g-1" },
        ]);
        expect(documents).toEqual([
          { principalType: "Group", principalId: "g-1", policy: system, versionId: "v1", document: DOC },
          { principalType: "User", principalId: "u-1", policy: custom, versionId: "v2", document: DOC2 },
        ]);
        expect(await store.ram.policies.countAttachments(system)).toBe(2);
        const inA = await store.ram.policies.listAttachments({ accountId: A, policy: system });
        expect(inA).toEqual([
          { accountId: A, policy: system, principalType: "Group", principalId: "g-1", attachedAt: at(2) },
        ]);
        expect(
          await store.ram.policies.listAttachments({
            accountId: A,
            principal: { principalType: "User", principalId: "u-1" },
          }),
        ).toHaveLength(1);
        expect(await store.ram.policies.documentsFor([])).toEqual([]);
      });

      it("refuses to delete an attached policy; deletes a detached one with its versions", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.policies.insert({ ...custom, document: DOC, createdAt: at(0) });
        const principal = { principalType: "User", principalId: "u-1" } as const;
        await store.ram.policies.attach({ accountId: A, policy: custom, ...principal, attachedAt: at(1) });
        await expect(store.ram.policies.delete(custom)).rejects.toThrow();
        expect(await store.ram.policies.detach(custom, A, principal)).toBe(true);
        expect(await store.ram.policies.delete(custom)).toBe(true);
        expect(await store.ram.policies.listVersions(custom)).toEqual([]);
      });
    });

    describe("AccessKeys and STS sessions", () => {
      it("returns the secret only through getWithSecret", async () => {
        const store = await withAccounts();
        const key = accessKey("LTAIroot0000000000000001", A, { type: "root" });
        await store.ram.accessKeys.insert(key);
        const { accessKeySecret, ...withoutSecret } = key;
        expect(await store.ram.accessKeys.get(key.accessKeyId)).toEqual(withoutSecret);
        expect(await store.ram.accessKeys.get(key.accessKeyId)).not.toHaveProperty("accessKeySecret");
        expect(await store.ram.accessKeys.getWithSecret(key.accessKeyId)).toEqual(key);
        expect(accessKeySecret).toBe(key.accessKeySecret);
      });

      it("lists the root's keys apart from a user's, and changes status and last use", async () => {
        const store = await withAccounts();
        await store.ram.users.insert(user(A, "u-1", "alice"));
        await store.ram.accessKeys.insert(accessKey("LTAIroot", A, { type: "root" }));
        await store.ram.accessKeys.insert(accessKey("LTAIuser", A, { type: "user", userId: "u-1" }));
        expect(
          (await store.ram.accessKeys.listForOwner(A, { type: "root" })).map((k) => k.accessKeyId),
        ).toEqual(["LTAIroot"]);
        expect(
          (await store.ram.accessKeys.listForOwner(A, { type: "user", userId: "u-1" })).map(
            (k) => k.accessKeyId,
          ),
        ).toEqual(["LTAIuser"]);
        expect(await store.ram.accessKeys.setStatus("LTAIuser", "Inactive")).toBe(true);
        expect(await store.ram.accessKeys.markUsed("LTAIuser", at(9))).toBe(true);
        expect(await store.ram.accessKeys.get("LTAIuser")).toMatchObject({
          status: "Inactive",
          lastUsedAt: at(9),
        });
        expect(await store.ram.accessKeys.setStatus("LTAInone", "Active")).toBe(false);
      });

      it("round-trips a session with its secrets and drops it once expired", async () => {
        const store = await withAccounts();
        const session = {
          accessKeyId: "STS.abc",
          accountId: A,
          roleId: "3000000000000000001",
          roleArn: `acs:ram::${A}:role/admin`,
          roleSessionName: "s1",
          callerArn: `acs:ram::${B}:user/alice`,
          sessionPolicy: '{"Version":"1","Statement":[]}',
          sourceIdentity: "alice",
          createdAt: at(0),
          expiresAt: at(3600),
          accessKeySecret: "secret-1",
          securityToken: "CAIS-token",
        };
        await store.sts.insert(session);
        expect(await store.sts.getWithSecrets("STS.abc")).toEqual(session);
        expect(await store.sts.get("STS.abc")).not.toHaveProperty("securityToken");
        expect(await store.sts.deleteExpired(at(3599))).toBe(0);
        expect(await store.sts.deleteExpired(at(3601))).toBe(1);
        expect(await store.sts.get("STS.abc")).toBeUndefined();
      });
    });

    describe("Resource Directory and control policies", () => {
      async function directory(store: Store): Promise<void> {
        // Root ─ Production (fd-prod) ─ Web (fd-web) ─ account B;  account C under Root
        await store.directory.create({
          directoryId: "rd-1",
          managementAccountId: A,
          rootFolderId: "r-root",
          controlPolicyStatus: "Enabled",
          createdAt: at(0),
        });
        await store.directory.insertFolder({
          folderId: "fd-prod",
          folderName: "Production",
          parentFolderId: "r-root",
          createdAt: at(1),
        });
        await store.directory.insertFolder({
          folderId: "fd-web",
          folderName: "Web",
          parentFolderId: "fd-prod",
          createdAt: at(2),
        });
        await store.directory.insertMember({
          accountId: B,
          accountName: "b@rd-1.aliyunid.com",
          folderId: "fd-web",
          joinMethod: "created",
          accountType: "CloudAccount",
          joinedAt: at(3),
        });
        await store.directory.insertMember({
          accountId: C,
          folderId: "r-root",
          joinMethod: "invited",
          accountType: "CloudAccount",
          joinedAt: at(3),
        });
      }

      it("creates the directory with its root folder and walks a folder up to the root", async () => {
        const store = await withAccounts();
        await directory(store);
        expect(await store.directory.get()).toMatchObject({
          directoryId: "rd-1",
          rootFolderId: "r-root",
          controlPolicyStatus: "Enabled",
        });
        expect(await store.directory.getFolder("r-root")).toEqual({
          folderId: "r-root",
          folderName: "Root",
          createdAt: at(0),
        });
        expect((await store.directory.folderPath("fd-web")).map((f) => f.folderId)).toEqual([
          "fd-web",
          "fd-prod",
          "r-root",
        ]);
        expect(
          (await store.directory.listFolders({ parentFolderId: "r-root" }, { pageNumber: 1, pageSize: 10 }))
            .items,
        ).toEqual([
          { folderId: "fd-prod", folderName: "Production", parentFolderId: "r-root", createdAt: at(1) },
        ]);
        expect(await store.directory.setControlPolicyStatus("Disabling")).toBe(true);
        expect((await store.directory.get())?.controlPolicyStatus).toBe("Disabling");
      });

      it("places, lists and moves member accounts", async () => {
        const store = await withAccounts();
        await directory(store);
        expect(await store.directory.getMember(B)).toMatchObject({
          folderId: "fd-web",
          joinMethod: "created",
          accountName: "b@rd-1.aliyunid.com",
        });
        expect((await store.directory.getMember(C))?.accountName).toBeUndefined();
        expect(
          (await store.directory.listMembers({}, { maxResults: 10 })).items.map((m) => m.accountId),
        ).toEqual([B, C]);
        expect(
          (await store.directory.listMembers({ folderId: "r-root" }, { pageNumber: 1, pageSize: 10 }))
            .totalCount,
        ).toBe(1);
        expect(await store.directory.moveMember(B, "fd-prod")).toBe(true);
        expect((await store.directory.getMember(B))?.folderId).toBe("fd-prod");
      });

      it("refuses to delete a folder that still holds a folder or an account", async () => {
        const store = await withAccounts();
        await directory(store);
        await expect(store.directory.deleteFolder("fd-prod")).rejects.toThrow();
        await expect(store.directory.deleteFolder("fd-web")).rejects.toThrow();
        expect(await store.directory.deleteMember(B)).toBe(true);
        expect(await store.directory.deleteFolder("fd-web")).toBe(true);
        expect(await store.directory.getFolder("fd-web")).toBeUndefined();
      });

      it("deletes a folder or a member with its control policy attachments, and keeps them when the delete is refused", async () => {
        // Given the deny policy attached to both folders and to account B (in fd-web)
        const store = await withAccounts();
        await directory(store);
        await store.controlPolicies.insert(controlPolicy("cp-deny", "DenyUntaggedImages", "Custom"));
        for (const [targetId, targetType] of [
          ["fd-prod", "Folder"],
          ["fd-web", "Folder"],
          [B, "Account"],
        ] as const) {
          await store.controlPolicies.attach({
            policyId: "cp-deny",
            targetId,
            targetType,
            attachedAt: at(5),
          });
        }
        const targets = async () =>
          (await store.controlPolicies.listTargets("cp-deny")).map((t) => t.targetId).sort();

        // When deleting fd-prod is refused (it holds fd-web), then its attachment stays
        await expect(store.directory.deleteFolder("fd-prod")).rejects.toThrow();
        expect(await targets()).toEqual([B, "fd-prod", "fd-web"].sort());

        // When the member and then its folder are deleted, then their attachments go with them
        expect(await store.directory.deleteMember(B)).toBe(true);
        expect(await targets()).toEqual(["fd-prod", "fd-web"]);
        expect(await store.directory.deleteFolder("fd-web")).toBe(true);
        expect(await targets()).toEqual(["fd-prod"]);

        // And deleting what is gone changes nothing
        expect(await store.directory.deleteMember(B)).toBe(false);
        expect(await store.directory.deleteFolder("fd-web")).toBe(false);
      });

      it("gives authorization the path from a member account to the root with each node's policies", async () => {
        const store = await withAccounts();
        await directory(store);
        await store.controlPolicies.insert(
          controlPolicy("cp-FullAliyunAccess", "FullAliyunAccess", "System"),
        );
        await store.controlPolicies.insert(controlPolicy("cp-deny", "DenyUntaggedImages", "Custom"));
        for (const [targetId, targetType] of [
          ["r-root", "Root"],
          ["fd-prod", "Folder"],
          ["fd-web", "Folder"],
          [B, "Account"],
        ] as const) {
          await store.controlPolicies.attach({
            policyId: "cp-FullAliyunAccess",
            targetId,
            targetType,
            attachedAt: at(5),
          });
        }
        await store.controlPolicies.attach({
          policyId: "cp-deny",
          targetId: "fd-prod",
          targetType: "Folder",
          attachedAt: at(6),
        });

        const path = await store.controlPolicies.pathFor(B);
        expect(
          path.map((n) => [n.targetType, n.targetId, n.name, n.policies.map((p) => p.policyName)]),
        ).toEqual([
          ["Account", B, `account ${B}`, ["FullAliyunAccess"]],
          ["Folder", "fd-web", "Web", ["FullAliyunAccess"]],
          ["Folder", "fd-prod", "Production", ["FullAliyunAccess", "DenyUntaggedImages"]],
          ["Root", "r-root", "Root", ["FullAliyunAccess"]],
        ]);
        expect(await store.controlPolicies.pathFor(A)).toEqual([]);
        expect(await store.controlPolicies.countForTarget("fd-prod")).toBe(2);
        expect((await store.controlPolicies.listTargets("cp-deny")).map((t) => t.targetId)).toEqual([
          "fd-prod",
        ]);
      });

      it("updates a control policy, refuses to delete it while attached, and finds it by name", async () => {
        const store = await withAccounts();
        await directory(store);
        await store.controlPolicies.insert(controlPolicy("cp-deny", "DenyUntaggedImages", "Custom"));
        await store.controlPolicies.attach({
          policyId: "cp-deny",
          targetId: "fd-prod",
          targetType: "Folder",
          attachedAt: at(6),
        });
        expect(
          await store.controlPolicies.update("cp-deny", {
            effectScope: "All",
            description: null,
            updatedAt: at(7),
          }),
        ).toBe(true);
        expect(await store.controlPolicies.getByName("DenyUntaggedImages")).toMatchObject({
          effectScope: "All",
          updatedAt: at(7),
        });
        expect((await store.controlPolicies.get("cp-deny"))?.description).toBeUndefined();
        await expect(store.controlPolicies.delete("cp-deny")).rejects.toThrow();
        expect(await store.controlPolicies.detach("cp-deny", "fd-prod")).toBe(true);
        expect(await store.controlPolicies.delete("cp-deny")).toBe(true);
        const page = await store.controlPolicies.list(
          { policyType: "Custom" },
          { pageNumber: 1, pageSize: 10 },
        );
        expect(page.totalCount).toBe(0);
      });

      it("deleting the directory removes folders, placements and control policies, not accounts", async () => {
        const store = await withAccounts();
        await directory(store);
        await store.controlPolicies.insert(controlPolicy("cp-deny", "DenyUntaggedImages", "Custom"));
        await store.controlPolicies.attach({
          policyId: "cp-deny",
          targetId: B,
          targetType: "Account",
          attachedAt: at(6),
        });
        expect(await store.directory.delete()).toBe(true);
        expect(await store.directory.get()).toBeUndefined();
        expect(await store.directory.getFolder("fd-web")).toBeUndefined();
        expect(await store.directory.getMember(B)).toBeUndefined();
        expect(await store.controlPolicies.get("cp-deny")).toBeUndefined();
        expect(await store.accounts.get(B)).toBeDefined();
      });
    });

    describe("images", () => {
      /** A owns m-a1 (golden) and m-a2; B owns m-b1, shared with A; C owns m-c1 (not shared); one system image. */
      async function images(): Promise<Store> {
        const store = await withAccounts();
        await store.images.insert(systemImage("aliyun_3_x64_20G_alibase_20240819.vhd", { createdAt: at(1) }));
        await store.images.insert(customImage("m-a1", A, { imageName: "Golden-Web", createdAt: at(10) }));
        await store.images.insert(
          customImage("m-a2", A, { imageName: "scratch_100%", createdAt: at(20), status: "Creating" }),
        );
        await store.images.insert(customImage("m-b1", B, { createdAt: at(30) }));
        await store.images.insert(customImage("m-c1", C, { createdAt: at(40) }));
        await store.images.share(REGION, "m-b1", [A], at(31));
        await tag(store, "m-a1", A, { environment: "production", status: "approved" });
        await tag(store, "m-a2", A, { environment: "production", status: "draft" });
        await tag(store, "m-b1", B, { environment: "production", status: "approved" });
        await tag(store, "m-c1", C, { environment: "production", status: "approved" });
        return store;
      }
      const ids = (page: { items: readonly Image[] }) => page.items.map((i) => i.imageId);

      it("round-trips custom and system images, sources included", async () => {
        const store = await withAccounts();
        const copied = customImage("m-copy", A, {
          source: { type: "copy", sourceRegionId: "cn-shanghai", sourceImageId: "m-orig" },
        });
        const imported = customImage("m-imp", A, {
          source: { type: "import", ossBucket: "b", ossObject: "o.qcow2" },
          bootMode: "UEFI",
        });
        const sys = systemImage("ubuntu_22_04_x64_20G_alibase_20240130.vhd");
        for (const image of [copied, imported, sys]) await store.images.insert(image);
        expect(await store.images.get(REGION, "m-copy")).toEqual(copied);
        expect(await store.images.get(REGION, "m-imp")).toEqual(imported);
        expect(await store.images.get(REGION, sys.imageId)).toEqual(sys);
        // public ids repeat in every region
        await store.images.insert({ ...sys, regionId: "cn-shanghai" });
        expect(await store.images.get("cn-shanghai", sys.imageId)).toEqual({
          ...sys,
          regionId: "cn-shanghai",
        });
      });

      it("shows the caller system images, its own and those shared with it, newest first", async () => {
        const store = await images();
        const page = await store.images.list(
          { regionId: REGION, callerAccountId: A },
          { pageNumber: 1, pageSize: 10 },
        );
        expect(ids(page)).toEqual(["m-b1", "m-a2", "m-a1", "aliyun_3_x64_20G_alibase_20240819.vhd"]);
        expect(page.totalCount).toBe(4);
        expect(
          ids(
            await store.images.list(
              { regionId: REGION, callerAccountId: A, visibility: ["others"] },
              { maxResults: 10 },
            ),
          ),
        ).toEqual(["m-b1"]);
        expect(
          ids(
            await store.images.list(
              { regionId: REGION, callerAccountId: A, visibility: ["self"] },
              { maxResults: 10 },
            ),
          ),
        ).toEqual(["m-a2", "m-a1"]);
        expect(await store.images.count({ regionId: REGION, callerAccountId: C })).toBe(2);
        expect(await store.images.count({ regionId: "cn-beijing", callerAccountId: A })).toBe(0);
      });

      it("pages across the union of visibilities in both styles", async () => {
        const store = await images();
        const filter = { regionId: REGION, callerAccountId: A };
        const walked = await allPages((nextToken) => store.images.list(filter, { maxResults: 1, nextToken }));
        expect(walked.map((i) => i.imageId)).toEqual([
          "m-b1",
          "m-a2",
          "m-a1",
          "aliyun_3_x64_20G_alibase_20240819.vhd",
        ]);
        expect(ids(await store.images.list(filter, { pageNumber: 2, pageSize: 2 }))).toEqual([
          "m-a1",
          "aliyun_3_x64_20G_alibase_20240819.vhd",
        ]);
      });

      it("filters by tags: every tag must match, a filter without a value asks for the key", async () => {
        const store = await images();
        const list = (tags: { key: string; value?: string }[]) =>
          store.images.list({ regionId: REGION, callerAccountId: A, tags }, { pageNumber: 1, pageSize: 10 });
        expect(
          ids(
            await list([
              { key: "environment", value: "production" },
              { key: "status", value: "approved" },
            ]),
          ),
        ).toEqual(["m-b1", "m-a1"]);
        expect(ids(await list([{ key: "status", value: "draft" }]))).toEqual(["m-a2"]);
        expect(ids(await list([{ key: "status" }, { key: "environment", value: "production" }]))).toEqual([
          "m-b1",
          "m-a2",
          "m-a1",
        ]);
        expect(ids(await list([{ key: "status", value: "approved" }, { key: "owner" }]))).toEqual([]);
        expect(ids(await list([{ key: "Status", value: "approved" }]))).toEqual([]); // keys are case-sensitive
        expect(
          await store.images.count({
            regionId: REGION,
            callerAccountId: A,
            tags: [{ key: "status", value: "approved" }],
          }),
        ).toBe(2);
      });

      it("filters by ids, status, name (case-insensitive, wildcards literal), owner and creation time", async () => {
        const store = await images();
        const list = (extra: object) =>
          store.images.list({ regionId: REGION, callerAccountId: A, ...extra }, { maxResults: 10 }).then(ids);
        expect(await list({ imageIds: ["m-a1", "m-c1"] })).toEqual(["m-a1"]);
        expect(await list({ imageIds: [] })).toEqual([]);
        expect(await list({ statuses: ["Creating"] })).toEqual(["m-a2"]);
        expect(await list({ imageNameContains: "golden" })).toEqual(["m-a1"]);
        expect(await list({ imageNameContains: "_100%" })).toEqual(["m-a2"]);
        expect(await list({ imageNameContains: "%" })).toEqual(["m-a2"]);
        expect(await list({ ownerAccountId: B, visibility: ["others"] })).toEqual(["m-b1"]);
        expect(await list({ createdFrom: at(10), createdTo: at(30) })).toEqual(["m-a2", "m-a1"]);
        expect(await list({ visibility: [] })).toEqual([]);
      });

      it("updates and deprecates an image; deleting it removes its shares and tags", async () => {
        const store = await images();
        expect(
          await store.images.update(REGION, "m-b1", {
            status: "Deprecated",
            deprecatedAt: at(50),
            description: "old",
          }),
        ).toBe(true);
        expect(await store.images.get(REGION, "m-b1")).toMatchObject({
          status: "Deprecated",
          deprecatedAt: at(50),
          description: "old",
        });
        expect(await store.images.isSharedWith(REGION, "m-b1", A)).toBe(true);
        expect(await store.images.delete(REGION, "m-b1")).toBe(true);
        expect(await store.images.isSharedWith(REGION, "m-b1", A)).toBe(false);
        expect(
          await store.tags.list({ regionId: REGION, resourceType: "image", resourceId: "m-b1" }),
        ).toEqual([]);
        expect(await store.images.delete(REGION, "m-b1")).toBe(false);
      });

      it("shares idempotently and unshares", async () => {
        const store = await images();
        await store.images.share(REGION, "m-a1", [B, C], at(60));
        await store.images.share(REGION, "m-a1", [B], at(61));
        expect((await store.images.listShares(REGION, "m-a1")).map((s) => [s.accountId, s.sharedAt])).toEqual(
          [
            [B, at(60)],
            [C, at(60)],
          ],
        );
        expect(await store.images.unshare(REGION, "m-a1", [B, "1999999999999999"])).toBe(1);
        expect(
          ids(
            await store.images.list(
              { regionId: REGION, callerAccountId: C, visibility: ["others"] },
              { maxResults: 5 },
            ),
          ),
        ).toEqual(["m-a1"]);
      });
    });

    describe("instances and network", () => {
      async function network(store: Store, accountId = A): Promise<void> {
        await store.network.vpcs.insert(vpc("vpc-1", accountId, { isDefault: true }));
        await store.network.vSwitches.insert(vSwitch("vsw-1", "vpc-1", accountId, { isDefault: true }));
        await store.network.securityGroups.insert(securityGroup("sg-1", "vpc-1", accountId));
        await store.network.securityGroups.insert(securityGroup("sg-2", "vpc-1", accountId));
      }

      it("inserts a batch with security groups in order and reads it back", async () => {
        const store = await withAccounts();
        await network(store);
        const batch = [
          instance("i-1", A, { securityGroupIds: ["sg-2", "sg-1"], keyPairName: "kp", createdAt: at(1) }),
          instance("i-2", A, { createdAt: at(2), deletionProtection: true, startedAt: at(3) }),
        ];
        await store.instances.insertMany(batch);
        expect(await store.instances.get("i-1")).toEqual(batch[0]);
        expect(await store.instances.get("i-2")).toEqual(batch[1]);
        const page = await store.instances.list(
          { accountId: A, regionId: REGION },
          { pageNumber: 1, pageSize: 10 },
        );
        expect(page.items).toEqual([batch[1], batch[0]]);
      });

      it("filters by image, status, security group, vSwitch and tags, and hides Deleted by default", async () => {
        const store = await withAccounts();
        await network(store);
        await store.instances.insertMany([
          instance("i-1", A, { imageId: "m-golden", createdAt: at(1) }),
          instance("i-2", A, {
            imageId: "m-rogue",
            status: "Stopped",
            securityGroupIds: ["sg-2"],
            createdAt: at(2),
          }),
          instance("i-3", A, { imageId: "m-rogue", createdAt: at(3) }),
          instance("i-4", B, { imageId: "m-rogue", createdAt: at(4) }),
        ]);
        await store.tags.set({ regionId: REGION, resourceType: "instance", resourceId: "i-3" }, A, [
          { key: "team", value: "web" },
        ]);
        const list = (filter: object) =>
          store.instances
            .list({ accountId: A, ...filter }, { maxResults: 10 })
            .then((p) => p.items.map((i) => i.instanceId));
        expect(await list({ imageId: "m-rogue" })).toEqual(["i-3", "i-2"]);
        expect(await list({ statuses: ["Stopped"] })).toEqual(["i-2"]);
        expect(await list({ securityGroupId: "sg-2" })).toEqual(["i-2"]);
        expect(await list({ regionId: REGION, tags: [{ key: "team", value: "web" }] })).toEqual(["i-3"]);
        expect(await list({ tags: [{ key: "team" }] })).toEqual(["i-3"]);
        expect(await store.instances.count({ vSwitchId: "vsw-1" })).toBe(4);
        expect(await store.instances.markDeleted(["i-3", "i-missing"], at(9))).toBe(1);
        expect(await store.instances.markDeleted(["i-3"], at(10))).toBe(0);
        expect(await list({})).toEqual(["i-2", "i-1"]);
        expect(await list({ statuses: ["Deleted"] })).toEqual(["i-3"]);
        expect(await store.instances.get("i-3")).toMatchObject({ status: "Deleted", deletedAt: at(9) });
        expect(
          await store.tags.list({ regionId: REGION, resourceType: "instance", resourceId: "i-3" }),
        ).toEqual([]);
      });

      it("reports how many live instances run each image, per account", async () => {
        const store = await withAccounts();
        await store.instances.insertMany([
          instance("i-1", A, { imageId: "m-golden" }),
          instance("i-2", A, { imageId: "m-rogue" }),
          instance("i-3", A, { imageId: "m-rogue" }),
          instance("i-4", A, { imageId: "m-old", status: "Deleted", deletedAt: at(5) }),
          instance("i-5", B, { imageId: "m-rogue" }),
          instance("i-6", A, { imageId: "m-golden", regionId: "cn-shanghai", zoneId: "cn-shanghai-b" }),
        ]);
        expect(await store.instances.imageUsage({ accountId: A })).toEqual([
          { regionId: "cn-hangzhou", imageId: "m-golden", instanceCount: 1 },
          { regionId: "cn-hangzhou", imageId: "m-rogue", instanceCount: 2 },
          { regionId: "cn-shanghai", imageId: "m-golden", instanceCount: 1 },
        ]);
        expect(await store.instances.imageUsage({ accountId: A, regionId: "cn-shanghai" })).toHaveLength(1);
      });

      it("updates status, system disk and security groups", async () => {
        const store = await withAccounts();
        await store.instances.insertMany([instance("i-1", A)]);
        const disk = { diskId: "d-new", category: "cloud_auto", sizeGiB: 80, imageId: "m-new" } as const;
        expect(
          await store.instances.update("i-1", {
            status: "Stopped",
            imageId: "m-new",
            systemDisk: disk,
            keyPairName: null,
          }),
        ).toBe(true);
        expect(await store.instances.setSecurityGroups("i-1", ["sg-3", "sg-1"])).toBe(true);
        expect(await store.instances.get("i-1")).toMatchObject({
          status: "Stopped",
          imageId: "m-new",
          systemDisk: disk,
          securityGroupIds: ["sg-3", "sg-1"],
        });
        expect(await store.instances.update("i-9", { status: "Running" })).toBe(false);
        expect(await store.instances.setSecurityGroups("i-9", ["sg-1"])).toBe(false);
      });

      it("keeps one default VPC per account and region, and one default vSwitch per zone", async () => {
        const store = await withAccounts();
        await network(store);
        await expect(store.network.vpcs.insert(vpc("vpc-2", A, { isDefault: true }))).rejects.toThrow();
        await store.network.vpcs.insert(vpc("vpc-2", A));
        await store.network.vpcs.insert(vpc("vpc-3", B, { isDefault: true }));
        expect((await store.network.vpcs.getDefault(A, REGION))?.vpcId).toBe("vpc-1");
        await expect(
          store.network.vSwitches.insert(vSwitch("vsw-2", "vpc-2", A, { isDefault: true })),
        ).rejects.toThrow();
        await store.network.vSwitches.insert(
          vSwitch("vsw-2", "vpc-2", A, { isDefault: true, zoneId: "cn-hangzhou-i" }),
        );
        expect((await store.network.vSwitches.getDefault(A, REGION, ZONE))?.vSwitchId).toBe("vsw-1");
        const page = await store.network.vSwitches.list(
          { accountId: A, regionId: REGION, vpcId: "vpc-2" },
          { pageNumber: 1, pageSize: 5 },
        );
        expect(page.items.map((v) => v.vSwitchId)).toEqual(["vsw-2"]);
        expect(
          (
            await store.network.vpcs.list(
              { accountId: A, regionId: REGION, isDefault: false },
              { maxResults: 5 },
            )
          ).items,
        ).toHaveLength(1);
      });

      it("refuses to delete a VPC that still has vSwitches; deletes resources with their tags", async () => {
        const store = await withAccounts();
        await network(store);
        await expect(store.network.vpcs.delete("vpc-1")).rejects.toThrow();
        const sgRef = { regionId: REGION, resourceType: "securitygroup", resourceId: "sg-1" } as const;
        await store.tags.set(sgRef, A, [{ key: "tier", value: "web" }]);
        const tagged = await store.network.securityGroups.list(
          { accountId: A, regionId: REGION, tags: [{ key: "tier", value: "web" }] },
          { maxResults: 5 },
        );
        expect(tagged.items.map((g) => g.securityGroupId)).toEqual(["sg-1"]);
        expect(await store.network.securityGroups.update("sg-1", { securityGroupName: "web" })).toBe(true);
        expect(await store.network.securityGroups.delete("sg-1")).toBe(true);
        expect(await store.tags.count(sgRef)).toBe(0);
        await store.network.securityGroups.delete("sg-2");
        await store.network.vSwitches.delete("vsw-1");
        expect(await store.network.vpcs.delete("vpc-1")).toBe(true);
      });

      it("deletes a vSwitch and a VPC with their tags; a refused delete keeps them", async () => {
        // Given a tagged VPC and a tagged vSwitch in it
        const store = await withAccounts();
        await network(store);
        const vpcRef = { regionId: REGION, resourceType: "vpc", resourceId: "vpc-1" } as const;
        const vswRef = { regionId: REGION, resourceType: "vswitch", resourceId: "vsw-1" } as const;
        await store.tags.set(vpcRef, A, [{ key: "tier", value: "web" }]);
        await store.tags.set(vswRef, A, [{ key: "tier", value: "web" }]);

        // When deleting the VPC is refused (it still has the vSwitch), then its tags stay
        await expect(store.network.vpcs.delete("vpc-1")).rejects.toThrow();
        expect(await store.tags.count(vpcRef)).toBe(1);

        // When the vSwitch and then the VPC are deleted, then their tags go with them
        await store.network.securityGroups.delete("sg-1");
        await store.network.securityGroups.delete("sg-2");
        expect(await store.network.vSwitches.delete("vsw-1")).toBe(true);
        expect(await store.tags.count(vswRef)).toBe(0);
        expect(await store.tags.count(vpcRef)).toBe(1);
        expect(await store.network.vpcs.delete("vpc-1")).toBe(true);
        expect(await store.tags.count(vpcRef)).toBe(0);

        // And deleting what is gone changes nothing
        expect(await store.network.vpcs.delete("vpc-1")).toBe(false);
      });
    });

    describe("tags", () => {
      const ref = (resourceId: string, resourceType: "image" | "instance" = "image") =>
        ({ regionId: REGION, resourceType, resourceId }) as const;

      it("sets, overwrites, counts and removes a resource's tags", async () => {
        const store = await withAccounts();
        await store.tags.set(ref("m-1"), A, [
          { key: "env", value: "dev" },
          { key: "team", value: "web" },
          { key: "env", value: "prod" },
        ]);
        await store.tags.set(ref("m-1"), A, [{ key: "team", value: "ops" }]);
        expect((await store.tags.list(ref("m-1"))).map((t) => [t.key, t.value])).toEqual([
          ["env", "prod"],
          ["team", "ops"],
        ]);
        expect(await store.tags.count(ref("m-1"))).toBe(2);
        expect(await store.tags.remove(ref("m-1"), ["env", "nope"])).toBe(1);
        expect(await store.tags.removeAll(ref("m-1"))).toBe(1);
        expect(await store.tags.count(ref("m-1"))).toBe(0);
      });

      it("sets new and present keys together, many at once, all or none", async () => {
        // Given a resource with two tags
        const store = await withAccounts();
        await store.tags.set(ref("m-1"), A, [
          { key: "k01", value: "old" },
          { key: "k24", value: "old" },
        ]);
        // When 25 keys are set at once (two of them present), and then 30 more in a call that fails
        const many = Array.from({ length: 25 }, (_, i) => ({
          key: `k${String(i).padStart(2, "0")}`,
          value: `v${i}`,
        }));
        await store.tags.set(ref("m-1"), A, many);
        const failure = new Error("the call failed after tagging");
        await expect(
          store.transaction(async (tx) => {
            const more = Array.from({ length: 30 }, (_, i) => ({
              key: `x${String(i).padStart(2, "0")}`,
              value: "x",
            }));
            await tx.tags.set(ref("m-1"), A, [...more, { key: "k01", value: "lost" }]);
            throw failure;
          }),
        ).rejects.toBe(failure);
        // Then every key holds its new value, once, and nothing of the failed call remains
        const tags = await store.tags.list(ref("m-1"));
        expect(tags.map((t) => [t.key, t.value])).toEqual(many.map((t) => [t.key, t.value]));
        expect(tags.every((t) => t.accountId === A && t.resourceType === "image")).toBe(true);
      });

      it("finds the account's resources having all tags, in id order, in pages", async () => {
        const store = await withAccounts();
        for (let i = 0; i < 6; i++) {
          const tags = [{ key: "env", value: i % 2 === 0 ? "prod" : "dev" }];
          if (i % 3 === 0) tags.push({ key: "golden", value: "" });
          await store.tags.set(ref(`m-${i}`), A, tags);
        }
        await store.tags.set(ref("m-b"), B, [{ key: "env", value: "prod" }]);
        await store.tags.set(ref("i-0", "instance"), A, [{ key: "env", value: "prod" }]);
        const find = (tags: { key: string; value?: string }[]) =>
          allPages((nextToken) =>
            store.tags.findResources(
              { accountId: A, regionId: REGION, resourceType: "image", tags },
              { maxResults: 2, nextToken },
            ),
          );
        expect(await find([{ key: "env", value: "prod" }])).toEqual(["m-0", "m-2", "m-4"]);
        expect(await find([{ key: "env", value: "prod" }, { key: "golden" }])).toEqual(["m-0"]);
        expect(await find([{ key: "golden" }])).toEqual(["m-0", "m-3"]);
        expect(
          await find([
            { key: "golden", value: "" },
            { key: "env", value: "dev" },
          ]),
        ).toEqual(["m-3"]);
        const counted = await store.tags.findResources(
          { accountId: A, regionId: REGION, resourceType: "image", tags: [{ key: "env" }] },
          { pageNumber: 1, pageSize: 4 },
        );
        expect(counted.totalCount).toBe(6);
      });

      it("lists tag rows (ListTagResources), keys and values", async () => {
        const store = await withAccounts();
        await store.tags.set(ref("m-1"), A, [
          { key: "env", value: "prod" },
          { key: "team", value: "web" },
        ]);
        await store.tags.set(ref("m-2"), A, [{ key: "env", value: "dev" }]);
        await store.tags.set(ref("i-1", "instance"), A, [{ key: "env", value: "prod" }]);
        await store.tags.set(ref("m-9"), B, [{ key: "secret", value: "x" }]);
        const rows = await allPages((nextToken) =>
          store.tags.listTags({ accountId: A, regionId: REGION }, { maxResults: 2, nextToken }),
        );
        expect(rows.map((t) => `${t.resourceType}/${t.resourceId}/${t.key}`)).toEqual([
          "image/m-1/env",
          "image/m-1/team",
          "image/m-2/env",
          "instance/i-1/env",
        ]);
        const prodOnly = await store.tags.listTags(
          { accountId: A, regionId: REGION, tags: [{ key: "env", value: "prod" }] },
          { pageNumber: 1, pageSize: 10 },
        );
        expect(prodOnly.items.map((t) => `${t.resourceId}/${t.key}`)).toEqual([
          "m-1/env",
          "m-1/team",
          "i-1/env",
        ]);
        const ofImages = await store.tags.listTags(
          { accountId: A, regionId: REGION, resourceType: "image", resourceIds: ["m-2"] },
          { maxResults: 10 },
        );
        expect(ofImages.items).toEqual([
          {
            accountId: A,
            regionId: REGION,
            resourceType: "image",
            resourceId: "m-2",
            key: "env",
            value: "dev",
          },
        ]);
        expect(
          (await store.tags.listKeys({ accountId: A, regionId: REGION }, { pageNumber: 1, pageSize: 10 }))
            .items,
        ).toEqual(["env", "team"]);
        expect(
          (await store.tags.listValues({ accountId: A, regionId: REGION, key: "env" }, { maxResults: 1 }))
            .items,
        ).toEqual(["dev"]);
        const byResource = await store.tags.listForResources(REGION, "image", ["m-1", "m-2", "m-none"]);
        expect([...byResource.keys()]).toEqual(["m-1", "m-2"]);
        expect(byResource.get("m-1")?.map((t) => t.key)).toEqual(["env", "team"]);
      });
    });

    describe("idempotency records and audit events", () => {
      it("returns a record until it expires, then lets a new one replace it", async () => {
        const store = await withAccounts();
        const record = {
          accountId: A,
          action: "ecs:RunInstances",
          clientToken: "token-1",
          fingerprint: "sha256:abc",
          response: '{"InstanceIdSets":{"InstanceIdSet":["i-1"]}}',
          createdAt: at(0),
          expiresAt: at(100),
        };
        await store.idempotency.put(record);
        expect(await store.idempotency.get(A, "ecs:RunInstances", "token-1", at(99))).toEqual(record);
        expect(await store.idempotency.get(A, "ecs:RunInstances", "token-1", at(100))).toBeUndefined();
        expect(await store.idempotency.get(B, "ecs:RunInstances", "token-1", at(1))).toBeUndefined();
        const replaced = { ...record, fingerprint: "sha256:def", createdAt: at(200), expiresAt: at(300) };
        await store.idempotency.put(replaced);
        expect(await store.idempotency.get(A, "ecs:RunInstances", "token-1", at(201))).toEqual(replaced);
        expect(await store.idempotency.deleteExpired(at(300))).toBe(1);
      });

      it("appends events and queries them by time range and indexed columns, newest first", async () => {
        const store = await fresh();
        const events = [
          event("e-1", at(10), { accountId: A, eventName: "RunInstances", decision: "Allow" }),
          event("e-2", at(20), {
            accountId: A,
            eventName: "DescribeImages",
            decision: "ImplicitDeny",
            errorCode: "Forbidden.RAM",
          }),
          event("e-3", at(20), { accountId: B, eventName: "RunInstances", decision: "ExplicitDeny" }),
          event("e-4", at(30), { eventName: "RunInstances", errorCode: "InvalidAccessKeyId.NotFound" }),
        ];
        for (const e of events) await store.audit.append(e);
        expect(await store.audit.get("e-2")).toEqual(events[1]);
        const list = (filter: object) =>
          allPages((nextToken) => store.audit.list(filter, { maxResults: 2, nextToken })).then((es) =>
            es.map((e) => e.eventId),
          );
        expect(await list({})).toEqual(["e-4", "e-3", "e-2", "e-1"]);
        expect(await list({ from: at(20), to: at(30) })).toEqual(["e-3", "e-2"]);
        expect(await list({ accountId: A })).toEqual(["e-2", "e-1"]);
        expect(await list({ eventName: "RunInstances", decision: "ExplicitDeny" })).toEqual(["e-3"]);
        expect(await list({ principalArn: `acs:ram::${A}:user/alice` })).toEqual(["e-2", "e-1"]);
        expect(await list({ requestId: "REQ-e-4" })).toEqual(["e-4"]);
        expect(await store.audit.deleteBefore(at(20))).toBe(1);
        expect((await store.audit.list({}, { pageNumber: 1, pageSize: 1 })).totalCount).toBe(3);
      });
    });

    describe("transactions", () => {
      it("rolls back every write when the function throws (RunInstances: all or none)", async () => {
        const store = await withAccounts();
        const failure = new Error("the sixth instance cannot be placed");
        await expect(
          store.transaction(async (tx) => {
            for (let i = 0; i < 5; i++) await tx.instances.insertMany([instance(`i-${i}`, A)]);
            await tx.tags.set({ regionId: REGION, resourceType: "instance", resourceId: "i-0" }, A, [
              { key: "k", value: "v" },
            ]);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.instances.count({ accountId: A })).toBe(0);
        expect(
          await store.tags.count({ regionId: REGION, resourceType: "instance", resourceId: "i-0" }),
        ).toBe(0);
      });

      it("a repository call that fails halfway leaves nothing behind", async () => {
        const store = await withAccounts();
        await store.instances.insertMany([instance("i-2", A)]);
        // the batch's second row collides: the first must not stay
        await expect(store.instances.insertMany([instance("i-1", A), instance("i-2", A)])).rejects.toThrow();
        expect(await store.instances.get("i-1")).toBeUndefined();
      });

      it("returns the function's value and commits", async () => {
        const store = await withAccounts();
        const result = await store.transaction(async (tx) => {
          await tx.instances.insertMany([instance("i-1", A)]);
          return "done";
        });
        expect(result).toBe("done");
        expect(await store.instances.get("i-1")).toBeDefined();
      });

      it("a nested transaction joins the outer one: it sees its writes and rolls back with it", async () => {
        const store = await withAccounts();
        await expect(
          store.transaction(async (tx) => {
            await tx.instances.insertMany([instance("i-outer", A)]);
            await tx.transaction(async (inner) => {
              expect(await inner.instances.get("i-outer")).toBeDefined();
              await inner.instances.insertMany([instance("i-inner", A)]);
            });
            // the outer store, reached from inside the transaction, joins it too (no deadlock)
            expect(await store.instances.get("i-inner")).toBeDefined();
            await store.transaction(async () => store.instances.insertMany([instance("i-via-root", A)]));
            throw new Error("abort");
          }),
        ).rejects.toThrow("abort");
        expect(await store.instances.count({ accountId: A })).toBe(0);
      });

      it("serialises concurrent transactions: the second sees the first's write", async () => {
        const store = await withAccounts();
        await store.accounts.update(A, { displayName: "0" });
        // read-modify-write with a pause between read and write: interleaving would lose updates
        const increment = () =>
          store.transaction(async (tx) => {
            const current = Number((await tx.accounts.get(A))?.displayName);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.accounts.update(A, { displayName: String(current + 1) });
          });
        await Promise.all(Array.from({ length: 10 }, increment));
        expect((await store.accounts.get(A))?.displayName).toBe("10");
      });

      it("a transaction's store cannot be used after the transaction ends", async () => {
        const store = await withAccounts();
        let leaked: Store | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        await expect(leaked!.accounts.get(A)).rejects.toMatchObject({ code: "transaction-finished" });
        await expect(leaked!.transaction(async () => undefined)).rejects.toMatchObject({
          code: "transaction-finished",
        });
        await expect(leaked!.close()).rejects.toBeInstanceOf(StoreError);
      });
    });

    describe("durability", () => {
      it("keeps data across close and reopen, and reopening runs no migration twice", async () => {
        const database = `contract-reopen-${process.pid}-${Date.now()}`;
        const first = await open(database);
        await first.accounts.insert(account(A));
        await first.ram.accessKeys.insert(accessKey("LTAIkeep", A, { type: "root" }));
        await first.close();
        const second = await open(database);
        await second.close();
        const third = await open(database);
        opened.push(third);
        expect(await third.accounts.get(A)).toEqual(account(A));
        expect((await third.ram.accessKeys.getWithSecret("LTAIkeep"))?.accessKeySecret).toBe(
          "secret-of-LTAIkeep",
        );
      });

      it("a closed store refuses further calls", async () => {
        const store = await open(`contract-closed-${process.pid}-${Date.now()}`);
        await store.close();
        await store.close(); // closing twice is harmless
        await expect(store.accounts.get(A)).rejects.toMatchObject({ code: "closed" });
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------

const DOC = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}';
const DOC2 = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}';

function user(accountId: string, userId: string, userName: string, overrides: object = {}) {
  return {
    accountId,
    userId,
    userName,
    displayName: userName,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

function customPolicy(accountId: string, policyName: string): RamPolicyRef {
  return { policyType: "Custom", accountId, policyName };
}

function accessKey(
  accessKeyId: string,
  accountId: string,
  owner: { type: "root" } | { type: "user"; userId: string },
) {
  return {
    accessKeyId,
    accountId,
    owner,
    status: "Active" as const,
    createdAt: at(1),
    accessKeySecret: `secret-of-${accessKeyId}`,
  };
}

function controlPolicy(policyId: string, policyName: string, policyType: "System" | "Custom") {
  return {
    policyId,
    policyName,
    description: `${policyName} policy`,
    policyType,
    effectScope: "RAM" as const,
    document: DOC,
    createdAt: at(0),
    updatedAt: at(0),
  };
}

async function tag(
  store: Store,
  imageId: string,
  owner: string,
  tags: Record<string, string>,
): Promise<void> {
  await store.tags.set(
    { regionId: REGION, resourceType: "image", resourceId: imageId },
    owner,
    Object.entries(tags).map(([key, value]) => ({ key, value })),
  );
}

function event(eventId: string, eventTime: string, overrides: Partial<AuditEvent>): AuditEvent {
  const accountId = overrides.accountId;
  return {
    eventId,
    eventTime,
    eventName: "RunInstances",
    serviceName: "Ecs",
    requestId: `REQ-${eventId}`,
    ...(accountId && {
      principalArn: `acs:ram::${accountId}:user/alice`,
      accessKeyId: "LTAIx",
      regionId: REGION,
    }),
    body: {
      eventId,
      eventTime,
      eventVersion: "1",
      userIdentity: { type: "ram-user", accountId: accountId ?? null },
    },
    ...overrides,
  };
}
