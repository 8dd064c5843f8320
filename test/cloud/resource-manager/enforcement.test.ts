// The seed story's enterprise path, end to end through the official SDKs: a directory with
// Production → Apps and Development, member accounts, a golden image tagged environment: production
// shared with them, and the control policies of the seed, attached with ResourceManager's API; then
// launches made AS THE MEMBERS (the management account's operator assuming each member's
// ResourceDirectoryAccountAccessRole through STS) are allowed or refused by those policies.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EcsModule,
  VpcModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../harness.js";
import {
  Rm,
  UBUNTU,
  allow,
  assumeAccessRole,
  attach,
  createAccount,
  createControlPolicy,
  createFolder,
  detach,
  enableDirectory,
  policyDoc,
  rootKeyOf,
  userWithPolicy,
  type Directory,
} from "./fixtures.js";

const REGION = "cn-hangzhou";
const FULL = "cp-FullAliyunAccess";

let t: TestCloud;
let rd: Directory;
let production: string;
let apps: string;
let development: string;
/** In Apps (moved there from Development), under Production. */
let shop: string;
/** In Development. */
let sandbox: string;
let operator: Credentials;
let golden: string;
let rogue: string;
let denyPolicy: string;

const fixture = (name: string) =>
  readFile(new URL(`../../fixtures/policies/${name}`, import.meta.url), "utf8");

/** Each account's default security group, looked up once while nothing restricts the lookup. */
const securityGroups = new Map<string, string>();

async function defaultSecurityGroup(accountId: string, creds: Credentials): Promise<void> {
  const response = await t
    .ecs(creds)
    .describeSecurityGroups(new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION }));
  securityGroups.set(accountId, response.body?.securityGroups?.securityGroup?.[0]?.securityGroupId ?? "");
}

function launch(creds: Credentials & { accountId?: string }, imageId: string) {
  return t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId,
      instanceType: "ecs.g6.large",
      securityGroupId: securityGroups.get(creds.accountId ?? rd.managementAccountId),
      amount: 1,
    }),
  );
}

/** The instance id of a launch that must succeed. */
async function launched(creds: Credentials & { accountId?: string }, imageId: string): Promise<string> {
  const response = await launch(creds, imageId);
  const id = response.body?.instanceIdSets?.instanceIdSet?.[0] ?? "";
  expect(id).toMatch(/^i-/);
  return id;
}

/** The management account's golden-image pipeline: an instance, an image of it, tagged or not, shared. */
async function sharedImage(
  name: string,
  tags: { key: string; value: string }[],
  shareWith: string[],
): Promise<string> {
  const ecs = t.ecs();
  const instanceId = await launched(t.root, UBUNTU);
  const created = await ecs.createImage(
    new EcsModule.CreateImageRequest({
      regionId: REGION,
      instanceId,
      imageName: name,
      tag: tags.map((tag) => new EcsModule.CreateImageRequestTag(tag)),
    }),
  );
  const imageId = created.body?.imageId ?? "";
  await ecs.modifyImageSharePermission(
    new EcsModule.ModifyImageSharePermissionRequest({ regionId: REGION, imageId, addAccount: shareWith }),
  );
  return imageId;
}

/** A fresh session of a member's access role (each test gets its own, as a user would). */
const asMember = async (accountId: string) => ({
  ...(await assumeAccessRole(t, operator, accountId)),
  accountId,
});

/** The member's root identity (a key written as a seed would: resource accounts have none). */
const rootOf = async (accountId: string) => ({ ...(await rootKeyOf(t, accountId)), accountId });

beforeAll(async () => {
  t = await startTestCloud();
  rd = await enableDirectory(t);
  production = await createFolder(t, "Production");
  apps = await createFolder(t, "Apps", production);
  development = await createFolder(t, "Development");
  shop = await createAccount(t, "shop", development);
  sandbox = await createAccount(t, "sandbox", development);
  await t.rm().moveAccount(new Rm.MoveAccountRequest({ accountId: shop, destinationFolderId: apps }));
  operator = await userWithPolicy(t, "operator", policyDoc(allow(["sts:AssumeRole", "ecs:*"])));
  await defaultSecurityGroup(rd.managementAccountId, t.root);
  for (const member of [shop, sandbox]) await defaultSecurityGroup(member, await asMember(member));
  golden = await sharedImage("golden", [{ key: "environment", value: "production" }], [shop, sandbox]);
  rogue = await sharedImage("rogue", [], [shop, sandbox]);
  await t.rm().enableControlPolicy();
  denyPolicy = await createControlPolicy(t, "DenyUntaggedImages", await fixture("deny-untagged-images.json"));
  await attach(t, denyPolicy, production);
});
afterAll(() => t.close());

describe("the Deny form attached to Production", () => {
  it("refuses a member under Production a launch from an untagged image: explicit deny by the control policy", async () => {
    const session = await asMember(shop);

    const system = await sdkError(launch(session, UBUNTU));
    const shared = await sdkError(launch(session, rogue));
    const created = await sdkError(
      t.ecs(session).createInstance(
        new EcsModule.CreateInstanceRequest({
          regionId: REGION,
          imageId: UBUNTU,
          instanceType: "ecs.g6.large",
          securityGroupId: securityGroups.get(shop),
        }),
      ),
    );

    expect(created.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:CreateInstance",
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
    for (const err of [system, shared]) {
      expect(err.statusCode).toBe(403);
      expect(err.code).toBe("Forbidden.RAM");
      expect(err.accessDeniedDetail).toMatchObject({
        AuthAction: "ecs:RunInstances",
        AuthPrincipalType: "AssumedRoleUser",
        AuthPrincipalOwnerId: shop,
        NoPermissionType: "ExplicitDeny",
        PolicyType: "ControlPolicy",
      });
    }
  });

  it("names the deciding policy and node in the decoded diagnostic", async () => {
    const session = await asMember(shop);
    const err = await sdkError(launch(session, UBUNTU));

    const decoded = t.cloud.decodeDiagnostic(String(err.accessDeniedDetail?.EncodedDiagnosticMessage));

    expect(decoded?.result).toBe("ExplicitDeny");
    expect(JSON.stringify(decoded?.decidedBy)).toContain("DenyUntaggedImages");
    expect(JSON.stringify(decoded?.decidedBy)).toContain(production);
  });

  it("lets the same member launch from the golden image shared with it", async () => {
    const session = await asMember(shop);

    const instanceId = await launched(session, golden);

    const described = await t.ecs(session).describeInstances(
      new EcsModule.DescribeInstancesRequest({
        regionId: REGION,
        instanceIds: JSON.stringify([instanceId]),
      }),
    );
    expect(described.body?.instances?.instance?.[0]?.imageId).toBe(golden);
  });

  it("does not govern a member outside Production", async () => {
    const session = await asMember(sandbox);

    await launched(session, UBUNTU);
  });

  it("does not govern the member's root identity while its EffectScope is RAM", async () => {
    const root = await rootOf(shop);

    await launched(root, UBUNTU);
  });

  it("governs the member's root identity too with EffectScope All", async () => {
    const all = await createControlPolicy(
      t,
      "DenyUntaggedImagesAll",
      await fixture("deny-untagged-images.json"),
      "All",
    );
    await attach(t, all, shop);
    const root = await rootOf(shop);

    const err = await sdkError(launch(root, UBUNTU));

    expect(err.accessDeniedDetail).toMatchObject({
      AuthPrincipalType: "Account",
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
    await launched(root, golden);
    await detach(t, all, shop);
    await launched(root, UBUNTU);
  });

  it("follows a member that moves out of Production, at once", async () => {
    await t
      .rm()
      .moveAccount(new Rm.MoveAccountRequest({ accountId: shop, destinationFolderId: development }));
    try {
      await launched(await asMember(shop), UBUNTU);
    } finally {
      await t.rm().moveAccount(new Rm.MoveAccountRequest({ accountId: shop, destinationFolderId: apps }));
    }
    expect((await sdkError(launch(await asMember(shop), UBUNTU))).accessDeniedDetail?.PolicyType).toBe(
      "ControlPolicy",
    );
  });

  it("never governs the management account, even attached to the Root folder", async () => {
    await attach(t, denyPolicy, rd.rootFolderId);
    try {
      await launched(operator, UBUNTU);
      await launched(t.root, UBUNTU);
      // …while a member under Root alone is now governed
      expect((await sdkError(launch(await asMember(sandbox), UBUNTU))).accessDeniedDetail?.PolicyType).toBe(
        "ControlPolicy",
      );
    } finally {
      await detach(t, denyPolicy, rd.rootFolderId);
    }
    await launched(await asMember(sandbox), UBUNTU);
  });
});

describe("the seed's Allow-only form on Development", () => {
  let allowOnly: string;
  beforeAll(async () => {
    allowOnly = await createControlPolicy(t, "SeedAllowOnly", await fixture("seed-control-policy.json"));
    await attach(t, allowOnly, development);
  });

  it("restricts nothing while FullAliyunAccess stays attached", async () => {
    const session = await asMember(sandbox);

    await launched(session, UBUNTU);
    await launched(session, rogue);
    await t.vpc(session).describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION }));
  });

  it("becomes an allow-list once FullAliyunAccess is detached from the node", async () => {
    await detach(t, FULL, development);
    try {
      const session = await asMember(sandbox);

      const untagged = await sdkError(launch(session, UBUNTU));
      await launched(session, golden);
      const unlisted = await sdkError(
        t.vpc(session).describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION })),
      );

      expect(untagged.accessDeniedDetail).toMatchObject({
        NoPermissionType: "ImplicitDeny",
        PolicyType: "ControlPolicy",
      });
      expect(unlisted.statusCode).toBe(403);
      expect(unlisted.accessDeniedDetail).toMatchObject({
        AuthAction: "vpc:DescribeVpcs",
        NoPermissionType: "ImplicitDeny",
        PolicyType: "ControlPolicy",
      });
    } finally {
      await attach(t, FULL, development);
    }
    await t
      .vpc(await asMember(sandbox))
      .describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION }));
  });
});

describe("disabling the feature", () => {
  it("lifts every control policy", async () => {
    await t.rm().disableControlPolicy();
    try {
      await launched(await asMember(shop), UBUNTU);
    } finally {
      await t.rm().enableControlPolicy();
    }
    // Enabling again attaches FullAliyunAccess only: the Deny form must be attached again.
    await launched(await asMember(shop), UBUNTU);
  });
});
