import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, VpcModule, type TestCloud } from "../harness.js";
import {
  REGION,
  defaultSecurityGroup,
  newAccount,
  run,
  sdkError,
  startCloud,
  type Account,
} from "./fixtures.js";

const {
  CreateSecurityGroupRequest,
  CreateSecurityGroupRequestTag,
  DeleteInstanceRequest,
  DeleteSecurityGroupRequest,
  DescribeSecurityGroupsRequest,
  DescribeSecurityGroupsRequestTag,
} = EcsModule;

let t: TestCloud;
let owner: Account;

beforeAll(async () => {
  t = await startCloud();
  owner = await newAccount(t, "groups");
});
afterAll(() => t.close());

const create = (
  fields: ConstructorParameters<typeof CreateSecurityGroupRequest>[0] = {},
  creds: Account = owner,
) => t.ecs(creds).createSecurityGroup(new CreateSecurityGroupRequest({ regionId: REGION, ...fields }));
const describeGroups = async (
  fields: ConstructorParameters<typeof DescribeSecurityGroupsRequest>[0] = {},
  creds = owner,
) =>
  (
    await t
      .ecs(creds)
      .describeSecurityGroups(new DescribeSecurityGroupsRequest({ regionId: REGION, ...fields }))
  ).body!;

describe("the default security group", () => {
  it("exists on first use, in the default VPC, named default", async () => {
    const body = await describeGroups();
    expect(body).toMatchObject({ regionId: REGION, totalCount: 1, pageNumber: 1, pageSize: 10 });
    const group = body.securityGroups!.securityGroup![0]!;
    const vpcs = (
      await t
        .vpc(owner)
        .describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION, isDefault: true }))
    ).body!.vpcs!.vpc!;
    expect(group).toMatchObject({
      securityGroupName: "default",
      securityGroupType: "normal",
      vpcId: vpcs[0]!.vpcId,
      ecsCount: 0,
      availableInstanceAmount: 2000,
      ruleCount: 0,
    });
    expect(group.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(group.securityGroupId).toMatch(/^sg-bp[0-9a-z]{18}$/);
  });
});

describe("CreateSecurityGroup", () => {
  it("creates a group in the default VPC without VpcId, or in the VPC named, with its tags", async () => {
    const id = (
      await create({
        securityGroupName: "web",
        description: "web tier",
        tag: [new CreateSecurityGroupRequestTag({ key: "tier", value: "web" })],
      })
    ).body!.securityGroupId!;
    const vpcId = (
      await t
        .vpc(owner)
        .createVpc(new VpcModule.CreateVpcRequest({ regionId: REGION, cidrBlock: "10.8.0.0/16" }))
    ).body!.vpcId!;
    const inVpc = (await create({ vpcId, securityGroupType: "enterprise" })).body!.securityGroupId!;
    const body = await describeGroups({ securityGroupIds: JSON.stringify([id, inVpc]) });
    const byId = new Map(body.securityGroups!.securityGroup!.map((group) => [group.securityGroupId, group]));
    expect(byId.get(id)).toMatchObject({
      securityGroupName: "web",
      description: "web tier",
      tags: { tag: [{ tagKey: "tier", tagValue: "web" }] },
    });
    expect(byId.get(inVpc)).toMatchObject({
      vpcId,
      securityGroupType: "enterprise",
      availableInstanceAmount: 65536,
    });
  });

  it("checks its parameters", async () => {
    const name = await sdkError(create({ securityGroupName: "9lives" }));
    expect([name.statusCode, name.code]).toEqual([400, "InvalidSecurityGroupName.Malformed"]);
    const description = await sdkError(create({ description: "http://example.com" }));
    expect(description.code).toBe("InvalidDescription.Malformed");
    const vpc = await sdkError(create({ vpcId: "vpc-bp0000000000000000000" }));
    expect([vpc.statusCode, vpc.code]).toEqual([404, "InvalidVpcId.NotFound"]);
    const type = await sdkError(create({ securityGroupType: "fancy" }));
    expect(type.code).toBe("InvalidParameter");
    const group = await sdkError(create({ resourceGroupId: "rg-1" }));
    expect(group.message).toContain("resource groups are not modelled");
  });

  it("does not create anything on a DryRun", async () => {
    const before = (await describeGroups()).totalCount;
    const dry = await sdkError(
      t
        .popCore("ecs", owner)
        .request("CreateSecurityGroup", { RegionId: REGION, DryRun: "true" }, { method: "POST" }),
    );
    expect(dry.code).toBe("DryRunOperation");
    expect((await describeGroups()).totalCount).toBe(before);
  });

  it("does not let another account use the VPC", async () => {
    const vpcId = (await t.vpc(owner).createVpc(new VpcModule.CreateVpcRequest({ regionId: REGION }))).body!
      .vpcId!;
    const stranger = await newAccount(t, "stranger");
    const error = await sdkError(create({ vpcId }, stranger));
    expect(error.code).toBe("InvalidVpcId.NotFound");
  });
});

describe("DescribeSecurityGroups", () => {
  it("filters by name, type, VPC and tag, and shows how many instances a group holds", async () => {
    const account = await newAccount(t, "filters");
    const a = (
      await create(
        { securityGroupName: "alpha", tag: [new CreateSecurityGroupRequestTag({ key: "k", value: "1" })] },
        account,
      )
    ).body!.securityGroupId!;
    await create({ securityGroupName: "beta", securityGroupType: "enterprise" }, account);
    await run(t, account, { securityGroupId: a, amount: 2 });
    expect(
      (await describeGroups({ securityGroupName: "alpha" }, account)).securityGroups!.securityGroup!.map(
        (g) => g.securityGroupId,
      ),
    ).toEqual([a]);
    expect((await describeGroups({ securityGroupType: "enterprise" }, account)).totalCount).toBe(1);
    const tagged = await describeGroups(
      { tag: [new DescribeSecurityGroupsRequestTag({ key: "k", value: "1" })] },
      account,
    );
    expect(tagged.securityGroups!.securityGroup![0]).toMatchObject({
      securityGroupId: a,
      ecsCount: 2,
      availableInstanceAmount: 1998,
    });
    const defaultVpc = (await describeGroups({ securityGroupName: "default" }, account)).securityGroups!
      .securityGroup![0]!.vpcId;
    expect((await describeGroups({ vpcId: defaultVpc }, account)).totalCount).toBe(3);
    expect((await describeGroups({ networkType: "classic" }, account)).totalCount).toBe(0);
  });

  it("pages both ways, and shows nothing of another account", async () => {
    const account = await newAccount(t, "pages");
    for (let i = 0; i < 12; i++)
      await create({ securityGroupName: `g${String(i).padStart(2, "0")}` }, account);
    const page2 = await describeGroups({ pageNumber: 2, pageSize: 5 }, account);
    expect(page2).toMatchObject({ totalCount: 13, pageNumber: 2, pageSize: 5 });
    expect(page2.securityGroups?.securityGroup).toHaveLength(5);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const body = await describeGroups({ maxResults: 6, ...(nextToken ? { nextToken } : {}) }, account);
      seen.push(...body.securityGroups!.securityGroup!.map((g) => g.securityGroupId!));
      nextToken = body.nextToken || undefined;
    } while (nextToken !== undefined);
    expect(new Set(seen).size).toBe(13);
    const mine = new Set(seen);
    const others = await describeGroups({ pageSize: 50 });
    expect(others.securityGroups!.securityGroup!.some((g) => mine.has(g.securityGroupId!))).toBe(false);
    expect((await sdkError(describeGroups({ pageSize: 51 }, account))).code).toBe("InvalidParameter");
  });
});

describe("DeleteSecurityGroup", () => {
  it("deletes an empty group, and refuses one that instances belong to", async () => {
    const account = await newAccount(t, "deleter");
    const empty = (await create({ securityGroupName: "empty" }, account)).body!.securityGroupId!;
    await t
      .ecs(account)
      .deleteSecurityGroup(new DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: empty }));
    expect((await describeGroups({ securityGroupId: empty }, account)).totalCount).toBe(0);

    const used = await defaultSecurityGroup(t, account);
    const [instanceId] = await run(t, account, { securityGroupId: used });
    const busy = await sdkError(
      t
        .ecs(account)
        .deleteSecurityGroup(new DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: used })),
    );
    expect([busy.statusCode, busy.code]).toEqual([403, "DependencyViolation"]);
    await t.ecs(account).deleteInstance(new DeleteInstanceRequest({ instanceId, force: true }));
    await t
      .ecs(account)
      .deleteSecurityGroup(new DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: used }));

    // A deleted group takes no more instances, though launches just used it; the default VPC gets
    // a new default group, which launches then use.
    for (const gone of [empty, used]) {
      const launch = await sdkError(run(t, account, { securityGroupId: gone }));
      expect([launch.statusCode, launch.code]).toEqual([404, "InvalidSecurityGroupId.NotFound"]);
    }
    const fresh = await defaultSecurityGroup(t, account);
    expect(fresh).not.toBe(used);
    expect(await run(t, account, { securityGroupId: fresh })).toHaveLength(1);
  });

  it("treats another account's group as not found", async () => {
    const stranger = await newAccount(t, "intruder");
    const target = await defaultSecurityGroup(t, owner);
    const error = await sdkError(
      t
        .ecs(stranger)
        .deleteSecurityGroup(new DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: target })),
    );
    expect([error.statusCode, error.code]).toEqual([404, "InvalidSecurityGroupId.NotFound"]);
    expect((await describeGroups({ securityGroupId: target })).totalCount).toBe(1);
  });
});
