// CloudClient against the real local cloud with the demo organisation, through a proxy that counts
// the calls: what each wrapper returns, that every listing pages to its end, and the writes the
// guardrail makes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import {
  readSeedState,
  GUARDRAIL_CONTROL_POLICY_DOCUMENT,
  SEED_POLICY_DOCUMENT,
} from "../../src/cloud/seed/index.js";
import type { DemoOrganisation } from "../../src/cloud/seed/index.js";
import { CloudClientError, isAccessDenied, type CloudClient } from "../../src/client/index.js";
import { EcsClient, EcsModule, RamClient, RamModule } from "../cloud/harness.js";
import { startDemoCloud, startProxy, type DemoCloud, type Proxy } from "./fixtures.js";

let demo: DemoCloud;
let proxy: Proxy;
let org: DemoOrganisation;

beforeAll(async () => {
  demo = await startDemoCloud();
  proxy = await startProxy({ host: demo.cloud.host, port: demo.cloud.port });
  const state = await readSeedState(demo.cloud.dataDir);
  if (state?.state !== "complete") throw new Error("the demo seed did not complete");
  org = state.organisation;
});
afterAll(async () => {
  await proxy.close();
  await demo.close();
});

/** A client for a demo profile whose calls go through the counting proxy. */
const through = (profile: string, pageSize?: number) =>
  demo.client(profile, { endpoint: proxy.url, ...(pageSize === undefined ? {} : { pageSize }) });

const callsOf = (action: string, from = 0) =>
  proxy.calls.slice(from).filter((call) => call.action === action);

const accountId = (name: string) => {
  const id = org.accounts.find((account) => account.name === name)?.accountId;
  if (id === undefined) throw new Error(`no account ${name}`);
  return id;
};

/** An official SDK client straight to the cloud, for setting up what the client does not do. */
function sdkConfig(keys: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) {
  return new $OpenApiUtil.Config({
    ...keys,
    endpoint: demo.cloud.endpoint,
    protocol: "http",
    regionId: "cn-hangzhou",
  });
}

/** A client for a member account through its ResourceDirectoryAccountAccessRole. */
async function memberClient(admin: CloudClient, account: string): Promise<CloudClient> {
  const session = await admin.sts.assumeRole({
    roleArn: `acs:ram::${accountId(account)}:role/resourcedirectoryaccountaccessrole`,
    sessionName: "client-test",
  });
  return admin.withCredentials(session.credentials);
}

describe("identity", () => {
  it("tells root, RAM user and role session apart", async () => {
    const root = await (await through("default")).whoami();
    expect(root).toMatchObject({ kind: "root", accountId: org.managementAccountId });
    const admin = await through("security-admin");
    const user = await admin.whoami();
    expect(user).toMatchObject({
      kind: "user",
      accountId: org.managementAccountId,
      arn: `acs:ram::${org.managementAccountId}:user/security-admin`,
    });
    const role = await (await memberClient(admin, "app-payments")).whoami();
    expect(role).toMatchObject({ kind: "role-session", accountId: accountId("app-payments") });
    expect(role.arn.toLowerCase()).toContain(":assumed-role/resourcedirectoryaccountaccessrole/client-test");
  });
});

describe("resource directory", () => {
  it("reads the directory, the folder tree with paths, and the accounts with their folders", async () => {
    const admin = await through("security-admin", 2);
    const directory = await admin.rd.getDirectory();
    expect(directory).toEqual({
      directoryId: org.directoryId,
      rootFolderId: org.rootFolderId,
      managementAccountId: org.managementAccountId,
      managementAccountName: expect.any(String),
      controlPolicyStatus: "Enabled",
    });

    const folders = await admin.rd.listFolders();
    expect(folders.map((folder) => [folder.path, folder.depth])).toEqual([
      ["/Root", 0],
      ["/Root/Development", 1],
      ["/Root/Production", 1],
      ["/Root/Security", 1],
    ]);
    const production = folders.find((folder) => folder.name === "Production");
    expect(production).toMatchObject({
      folderId: org.folders.find((folder) => folder.name === "Production")?.folderId,
      parentFolderId: org.rootFolderId,
    });

    const before = proxy.calls.length;
    const accounts = await admin.rd.listAccounts();
    // Five accounts at two a page: three pages, every account.
    expect(callsOf("ListAccounts", before).map((call) => call.query.get("PageNumber"))).toEqual([
      "1",
      "2",
      "3",
    ]);
    expect(
      accounts
        .map((account) => [account.displayName, account.folderPath, account.isManagementAccount])
        .sort(),
    ).toEqual(
      [
        ["app-payments", "/Root/Production", false],
        ["app-storefront", "/Root/Production", false],
        ["dev-playground", "/Root/Development", false],
        ["image-factory", "/Root/Security", false],
        ["management", "/Root", true],
      ].sort(),
    );
    expect(accounts.find((account) => account.isManagementAccount)?.accountId).toBe(org.managementAccountId);
  });

  it("reads a member's directory, and says a member manages none", async () => {
    const member = await memberClient(await through("security-admin"), "app-payments");
    // A member reads the directory it is in; only the management account may list its accounts.
    expect(await member.rd.getDirectory()).toMatchObject({
      directoryId: org.directoryId,
      managementAccountId: org.managementAccountId,
    });
    const error = await member.rd.listAccounts().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CloudClientError);
    expect((error as CloudClientError).code).toBe("EntityNotExists.ResourceDirectory");
  });

  it("lists control policies and attachments, and reads their documents", async () => {
    const admin = await through("security-admin", 1);
    const before = proxy.calls.length;
    const custom = await admin.rd.listControlPolicies({ policyType: "Custom" });
    // One a page: two pages for the two custom policies, and TotalCount says that was all.
    expect(callsOf("ListControlPolicies", before).length).toBe(2);
    expect(custom.map((policy) => policy.policyName).sort()).toEqual([
      "golden-image-guardrail",
      "seed-example-allow-only",
    ]);
    const system = await admin.rd.listControlPolicies({ policyType: "System" });
    expect(system.map((policy) => policy.policyName)).toContain("FullAliyunAccess");

    const guardrail = custom.find((policy) => policy.policyName === "golden-image-guardrail");
    const full = await admin.rd.getControlPolicy(guardrail?.policyId ?? "");
    expect(JSON.parse(full.document)).toEqual(JSON.parse(GUARDRAIL_CONTROL_POLICY_DOCUMENT));
    expect(full).toMatchObject({ policyType: "Custom", effectScope: "RAM", attachmentCount: 1 });

    const productionId = org.folders.find((folder) => folder.name === "Production")?.folderId ?? "";
    const attached = await admin.rd.listControlPolicyAttachments(productionId);
    expect(attached.map((attachment) => attachment.policyName).sort()).toEqual([
      "FullAliyunAccess",
      "golden-image-guardrail",
    ]);
    expect(await admin.rd.getControlPolicyStatus()).toBe("Enabled");
  });

  it("creates, updates, attaches, detaches and deletes a control policy", async () => {
    const admin = await through("security-admin");
    const document = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Deny", Action: "ecs:ImportImage", Resource: "*" }],
    });
    const created = await admin.rd.createControlPolicy({
      name: "client-test-policy",
      document,
      description: "made by the client test",
    });
    expect(created).toMatchObject({
      policyName: "client-test-policy",
      policyType: "Custom",
      attachmentCount: 0,
    });

    const updated = JSON.stringify({
      Version: "1",
      Statement: [{ Effect: "Deny", Action: ["ecs:ImportImage", "ecs:CopyImage"], Resource: "*" }],
    });
    await admin.rd.updateControlPolicy(created.policyId, { document: updated, name: "client-test-policy-2" });
    const read = await admin.rd.getControlPolicy(created.policyId);
    expect([read.policyName, JSON.parse(read.document)]).toEqual([
      "client-test-policy-2",
      JSON.parse(updated),
    ]);

    const development = org.folders.find((folder) => folder.name === "Development")?.folderId ?? "";
    await admin.rd.attachControlPolicy(created.policyId, development);
    expect((await admin.rd.listControlPolicyAttachments(development)).map((a) => a.policyId)).toContain(
      created.policyId,
    );
    await admin.rd.detachControlPolicy(created.policyId, development);
    expect((await admin.rd.listControlPolicyAttachments(development)).map((a) => a.policyId)).not.toContain(
      created.policyId,
    );
    await admin.rd.deleteControlPolicy(created.policyId);
    const gone = await admin.rd.getControlPolicy(created.policyId).catch((err: unknown) => err);
    expect(gone).toBeInstanceOf(CloudClientError);
    expect((gone as CloudClientError).httpStatus).toBe(404);
  });
});

describe("ram", () => {
  it("lists every principal with its groups, policies and their default documents", async () => {
    const admin = await through("security-admin");
    const storefront = await memberClient(admin, "app-storefront");
    const principals = await storefront.ram.listPrincipals();
    const developer = principals.users.find((user) => user.userName === "developer");
    expect(developer?.groups).toEqual([]);
    expect(developer?.policies.map((policy) => [policy.policyName, policy.policyType]).sort()).toEqual([
      ["AliyunECSReadOnlyAccess", "System"],
      ["AliyunVPCReadOnlyAccess", "System"],
      ["ExplainDenials", "Custom"],
      ["golden-image-launch-only", "Custom"],
    ]);
    const custom = developer?.policies.find((policy) => policy.policyName === "golden-image-launch-only");
    expect(JSON.parse(custom?.document ?? "")).toEqual(JSON.parse(SEED_POLICY_DOCUMENT));
    for (const policy of developer?.policies ?? [])
      expect(JSON.parse(policy.document)).toHaveProperty("Statement");

    const accessRole = principals.roles.find(
      (role) => role.roleName.toLowerCase() === "resourcedirectoryaccountaccessrole",
    );
    expect(accessRole?.policies.map((policy) => policy.policyName)).toEqual(["AdministratorAccess"]);
  });

  it("pages RAM's Marker listings to the end", async () => {
    // Given seven more users than a page holds, made with the official SDK as root
    const root = (await demo.connect("default")).credentials;
    const ram = new RamClient(sdkConfig(root));
    const names = Array.from({ length: 7 }, (_, i) => `paging-user-${i}`);
    for (const userName of names) await ram.createUser(new RamModule.CreateUserRequest({ userName }));
    // When they are listed two at a time
    const before = proxy.calls.length;
    const users = await (await through("default", 2)).ram.listUsers();
    // Then every page is read (security-admin and the seven: four pages) and every user is there
    const pages = callsOf("ListUsers", before);
    expect(pages.length).toBe(4);
    expect(pages[0]?.query.has("Marker")).toBe(false);
    expect(pages.slice(1).every((call) => (call.query.get("Marker") ?? "") !== "")).toBe(true);
    expect(users.map((user) => user.userName).sort()).toEqual(["security-admin", ...names].sort());
  });

  it("creates a policy, attaches it, replaces its document past five versions, and deletes it", async () => {
    const root = await through("default");
    const doc = (n: number) =>
      JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: `acs:ecs:*:*:instance/i-${n}` }],
      });
    const created = await root.ram.createPolicy({ name: "client-test-ram", document: doc(0) });
    expect(created).toMatchObject({
      policyName: "client-test-ram",
      policyType: "Custom",
      defaultVersion: "v1",
    });
    const ref = { policyName: "client-test-ram", policyType: "Custom" } as const;
    await root.ram.attachPolicy(ref, { kind: "user", name: "security-admin" });
    expect(await root.ram.listAttachedPolicies({ kind: "user", name: "security-admin" })).toContainEqual(
      expect.objectContaining({ policyName: "client-test-ram", policyType: "Custom" }),
    );
    // Six new versions: RAM keeps five, the oldest non-default ones make room.
    for (let n = 1; n <= 6; n++) await root.ram.setPolicyDocument("client-test-ram", doc(n));
    const read = await root.ram.getPolicy(ref);
    expect(JSON.parse(read?.document ?? "")).toEqual(JSON.parse(doc(6)));
    expect(read?.defaultVersion).toBe("v7");

    await root.ram.detachPolicy(ref, { kind: "user", name: "security-admin" });
    expect(
      (await root.ram.listAttachedPolicies({ kind: "user", name: "security-admin" })).map(
        (p) => p.policyName,
      ),
    ).not.toContain("client-test-ram");
    await root.ram.attachPolicy(ref, { kind: "user", name: "security-admin" });
    // Deleting detaches it everywhere.
    await root.ram.deletePolicy("client-test-ram");
    expect(await root.ram.getPolicy(ref)).toBeUndefined();
  });

  it("carries Alibaba's AccessDeniedDetail when a call is refused", async () => {
    const developer = await through("app-storefront-developer");
    const error = await developer.ram.listUsers().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CloudClientError);
    const denied = error as CloudClientError;
    expect(denied).toMatchObject({
      code: "NoPermission",
      httpStatus: 403,
      product: "ram",
      action: "ListUsers",
    });
    expect(denied.requestId).toMatch(/\S/);
    expect(denied.accessDeniedDetail).toMatchObject({
      AuthAction: "ram:ListUsers",
      NoPermissionType: "ImplicitDeny",
    });
    expect(isAccessDenied(denied)).toBe(true);
    expect(denied.message).toMatch(/^ram ListUsers failed with `NoPermission` \(HTTP 403\): /);
    expect(denied.help).toContain("`ram:ListUsers`");
    expect(denied.attempts).toBe(1);
  });
});

describe("ecs", () => {
  it("describes regions", async () => {
    const regions = await (await through("default")).ecs.describeRegions();
    expect(regions.map((region) => region.regionId)).toEqual(
      expect.arrayContaining(["cn-hangzhou", "cn-shanghai"]),
    );
  });

  it("describes images to the last page, by owner, status, tags, ids and region", async () => {
    const factory = await memberClient(await through("security-admin", 2), "image-factory");
    const before = proxy.calls.length;
    const own = await factory.ecs.describeImages({ ownerAlias: "self", status: "all" });
    expect(callsOf("DescribeImages", before).length).toBe(2);
    expect(own.map((image) => image.imageName).sort()).toEqual([
      "golden-alinux-3-v1",
      "golden-ubuntu-22.04-v1",
      "golden-ubuntu-22.04-v2",
    ]);
    const outdated = own.find((image) => image.imageName === "golden-ubuntu-22.04-v1");
    expect(outdated).toMatchObject({
      status: "Deprecated",
      ownerAlias: "self",
      ownerAccountId: accountId("image-factory"),
      imageFamily: "golden-ubuntu-22.04",
      regionId: "cn-hangzhou",
      tags: { status: "approved", "security-level": "trusted", environment: "production" },
    });
    // The API's default status is Available.
    expect((await factory.ecs.describeImages({ ownerAlias: "self" })).length).toBe(2);
    expect(
      (
        await factory.ecs.describeImages({
          ownerAlias: "self",
          status: ["Deprecated"],
          tags: { environment: "production" },
        })
      ).map((image) => image.imageName),
    ).toEqual(["golden-ubuntu-22.04-v1"]);
    const copies = await factory.ecs.describeImages({ regionId: "cn-shanghai", ownerAlias: "self" });
    expect(copies.map((image) => [image.imageName, image.regionId])).toEqual([
      ["golden-ubuntu-22.04-v2", "cn-shanghai"],
    ]);

    // Shared with the workloads: `others` to them.
    const storefront = await memberClient(await through("security-admin"), "app-storefront");
    const shared = await storefront.ecs.describeImages({ ownerAlias: "others" });
    expect(shared.map((image) => image.imageName).sort()).toEqual([
      "golden-alinux-3-v1",
      "golden-ubuntu-22.04-v2",
    ]);
    const byId = await storefront.ecs.describeImages({ imageIds: [shared[0]?.imageId ?? ""] });
    expect(byId.map((image) => image.imageId)).toEqual([shared[0]?.imageId]);
    expect(await storefront.ecs.describeImages({ imageIds: [] })).toEqual([]);
  });

  it("describes instances to the last NextToken page", async () => {
    // Given twelve instances in the management account (DescribeInstances serves at least ten a page)
    const root = (await demo.connect("default")).credentials;
    const ecs = new EcsClient(sdkConfig(root));
    const group = (
      await ecs.describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({
          regionId: "cn-hangzhou",
          securityGroupName: "default",
        }),
      )
    ).body?.securityGroups?.securityGroup?.[0]?.securityGroupId;
    const launched =
      (
        await ecs.runInstances(
          new EcsModule.RunInstancesRequest({
            regionId: "cn-hangzhou",
            imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
            instanceType: "ecs.g7.large",
            securityGroupId: group ?? "",
            amount: 12,
          }),
        )
      ).body?.instanceIdSets?.instanceIdSet ?? [];
    expect(launched.length).toBe(12);
    // When they are listed ten at a time
    const before = proxy.calls.length;
    const client = await through("default", 10);
    const instances = await client.ecs.describeInstances();
    // Then both pages are read, the second with the first's NextToken
    const pages = callsOf("DescribeInstances", before);
    expect(pages.length).toBe(2);
    expect(pages[1]?.query.get("NextToken")).toMatch(/\S/);
    expect(instances.map((instance) => instance.instanceId).sort()).toEqual([...launched].sort());
    expect(instances[0]).toMatchObject({
      regionId: "cn-hangzhou",
      imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
      instanceType: "ecs.g7.large",
      securityGroupIds: [group],
    });
    // By id, in groups of at most 100.
    expect((await client.ecs.describeInstances({ instanceIds: launched.slice(0, 3) })).length).toBe(3);
  });

  it("stops, re-images, starts and releases an instance", async () => {
    const client = await through("default");
    const [instance] = await client.ecs.describeInstances();
    const instanceId = instance?.instanceId ?? "";
    await client.ecs.stopInstance(instanceId);
    // Stopping is asynchronous on Alibaba Cloud; the local cloud stops at once.
    expect((await client.ecs.describeInstances({ instanceIds: [instanceId] }))[0]?.status).toBe("Stopped");
    const diskId = await client.ecs.replaceSystemDisk(instanceId, "aliyun_3_x64_20G_alibase_20240819.vhd");
    expect(diskId).toMatch(/\S/);
    expect((await client.ecs.describeInstances({ instanceIds: [instanceId] }))[0]?.imageId).toBe(
      "aliyun_3_x64_20G_alibase_20240819.vhd",
    );
    await client.ecs.startInstance(instanceId);
    expect((await client.ecs.describeInstances({ instanceIds: [instanceId] }))[0]?.status).toBe("Running");
    await client.ecs.deleteInstance(instanceId, { force: true });
    expect(await client.ecs.describeInstances({ instanceIds: [instanceId] })).toEqual([]);
  });

  it("tags images, and reports the denial where a policy forbids it", async () => {
    const factory = await memberClient(await through("security-admin"), "image-factory");
    const [image] = await factory.ecs.describeImages({ ownerAlias: "self", imageName: "golden-alinux-3-v1" });
    await factory.ecs.tagImages([image?.imageId ?? ""], { reviewed: "2025-q1" });
    const [tagged] = await factory.ecs.describeImages({ imageIds: [image?.imageId ?? ""] });
    expect(tagged?.tags).toMatchObject({ reviewed: "2025-q1", environment: "production" });

    // The brief's RAM policy denies ecs:TagResources on images to the developers.
    const developer = await through("dev-playground-developer");
    const [own] = await developer.ecs.describeImages({ ownerAlias: "self" });
    const error = await developer.ecs
      .tagImages([own?.imageId ?? ""], { environment: "production" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudClientError);
    expect((error as CloudClientError).code).toBe("Forbidden.RAM");
    expect((error as CloudClientError).accessDeniedDetail?.NoPermissionType).toBe("ExplicitDeny");
  });
});
