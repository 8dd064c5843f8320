import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcModule, sdkError, startTestCloud, type TestCloud } from "../harness.js";
import { allow, grantUser, newAccount, policyDoc, userWithKey } from "../ram/helpers.js";

const {
  CreateVSwitchRequest,
  CreateVSwitchRequestTag,
  CreateVpcRequest,
  CreateVpcRequestTag,
  DescribeVSwitchesRequest,
  DescribeVpcsRequest,
  DescribeVpcsRequestTag,
} = VpcModule;

const REGION = "cn-hangzhou";
type Account = Awaited<ReturnType<typeof newAccount>>;

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.close());

const vpcsOf = async (creds: Account, fields: ConstructorParameters<typeof DescribeVpcsRequest>[0] = {}) =>
  (await t.vpc(creds).describeVpcs(new DescribeVpcsRequest({ regionId: REGION, ...fields }))).body!;
const vSwitchesOf = async (
  creds: Account,
  fields: ConstructorParameters<typeof DescribeVSwitchesRequest>[0] = {},
) =>
  (
    await t
      .vpc(creds)
      .describeVSwitches(new DescribeVSwitchesRequest({ regionId: REGION, pageSize: 50, ...fields }))
  ).body!;
const createVpc = (creds: Account, fields: ConstructorParameters<typeof CreateVpcRequest>[0] = {}) =>
  t.vpc(creds).createVpc(new CreateVpcRequest({ regionId: REGION, ...fields }));
const createVSwitch = (creds: Account, fields: ConstructorParameters<typeof CreateVSwitchRequest>[0]) =>
  t
    .vpc(creds)
    .createVSwitch(new CreateVSwitchRequest({ regionId: REGION, zoneId: "cn-hangzhou-b", ...fields }));

describe("the default network", () => {
  it("gives every account, in every region, a default /16 VPC with a /20 default vSwitch per zone", async () => {
    const account = await newAccount(t, "fresh");
    const body = await vpcsOf(account);
    expect(body).toMatchObject({ totalCount: 1, pageNumber: 1, pageSize: 10 });
    const vpc = body.vpcs!.vpc![0]!;
    expect(vpc).toMatchObject({
      isDefault: true,
      cidrBlock: "172.31.0.0/16",
      status: "Available",
      regionId: REGION,
      ownerId: Number(account.accountId),
      enabledIpv6: false,
    });
    expect(vpc.vpcId).toMatch(/^vpc-bp[0-9a-z]{19}$/);
    expect(vpc.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const vSwitches = (await vSwitchesOf(account, { isDefault: true })).vSwitches!.vSwitch!;
    const byZone = Object.fromEntries(vSwitches.map((v) => [v.zoneId, v.cidrBlock]));
    expect(byZone).toEqual({
      "cn-hangzhou-b": "172.31.0.0/20",
      "cn-hangzhou-g": "172.31.16.0/20",
      "cn-hangzhou-h": "172.31.32.0/20",
      "cn-hangzhou-i": "172.31.48.0/20",
      "cn-hangzhou-j": "172.31.64.0/20",
      "cn-hangzhou-k": "172.31.80.0/20",
    });
    expect(vpc.vSwitchIds?.vSwitchId?.sort()).toEqual(vSwitches.map((v) => v.vSwitchId).sort());
    expect(vSwitches[0]).toMatchObject({ vpcId: vpc.vpcId, availableIpAddressCount: 4092, isDefault: true });
    expect(vSwitches[0]?.routeTable).toEqual({
      routeTableId: vpc.routerTableIds?.routerTableIds?.[0],
      routeTableType: "System",
    });

    const shanghai = await vpcsOf(account, { regionId: "cn-shanghai" });
    expect(shanghai.totalCount).toBe(1);
    expect(shanghai.vpcs!.vpc![0]!.vpcId).not.toBe(vpc.vpcId);
    expect((await vpcsOf(account)).vpcs!.vpc![0]!.vpcId).toBe(vpc.vpcId);
  });
});

describe("CreateVpc", () => {
  it("creates a VPC with 172.16.0.0/12 by default, and answers with its vRouter and route table", async () => {
    const account = await newAccount(t, "creator");
    const created = (
      await createVpc(account, {
        vpcName: "prod",
        description: "production network",
        tag: [new CreateVpcRequestTag({ key: "env", value: "prod" })],
      })
    ).body!;
    expect(created.vpcId).toMatch(/^vpc-bp/);
    expect(created.VRouterId).toMatch(/^vrt-bp/);
    const vpc = (await vpcsOf(account, { vpcId: created.vpcId })).vpcs!.vpc![0]!;
    expect(vpc).toMatchObject({
      vpcId: created.vpcId,
      VRouterId: created.VRouterId,
      cidrBlock: "172.16.0.0/12",
      vpcName: "prod",
      description: "production network",
      isDefault: false,
      tags: { tag: [{ key: "env", value: "prod" }] },
      routerTableIds: { routerTableIds: [created.routeTableId] },
      vSwitchIds: { vSwitchId: [] },
    });
  });

  it("checks the CIDR block: form, mask 8..28, and ranges Alibaba reserves", async () => {
    const account = await newAccount(t, "cidr");
    for (const cidrBlock of ["10.0.0.0/33", "10.0.0.1/16", "300.0.0.0/8", "10.0.0.0"]) {
      const error = await sdkError(createVpc(account, { cidrBlock }));
      expect([error.statusCode, error.code], cidrBlock).toEqual([400, "InvalidCidrBlock.Malformed"]);
    }
    for (const cidrBlock of [
      "10.0.0.0/29",
      "10.0.0.0/7",
      "100.64.0.0/16",
      "127.0.0.0/8",
      "169.254.0.0/16",
      "224.0.0.0/8",
    ]) {
      const error = await sdkError(createVpc(account, { cidrBlock }));
      expect([error.statusCode, error.code], cidrBlock).toEqual([400, "InvalidParameter"]);
    }
    await createVpc(account, { cidrBlock: "10.0.0.0/8" });
    await createVpc(account, { cidrBlock: "192.168.0.0/24" });
    await createVpc(account, { cidrBlock: "47.100.0.0/16" });
  });

  it("checks names and descriptions, and refuses IPv6 and user CIDRs it does not model", async () => {
    const account = await newAccount(t, "names");
    expect((await sdkError(createVpc(account, { vpcName: "https://vpc" }))).code).toBe(
      "InvalidVpcName.Malformed",
    );
    expect((await sdkError(createVpc(account, { description: "x".repeat(257) }))).code).toBe(
      "InvalidVpcDiscription.Malformed",
    );
    const ipv6 = await sdkError(createVpc(account, { enableIpv6: true }));
    expect(ipv6.message).toContain("IPv6 is not modelled");
    const userCidr = await sdkError(createVpc(account, { userCidr: "10.0.0.0/8" }));
    expect(userCidr.message).toContain('"UserCidr"');
    expect((await sdkError(createVpc(account, { dryRun: true }))).code).toBe("DryRunOperation");
    expect((await vpcsOf(account)).totalCount).toBe(1);
  });

  it("allows 10 VPCs a region besides the default one", async () => {
    const account = await newAccount(t, "quota");
    for (let i = 0; i < 10; i++) await createVpc(account, { cidrBlock: `10.${i}.0.0/16` });
    const error = await sdkError(createVpc(account, { cidrBlock: "10.200.0.0/16" }));
    expect([error.statusCode, error.code]).toEqual([400, "QuotaExceeded.Vpc"]);
    expect((await vpcsOf(account, { pageSize: 50 })).totalCount).toBe(11);
    await createVpc(account, { regionId: "cn-beijing" });
  });
});

describe("DescribeVpcs", () => {
  it("filters by ids, default-ness, name and tag, and pages", async () => {
    const account = await newAccount(t, "lister");
    const a = (
      await createVpc(account, {
        vpcName: "alpha",
        tag: [new CreateVpcRequestTag({ key: "team", value: "a" })],
      })
    ).body!.vpcId!;
    const b = (await createVpc(account, { vpcName: "beta" })).body!.vpcId!;
    const c = (await createVpc(account, { vpcName: "gamma" })).body!.vpcId!;
    const ids = (body: Awaited<ReturnType<typeof vpcsOf>>) => body.vpcs!.vpc!.map((v) => v.vpcId).sort();
    expect(ids(await vpcsOf(account, { vpcId: `${a},${c}` }))).toEqual([a, c].sort());
    expect(ids(await vpcsOf(account, { isDefault: false }))).toEqual([a, b, c].sort());
    expect((await vpcsOf(account, { isDefault: true })).vpcs!.vpc![0]!.isDefault).toBe(true);
    expect(ids(await vpcsOf(account, { vpcName: "beta" }))).toEqual([b]);
    expect(
      ids(await vpcsOf(account, { tag: [new DescribeVpcsRequestTag({ key: "team", value: "a" })] })),
    ).toEqual([a]);
    const page = await vpcsOf(account, { pageSize: 2, pageNumber: 2 });
    expect(page).toMatchObject({ totalCount: 4, pageNumber: 2, pageSize: 2 });
    expect(page.vpcs!.vpc).toHaveLength(2);
    expect((await sdkError(vpcsOf(account, { pageSize: 51 }))).code).toBe("InvalidParameter");
    const tooMany = Array.from({ length: 21 }, (_, i) => `vpc-${i}`).join(",");
    expect((await sdkError(vpcsOf(account, { vpcId: tooMany }))).code).toBe("InvalidParameter");
  });

  it("never shows another account's VPC", async () => {
    const owner = await newAccount(t, "owner");
    const stranger = await newAccount(t, "stranger");
    const vpcId = (await createVpc(owner)).body!.vpcId!;
    expect((await vpcsOf(stranger, { vpcId })).totalCount).toBe(0);
    expect((await vpcsOf(stranger, { pageSize: 50 })).vpcs!.vpc!.map((v) => v.vpcId)).not.toContain(vpcId);
  });
});

describe("CreateVSwitch and DescribeVSwitches", () => {
  it("creates a vSwitch inside its VPC's block, in a zone of the region", async () => {
    const account = await newAccount(t, "switcher");
    const vpcId = (await createVpc(account, { cidrBlock: "10.1.0.0/16" })).body!.vpcId!;
    const vSwitchId = (
      await createVSwitch(account, {
        vpcId,
        zoneId: "cn-hangzhou-g",
        cidrBlock: "10.1.2.0/24",
        vSwitchName: "app",
        description: "app tier",
        tag: [new CreateVSwitchRequestTag({ key: "tier", value: "app" })],
      })
    ).body!.vSwitchId!;
    expect(vSwitchId).toMatch(/^vsw-bp[0-9a-z]{19}$/);
    const shown = (await vSwitchesOf(account, { vSwitchId })).vSwitches!.vSwitch![0]!;
    expect(shown).toMatchObject({
      vSwitchId,
      vpcId,
      zoneId: "cn-hangzhou-g",
      cidrBlock: "10.1.2.0/24",
      vSwitchName: "app",
      description: "app tier",
      isDefault: false,
      status: "Available",
      availableIpAddressCount: 252,
      tags: { tag: [{ key: "tier", value: "app" }] },
    });
    expect((await vpcsOf(account, { vpcId })).vpcs!.vpc![0]!.vSwitchIds!.vSwitchId).toEqual([vSwitchId]);
    expect((await vSwitchesOf(account, { vpcId })).totalCount).toBe(1);
    expect((await vSwitchesOf(account, { vSwitchName: "app" })).totalCount).toBe(1);
    expect((await vSwitchesOf(account, { zoneId: "cn-hangzhou-g", isDefault: false })).totalCount).toBe(1);
  });

  it("checks the block against the VPC and its other vSwitches", async () => {
    const account = await newAccount(t, "blocks");
    const vpcId = (await createVpc(account, { cidrBlock: "10.2.0.0/16" })).body!.vpcId!;
    await createVSwitch(account, { vpcId, cidrBlock: "10.2.0.0/20" });
    const outside = await sdkError(createVSwitch(account, { vpcId, cidrBlock: "10.3.0.0/24" }));
    expect([outside.statusCode, outside.code]).toEqual([400, "InvalidParameter"]);
    expect(outside.message).toContain("not valid in VPC");
    const overlap = await sdkError(createVSwitch(account, { vpcId, cidrBlock: "10.2.1.0/24" }));
    expect(overlap.code).toBe("InvalidCidrBlock.Overlapped");
    const mask = await sdkError(createVSwitch(account, { vpcId, cidrBlock: "10.2.16.0/30" }));
    expect(mask.code).toBe("InvalidCirdrBlock.MaskLength");
    const malformed = await sdkError(createVSwitch(account, { vpcId, cidrBlock: "10.2.16.1/24" }));
    expect(malformed.code).toBe("InvalidCidrBlock.Malformed");
    const zone = await sdkError(
      createVSwitch(account, { vpcId, cidrBlock: "10.2.16.0/24", zoneId: "cn-hangzhou-z" }),
    );
    expect([zone.statusCode, zone.code]).toEqual([404, "InvalidZoneId.NotFound"]);
    const missing = await sdkError(
      createVSwitch(account, { vpcId, zoneId: undefined, cidrBlock: "10.2.16.0/24" }),
    );
    expect(missing.code).toBe("MissingParameter");
    expect(
      (
        await sdkError(
          createVSwitch(account, {
            vpcId,
            cidrBlock: "10.2.16.0/24",
            dryRun: undefined,
            vSwitchName: "http://x",
          }),
        )
      ).code,
    ).toBe("InvalidVSwitchName.Malformed");
  });

  it("refuses another account's VPC, and lists a VPC's vSwitches by its region when RegionId is absent", async () => {
    const owner = await newAccount(t, "vpc-owner");
    const stranger = await newAccount(t, "vpc-stranger");
    const vpcId = (await createVpc(owner, { regionId: "cn-shanghai", cidrBlock: "192.168.0.0/16" })).body!
      .vpcId!;
    await createVSwitch(owner, {
      regionId: "cn-shanghai",
      vpcId,
      zoneId: "cn-shanghai-b",
      cidrBlock: "192.168.1.0/24",
    });
    const foreign = await sdkError(
      createVSwitch(stranger, {
        regionId: "cn-shanghai",
        vpcId,
        zoneId: "cn-shanghai-b",
        cidrBlock: "192.168.2.0/24",
      }),
    );
    expect([foreign.statusCode, foreign.code]).toEqual([404, "InvalidVpcId.NotFound"]);
    const byVpc = (await t.vpc(owner).describeVSwitches(new DescribeVSwitchesRequest({ vpcId }))).body!;
    expect(byVpc.vSwitches!.vSwitch!.map((v) => v.cidrBlock)).toEqual(["192.168.1.0/24"]);
    const hidden = (await t.vpc(stranger).describeVSwitches(new DescribeVSwitchesRequest({ vpcId }))).body!;
    expect(hidden.totalCount).toBe(0);
  });
});

describe("authorization of VPC actions", () => {
  it("lets a user with vpc:Describe* list but not create", async () => {
    const reader = await userWithKey(t, "vpc-reader");
    await grantUser(t, "vpc-reader", "vpc-read", policyDoc(allow("vpc:Describe*")));
    const creds = { ...reader, accountId: t.cloud.managementAccount.accountId };
    expect((await vpcsOf(creds)).totalCount).toBeGreaterThanOrEqual(1);
    const vpcId = (await vpcsOf(creds)).vpcs!.vpc![0]!.vpcId!;
    const error = await sdkError(createVSwitch(creds, { vpcId, cidrBlock: "172.31.240.0/24" }));
    expect([error.statusCode, error.code]).toEqual([403, "Forbidden.RAM"]);
    expect(error.accessDeniedDetail).toMatchObject({
      AuthAction: "vpc:CreateVSwitch",
      NoPermissionType: "ImplicitDeny",
    });
  });
});
