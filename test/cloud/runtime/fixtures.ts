// Test-only handlers and store helpers for the runtime's own tests. The handlers are deliberately
// small (the product helpers own the real ones); each is a catalogued API action, so the runtime
// authorizes it exactly as it will authorize the product's handler.
import { randomUUID } from "node:crypto";
import type { ActionHandler, CallContext } from "../../../src/cloud/services/index.js";
import { invalidParameter } from "../../../src/cloud/http/index.js";
import {
  REGIONS,
  newAccessKeyId,
  newAccessKeySecret,
  newRamRoleId,
  newRamUserId,
  newRegionalId,
  newSecurityToken,
  newStsAccessKeyId,
  SYSTEM_IMAGES,
  type Image,
} from "../../../src/cloud/model/index.js";
import type { Store } from "../../../src/cloud/store/index.js";
import { instance } from "../store/fixtures.js";

export const describeRegions: ActionHandler = {
  product: "ecs",
  action: "DescribeRegions",
  access: "read",
  async handle() {
    return {
      Regions: {
        Region: REGIONS.map((region) => ({
          RegionId: region.regionId,
          LocalName: region.localName,
          RegionEndpoint: region.regionEndpoint,
          Status: "available",
        })),
      },
    };
  },
};

/** Fails the way a bug would: the runtime must answer InternalError and reveal nothing. */
export const describeZonesBroken: ActionHandler = {
  product: "ecs",
  action: "DescribeZones",
  access: "read",
  async handle() {
    throw new Error("database password is hunter2 at /srv/imageguard/store.ts:42");
  },
};

export const createVpc: ActionHandler = {
  product: "vpc",
  action: "CreateVpc",
  access: "write",
  async handle(ctx: CallContext) {
    const cidrBlock = ctx.params.optStr("CidrBlock") ?? "172.16.0.0/12";
    if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidrBlock)) throw invalidParameter("CidrBlock");
    ctx.finishDryRun();
    const vpcId = newRegionalId("vpc", ctx.regionId);
    const vRouterId = newRegionalId("vrouter", ctx.regionId);
    await ctx.store.network.vpcs.insert({
      vpcId,
      accountId: ctx.caller.accountId,
      regionId: ctx.regionId,
      ...(ctx.params.optStr("VpcName") === undefined ? {} : { vpcName: ctx.params.str("VpcName") }),
      cidrBlock,
      isDefault: false,
      status: "Available",
      vRouterId,
      createdAt: ctx.now.toISOString(),
    });
    return {
      VpcId: vpcId,
      VRouterId: vRouterId,
      RouteTableId: `vtb-${vpcId.slice(4)}`,
      ResourceGroupId: "rg-default",
    };
  },
};

export const deleteImage: ActionHandler = {
  product: "ecs",
  action: "DeleteImage",
  access: "write",
  async handle(ctx) {
    const imageId = ctx.params.str("ImageId");
    ctx.finishDryRun();
    await ctx.store.images.delete(ctx.regionId, imageId);
    return {};
  },
};

export const attachPolicyToUser: ActionHandler = {
  product: "ram",
  action: "AttachPolicyToUser",
  access: "write",
  async handle(ctx) {
    const user = await ctx.store.ram.users.get(ctx.caller.accountId, ctx.params.str("UserName"));
    if (user === undefined) throw invalidParameter("UserName");
    const policyName = ctx.params.str("PolicyName");
    const policy =
      ctx.params.str("PolicyType") === "System"
        ? ({ policyType: "System", policyName } as const)
        : ({ policyType: "Custom", accountId: ctx.caller.accountId, policyName } as const);
    await ctx.store.ram.policies.attach({
      principalType: "User",
      principalId: user.userId,
      accountId: ctx.caller.accountId,
      policy,
      attachedAt: ctx.now.toISOString(),
    });
    ctx.policiesChanged();
    return {};
  },
};

export const getCallerIdentity: ActionHandler = {
  product: "sts",
  action: "GetCallerIdentity",
  access: "read",
  async handle(ctx) {
    const { caller } = ctx;
    return {
      AccountId: caller.accountId,
      Arn: caller.arn,
      PrincipalId: caller.principalId,
      IdentityType:
        caller.kind === "root" ? "Account" : caller.kind === "user" ? "RAMUser" : "AssumedRoleUser",
      ...(caller.userId === undefined ? {} : { UserId: caller.userId }),
      ...(caller.roleId === undefined ? {} : { RoleId: caller.roleId }),
    };
  },
};

export const TEST_HANDLERS: readonly ActionHandler[] = [
  describeRegions,
  describeZonesBroken,
  createVpc,
  deleteImage,
  attachPolicyToUser,
  getCallerIdentity,
];

// ---- store helpers: state written directly, as a seed would ----------------------------------------

export interface TestUser {
  readonly userId: string;
  readonly userName: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export async function createUser(
  store: Store,
  accountId: string,
  userName: string,
  status: "Active" | "Inactive" = "Active",
): Promise<TestUser> {
  const now = new Date().toISOString();
  const userId = newRamUserId();
  await store.ram.users.insert({
    accountId,
    userId,
    userName,
    displayName: userName,
    createdAt: now,
    updatedAt: now,
  });
  const accessKeyId = newAccessKeyId();
  const accessKeySecret = newAccessKeySecret();
  await store.ram.accessKeys.insert({
    accessKeyId,
    accessKeySecret,
    accountId,
    owner: { type: "user", userId },
    status,
    createdAt: now,
  });
  return { userId, userName, accessKeyId, accessKeySecret };
}

/** A root AccessKey for an account (member accounts get theirs this way in tests). */
export async function createRootKey(store: Store, accountId: string) {
  const key = {
    accessKeyId: newAccessKeyId(),
    accessKeySecret: newAccessKeySecret(),
    accountId,
    owner: { type: "root" } as const,
    status: "Active" as const,
    createdAt: new Date().toISOString(),
  };
  await store.ram.accessKeys.insert(key);
  return { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret };
}

export async function createCustomPolicy(
  store: Store,
  accountId: string,
  policyName: string,
  document: object,
) {
  await store.ram.policies.insert({
    policyType: "Custom",
    accountId,
    policyName,
    document: JSON.stringify(document),
    createdAt: new Date().toISOString(),
  });
}

export async function attachToUser(store: Store, accountId: string, userId: string, policyName: string) {
  await store.ram.policies.attach({
    principalType: "User",
    principalId: userId,
    accountId,
    policy: { policyType: "Custom", accountId, policyName },
    attachedAt: new Date().toISOString(),
  });
}

export interface TestSession {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  readonly roleId: string;
}

export async function createRoleSession(
  store: Store,
  accountId: string,
  options: {
    roleName: string;
    sessionName: string;
    expiresInMs: number;
    sessionPolicy?: object;
    callerArn: string;
  },
): Promise<TestSession> {
  const now = new Date();
  const roleId = newRamRoleId();
  await store.ram.roles.insert({
    accountId,
    roleId,
    roleName: options.roleName,
    arn: `acs:ram::${accountId}:role/${options.roleName.toLowerCase()}`,
    assumeRolePolicyDocument: JSON.stringify({
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${accountId}:root`] } },
      ],
    }),
    maxSessionDuration: 3600,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  const session = {
    accessKeyId: newStsAccessKeyId(),
    accessKeySecret: newAccessKeySecret(),
    securityToken: newSecurityToken(),
    accountId,
    roleId,
    roleArn: `acs:ram::${accountId}:role/${options.roleName.toLowerCase()}`,
    roleSessionName: options.sessionName,
    callerArn: options.callerArn,
    ...(options.sessionPolicy === undefined ? {} : { sessionPolicy: JSON.stringify(options.sessionPolicy) }),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + options.expiresInMs).toISOString(),
  };
  await store.sts.insert(session);
  return { ...session, roleId };
}

export async function createImage(
  store: Store,
  accountId: string,
  tags: Record<string, string>,
  regionId = "cn-hangzhou",
): Promise<Image> {
  const image: Image = {
    imageId: newRegionalId("image", regionId),
    regionId,
    ownerAccountId: accountId,
    imageOwnerAlias: "self",
    imageName: `golden-${randomUUID().slice(0, 8)}`,
    status: "Available",
    osType: "linux",
    osName: "Ubuntu  22.04 64位",
    osNameEn: "Ubuntu  22.04 64 bit",
    platform: "Ubuntu",
    architecture: "x86_64",
    sizeGiB: 20,
    createdAt: new Date().toISOString(),
  };
  await store.images.insert(image);
  const pairs = Object.entries(tags).map(([key, value]) => ({ key, value }));
  if (pairs.length > 0) {
    await store.tags.set({ regionId, resourceType: "image", resourceId: image.imageId }, accountId, pairs);
  }
  return image;
}

/**
 * A stopped instance of `accountId` in `regionId` (zone `<region>-b`, from the first system image),
 * tagged with `tags`. Returns its id.
 */
export async function createInstance(
  store: Store,
  accountId: string,
  regionId: string,
  tags: Record<string, string>,
): Promise<string> {
  const instanceId = newRegionalId("instance", regionId);
  await store.instances.insertMany([
    instance(instanceId, accountId, {
      regionId,
      zoneId: `${regionId}-b`,
      instanceName: "web",
      status: "Stopped",
      imageId: SYSTEM_IMAGES[0]!.imageId,
      createdAt: new Date().toISOString(),
    }),
  ]);
  const pairs = Object.entries(tags).map(([key, value]) => ({ key, value }));
  if (pairs.length > 0) {
    await store.tags.set({ regionId, resourceType: "instance", resourceId: instanceId }, accountId, pairs);
  }
  return instanceId;
}

export const ALLOW_ALL_ECS = {
  Version: "1",
  Statement: [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }],
};
