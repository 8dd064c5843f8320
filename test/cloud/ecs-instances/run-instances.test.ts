import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, VpcModule, type TestCloud } from "../harness.js";
import {
  REGION,
  UBUNTU,
  UBUNTU_ARM,
  WINDOWS,
  defaultSecurityGroup,
  describeInstances,
  instance,
  newAccount,
  rootOf,
  run,
  sdkError,
  startCloud,
  tags,
  type Account,
} from "./fixtures.js";

let t: TestCloud;
let root: Account;

beforeAll(async () => {
  t = await startCloud();
  root = rootOf(t);
});
afterAll(() => t.close());

describe("RunInstances from a system image (the seed's launch step)", () => {
  it("creates a Running instance the root identity can describe, shaped as the SDK models it", async () => {
    const response = await t.ecs(root).runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: REGION,
        imageId: UBUNTU,
        instanceType: "ecs.g7.large",
        securityGroupId: await defaultSecurityGroup(t, root),
        tag: tags({ team: "platform" }),
      }),
    );
    const body = response.body!;
    expect(body.instanceIdSets?.instanceIdSet).toHaveLength(1);
    expect(body.orderId).toMatch(/^[0-9]{15}$/);
    expect(body.tradePrice).toBe(0);
    const id = body.instanceIdSets!.instanceIdSet![0]!;
    expect(id).toMatch(/^i-bp[0-9a-z]{18}$/);

    const shown = await instance(t, root, id);
    expect(shown).toMatchObject({
      instanceId: id,
      instanceName: id,
      imageId: UBUNTU,
      OSType: "linux",
      OSName: "Ubuntu  22.04 64位",
      OSNameEn: "Ubuntu  22.04 64 bit",
      status: "Running",
      instanceType: "ecs.g7.large",
      instanceTypeFamily: "ecs.g7",
      cpu: 2,
      memory: 8192,
      regionId: REGION,
      // The region's first zone, where the default vSwitch of an unnamed zone is.
      zoneId: "cn-hangzhou-b",
      instanceChargeType: "PostPaid",
      instanceNetworkType: "vpc",
      stoppedMode: "Not-applicable",
      hostName: `iZ${id.slice(2)}Z`,
      tags: { tag: [{ tagKey: "team", tagValue: "platform" }] },
    });
    expect(shown?.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(shown?.startTime).toBe(shown?.creationTime);
    expect(shown?.securityGroupIds?.securityGroupId).toEqual([await defaultSecurityGroup(t, root)]);
    const vpcs = (
      await t.vpc(root).describeVpcs(new VpcModule.DescribeVpcsRequest({ regionId: REGION, isDefault: true }))
    ).body!.vpcs!.vpc!;
    expect(shown?.vpcAttributes?.vpcId).toBe(vpcs[0]?.vpcId);
    const vSwitch = (
      await t.vpc(root).describeVSwitches(
        new VpcModule.DescribeVSwitchesRequest({
          regionId: REGION,
          zoneId: "cn-hangzhou-b",
          isDefault: true,
        }),
      )
    ).body!.vSwitches!.vSwitch![0]!;
    expect(shown?.vpcAttributes?.vSwitchId).toBe(vSwitch.vSwitchId);
    expect(vSwitch.cidrBlock).toBe("172.31.0.0/20");
    expect(shown?.vpcAttributes?.privateIpAddress?.ipAddress?.[0]).toMatch(
      /^172\.31\.(1[0-5]|[0-9])\.[0-9]+$/,
    );
    expect(shown?.publicIpAddress?.ipAddress).toEqual([]);
  });

  it("creates Amount instances, numbered by a [begin,bits] name and hostname", async () => {
    const ids = await run(t, root, { amount: 4, instanceName: "web-[7,2]-prod", hostName: "web-[1,3]" });
    expect(new Set(ids).size).toBe(4);
    const shown = (await describeInstances(t, root, { instanceIds: JSON.stringify(ids) })).instances!
      .instance!;
    expect(shown.map((i) => i.instanceName).sort()).toEqual([
      "web-07-prod",
      "web-08-prod",
      "web-09-prod",
      "web-10-prod",
    ]);
    expect(shown.map((i) => i.hostName).sort()).toEqual(["web-001", "web-002", "web-003", "web-004"]);
    const addresses = shown.map((i) => i.vpcAttributes?.privateIpAddress?.ipAddress?.[0]);
    expect(new Set(addresses).size).toBe(4);
  });

  it("appends 001, 002, … with UniqueSuffix, and ignores it for a numbered name", async () => {
    const suffixed = await run(t, root, { amount: 2, instanceName: "batch", uniqueSuffix: true });
    const names = (await describeInstances(t, root, { instanceIds: JSON.stringify(suffixed) })).instances!
      .instance!;
    expect(names.map((i) => i.instanceName).sort()).toEqual(["batch001", "batch002"]);
    const numbered = await run(t, root, { amount: 1, instanceName: "instance-[99,3]", uniqueSuffix: true });
    expect((await instance(t, root, numbered[0]!))?.instanceName).toBe("instance-099");
  });

  it("tags every instance of the batch with Tag.N, and DescribeInstances finds them by tag", async () => {
    const ids = await run(t, root, { amount: 3, tag: tags({ batch: "b-42", owner: "ops" }) });
    const found = await describeInstances(t, root, {
      tag: [new EcsModule.DescribeInstancesRequestTag({ key: "batch", value: "b-42" })],
    });
    expect(found.instances!.instance!.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
    for (const shown of found.instances!.instance!) {
      expect(shown.tags?.tag?.map((tag) => `${tag.tagKey}=${tag.tagValue}`).sort()).toEqual([
        "batch=b-42",
        "owner=ops",
      ]);
    }
  });

  it("gives a public address only when InternetMaxBandwidthOut is above 0", async () => {
    const [id] = await run(t, root, { internetMaxBandwidthOut: 5 });
    const shown = await instance(t, root, id!);
    expect(shown?.internetMaxBandwidthOut).toBe(5);
    expect(shown?.publicIpAddress?.ipAddress?.[0]).toMatch(/^47\.(9[6-9]|1[01][0-9]|12[0-7])\.\d+\.\d+$/);
  });

  it("resolves ImageFamily to the family's newest Available image, and refuses it beside ImageId", async () => {
    const [id] = await run(t, root, { imageFamily: "acs:ubuntu_22_04_x64" });
    expect((await instance(t, root, id!))?.imageId).toBe(UBUNTU);
    const both = await sdkError(run(t, root, { imageId: UBUNTU, imageFamily: "acs:ubuntu_22_04_x64" }));
    expect([both.statusCode, both.code]).toEqual([400, "UnexpectedImageFamily.ImageIdSupplied"]);
    const none = await sdkError(run(t, root, { imageFamily: "no-such-family" }));
    expect([none.statusCode, none.code]).toEqual([403, "InvalidImageFamily.MissingAvailableImage"]);
  });

  it("answers a DryRun with DryRunOperation after every check, and creates nothing", async () => {
    const before = (await describeInstances(t, root)).totalCount;
    const dry = await sdkError(run(t, root, { amount: 3, dryRun: true }));
    expect([dry.statusCode, dry.code]).toEqual([400, "DryRunOperation"]);
    const invalid = await sdkError(run(t, root, { imageId: "m-bp1nosuchimage00000", dryRun: true }));
    expect(invalid.code).toBe("InvalidImageId.NotFound");
    expect((await describeInstances(t, root)).totalCount).toBe(before);
  });

  it("answers a repeated ClientToken with the first call's instances and refuses it with other parameters", async () => {
    const clientToken = "run-once-0001";
    const first = await run(t, root, { amount: 2, clientToken });
    const before = (await describeInstances(t, root)).totalCount;
    const again = await run(t, root, { amount: 2, clientToken });
    expect(again).toEqual(first);
    expect((await describeInstances(t, root)).totalCount).toBe(before);
    const other = await sdkError(run(t, root, { amount: 3, clientToken }));
    expect([other.statusCode, other.code]).toEqual([400, "IdempotentParameterMismatch"]);
  });
});

describe("which images RunInstances accepts", () => {
  it("refuses an image that does not exist with InvalidImageId.NotFound (404)", async () => {
    const error = await sdkError(run(t, root, { imageId: "m-bp1doesnotexist0000" }));
    expect([error.statusCode, error.code]).toEqual([404, "InvalidImageId.NotFound"]);
  });

  it("treats another account's private image as not found until it is shared", async () => {
    const [source] = await run(t, root);
    const image = (
      await t
        .ecs(root)
        .createImage(
          new EcsModule.CreateImageRequest({ regionId: REGION, instanceId: source, imageName: "golden-1" }),
        )
    ).body!.imageId!;
    const other = await newAccount(t, "launcher");
    const hidden = await sdkError(run(t, other, { imageId: image }));
    expect(hidden.code).toBe("InvalidImageId.NotFound");
    await t.ecs(root).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: image,
        addAccount: [other.accountId],
      }),
    );
    const [launched] = await run(t, other, { imageId: image });
    expect((await instance(t, other, launched!))?.imageId).toBe(image);
  });

  it("launches from a Deprecated image named by id, but an image family skips it", async () => {
    const [source] = await run(t, root);
    const image = (
      await t.ecs(root).createImage(
        new EcsModule.CreateImageRequest({
          regionId: REGION,
          instanceId: source,
          imageName: "old-1",
          imageFamily: "rollback-test",
        }),
      )
    ).body!.imageId!;
    await t
      .ecs(root)
      .modifyImageAttribute(
        new EcsModule.ModifyImageAttributeRequest({ regionId: REGION, imageId: image, status: "Deprecated" }),
      );
    const [byId] = await run(t, root, { imageId: image });
    expect((await instance(t, root, byId!))?.imageId).toBe(image);
    const byFamily = await sdkError(run(t, root, { imageFamily: "rollback-test" }));
    expect(byFamily.code).toBe("InvalidImageFamily.MissingAvailableImage");
  });

  it("refuses an image that is not ready yet as not found", async () => {
    const imageId = "m-bpcreating0000000001";
    await t.cloud.store.images.insert({
      imageId,
      regionId: REGION,
      ownerAccountId: root.accountId,
      imageOwnerAlias: "self",
      imageName: "still-creating",
      status: "Creating",
      osType: "linux",
      osName: "Ubuntu  22.04 64位",
      osNameEn: "Ubuntu  22.04 64 bit",
      platform: "Ubuntu",
      architecture: "x86_64",
      sizeGiB: 20,
      createdAt: new Date().toISOString(),
    });
    const error = await sdkError(run(t, root, { imageId }));
    expect(error.code).toBe("InvalidImageId.NotFound");
  });

  it("refuses an image whose architecture the instance type cannot boot", async () => {
    const error = await sdkError(run(t, root, { imageId: UBUNTU_ARM }));
    expect([error.statusCode, error.code]).toEqual([403, "ImageNotSupportInstanceType"]);
    const [arm] = await run(t, root, { imageId: UBUNTU_ARM, instanceType: "ecs.g8y.large" });
    expect((await instance(t, root, arm!))?.instanceType).toBe("ecs.g8y.large");
  });

  it("refuses a key pair on a Windows image", async () => {
    const error = await sdkError(run(t, root, { imageId: WINDOWS, keyPairName: "ops-key" }));
    expect([error.statusCode, error.code]).toEqual([403, "DependencyViolation.WindowsInstance"]);
    const [linux] = await run(t, root, { keyPairName: "ops-key" });
    expect((await instance(t, root, linux!))?.keyPairName).toBe("ops-key");
  });
});

describe("how many instances RunInstances makes (Amount, MinAmount, the vCPU quota)", () => {
  it("refuses Amount outside 1..100 and MinAmount above Amount", async () => {
    expect((await sdkError(run(t, root, { amount: 101 }))).code).toBe("InvalidParameter");
    expect((await sdkError(run(t, root, { amount: 0 }))).code).toBe("InvalidParameter");
    const min = await sdkError(run(t, root, { amount: 2, minAmount: 3 }));
    expect([min.statusCode, min.code]).toEqual([400, "InvalidMinAmount.Malformed"]);
  });

  it("makes all of Amount or none when the quota cannot hold the batch, and as many as it can above MinAmount", async () => {
    const account = await newAccount(t, "quota");
    const big = { instanceType: "ecs.g7.2xlarge" }; // 8 vCPUs: 125 fit in the 1,000-vCPU quota
    expect(await run(t, account, { ...big, amount: 100 })).toHaveLength(100);

    const refused = await sdkError(run(t, account, { ...big, amount: 30 }));
    expect([refused.statusCode, refused.code]).toEqual([403, "QuotaExceed.ElasticQuota"]);
    expect(refused.message).toContain("800 of the 1000 vCPUs");
    expect((await describeInstances(t, account)).totalCount).toBe(100);

    const dry = await sdkError(run(t, account, { ...big, amount: 30, dryRun: true }));
    expect(dry.code).toBe("QuotaExceed.ElasticQuota");

    const partial = await run(t, account, { ...big, amount: 30, minAmount: 10 });
    expect(partial).toHaveLength(25);
    expect((await describeInstances(t, account)).totalCount).toBe(125);

    const none = await sdkError(run(t, account, { ...big, amount: 5, minAmount: 1 }));
    expect(none.code).toBe("QuotaExceed.ElasticQuota");
    // A released instance gives its vCPUs back.
    const [first] = partial;
    await t
      .ecs(account)
      .deleteInstance(new EcsModule.DeleteInstanceRequest({ instanceId: first, force: true }));
    expect(await run(t, account, { ...big, amount: 1 })).toHaveLength(1);
  });
});

describe("the network of a new instance", () => {
  async function customNetwork(creds: Account) {
    const vpc = t.vpc(creds);
    const vpcId = (
      await vpc.createVpc(new VpcModule.CreateVpcRequest({ regionId: REGION, cidrBlock: "10.0.0.0/16" }))
    ).body!.vpcId!;
    const vSwitchId = (
      await vpc.createVSwitch(
        new VpcModule.CreateVSwitchRequest({
          regionId: REGION,
          vpcId,
          zoneId: "cn-hangzhou-h",
          cidrBlock: "10.0.1.0/24",
        }),
      )
    ).body!.vSwitchId!;
    const securityGroupId = (
      await t
        .ecs(creds)
        .createSecurityGroup(new EcsModule.CreateSecurityGroupRequest({ regionId: REGION, vpcId }))
    ).body!.securityGroupId!;
    return { vpcId, vSwitchId, securityGroupId };
  }

  it("places the instance in the named vSwitch's zone and VPC, addressed from its block", async () => {
    const account = await newAccount(t, "network");
    const net = await customNetwork(account);
    const [id] = await run(t, account, { securityGroupId: net.securityGroupId, vSwitchId: net.vSwitchId });
    const shown = await instance(t, account, id!);
    expect(shown).toMatchObject({
      zoneId: "cn-hangzhou-h",
      vpcAttributes: { vpcId: net.vpcId, vSwitchId: net.vSwitchId },
    });
    expect(shown?.vpcAttributes?.privateIpAddress?.ipAddress).toEqual(["10.0.1.1"]);
    const vSwitch = (
      await t
        .vpc(account)
        .describeVSwitches(
          new VpcModule.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: net.vSwitchId }),
        )
    ).body!.vSwitches!.vSwitch![0]!;
    // 10.0.1.1 .. 10.0.1.252 are usable; one is taken.
    expect(vSwitch.availableIpAddressCount).toBe(251);
  });

  it("gives each instance the lowest free address of its vSwitch, reusing released ones", async () => {
    // Given a vSwitch whose .1 to .12 are taken (.10 and up sort before .2 as text)
    const account = await newAccount(t, "addresses");
    const net = await customNetwork(account);
    const inNet = { securityGroupId: net.securityGroupId, vSwitchId: net.vSwitchId };
    const addressOf = async (id: string) =>
      (await instance(t, account, id))?.vpcAttributes?.privateIpAddress?.ipAddress?.[0];
    const first = await run(t, account, { ...inNet, amount: 12 });
    const taken = await Promise.all(first.map(addressOf));
    expect([...taken].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `10.0.1.${i + 1}`).sort());
    // Then the next one gets .13
    const [next] = await run(t, account, inNet);
    expect(await addressOf(next!)).toBe("10.0.1.13");
    // When the instances at .2 and .10 are released
    const byAddress = new Map(first.map((id, i) => [taken[i], id]));
    for (const address of ["10.0.1.2", "10.0.1.10"]) {
      await t
        .ecs(account)
        .deleteInstance(
          new EcsModule.DeleteInstanceRequest({ instanceId: byAddress.get(address), force: true }),
        );
    }
    // Then a batch of three fills those holes first, lowest first, and then goes on above .13
    const refill = await run(t, account, { ...inNet, amount: 3 });
    expect((await Promise.all(refill.map(addressOf))).sort()).toEqual(["10.0.1.10", "10.0.1.14", "10.0.1.2"]);
  });

  it("needs a vSwitch for a security group outside the default VPC, of that VPC and in the named zone", async () => {
    const account = await newAccount(t, "network-errors");
    const net = await customNetwork(account);
    const necessary = await sdkError(run(t, account, { securityGroupId: net.securityGroupId }));
    expect([necessary.statusCode, necessary.code]).toEqual([400, "InvalidVSwitchId.Necessary"]);
    const defaultGroup = await defaultSecurityGroup(t, account);
    const mismatch = await sdkError(
      run(t, account, { securityGroupId: defaultGroup, vSwitchId: net.vSwitchId }),
    );
    expect([mismatch.statusCode, mismatch.code]).toEqual([400, "InvalidParameter.Mismatch"]);
    expect(mismatch.message).toContain("not in the same VPC");
    const zone = await sdkError(
      run(t, account, {
        securityGroupId: net.securityGroupId,
        vSwitchId: net.vSwitchId,
        zoneId: "cn-hangzhou-b",
      }),
    );
    expect(zone.code).toBe("InvalidParameter.Mismatch");
    expect(zone.message).toContain("not in the specified zone");
    const unknownZone = await sdkError(run(t, account, { zoneId: "cn-hangzhou-z" }));
    expect([unknownZone.statusCode, unknownZone.code]).toEqual([404, "InvalidZoneId.NotFound"]);
    const unknownSwitch = await sdkError(
      run(t, account, { securityGroupId: defaultGroup, vSwitchId: "vsw-bp0000000000000000000" }),
    );
    expect([unknownSwitch.statusCode, unknownSwitch.code]).toEqual([404, "InvalidVSwitchId.NotFound"]);
  });

  it("uses the default vSwitch of the ZoneId asked for", async () => {
    const [id] = await run(t, root, { zoneId: "cn-hangzhou-h" });
    expect((await instance(t, root, id!))?.zoneId).toBe("cn-hangzhou-h");
  });

  it("joins several security groups of one VPC, and refuses groups of different VPCs or both parameters", async () => {
    const account = await newAccount(t, "groups");
    const defaultGroup = await defaultSecurityGroup(t, account);
    const second = (
      await t
        .ecs(account)
        .createSecurityGroup(
          new EcsModule.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: "web" }),
        )
    ).body!.securityGroupId!;
    const [id] = await run(t, account, { securityGroupIds: [defaultGroup, second] });
    expect((await instance(t, account, id!))?.securityGroupIds?.securityGroupId).toEqual([
      defaultGroup,
      second,
    ]);

    const net = await customNetwork(account);
    const vpcs = await sdkError(run(t, account, { securityGroupIds: [defaultGroup, net.securityGroupId] }));
    expect(vpcs.code).toBe("InvalidSecurityGroup.VpcMismatch");
    const both = await sdkError(
      run(t, account, { securityGroupId: defaultGroup, securityGroupIds: [second] }),
    );
    expect(both.code).toBe("InvalidSecurityGroupId.SingleIdAndMultiIdConflict");
    const repeated = await sdkError(run(t, account, { securityGroupIds: [second, second] }));
    expect(repeated.code).toBe("InvalidParameter.SecurityGroupIdRepeated");
  });

  it("treats another account's security group as not found", async () => {
    const stranger = await newAccount(t, "stranger");
    const error = await sdkError(run(t, stranger, { securityGroupId: await defaultSecurityGroup(t, root) }));
    expect([error.statusCode, error.code]).toEqual([404, "InvalidSecurityGroupId.NotFound"]);
  });
});

describe("RunInstances parameters", () => {
  it("refuses an instance type outside the catalogue", async () => {
    const error = await sdkError(run(t, root, { instanceType: "ecs.nope.large" }));
    expect([error.statusCode, error.code]).toEqual([400, "InvalidInstanceType.ValueNotSupported"]);
  });

  it("checks instance names, including the numbering bracket", async () => {
    expect((await sdkError(run(t, root, { instanceName: "1-starts-with-digit" }))).code).toBe(
      "InvalidInstanceName.Malformed",
    );
    expect((await sdkError(run(t, root, { instanceName: "web-[a,b]" }))).code).toBe(
      "InvalidInstanceName.CustomMalformed",
    );
    expect((await sdkError(run(t, root, { instanceName: "web-[1,7]" }))).code).toBe(
      "InvalidInstanceName.CustomMalformed",
    );
    expect((await sdkError(run(t, root, { hostName: "-bad-" }))).code).toBe("InvalidHostName.Malformed");
  });

  it("sizes the system disk max{40, image size} by default and checks an explicit size", async () => {
    const [linux] = await run(t, root);
    expect((await t.cloud.store.instances.get(linux!))?.systemDisk).toMatchObject({
      sizeGiB: 40,
      category: "cloud_efficiency",
    });
    const [sized] = await run(t, root, {
      systemDisk: new EcsModule.RunInstancesRequestSystemDisk({ category: "cloud_essd", size: "80" }),
    });
    expect((await t.cloud.store.instances.get(sized!))?.systemDisk).toMatchObject({
      sizeGiB: 80,
      category: "cloud_essd",
    });
    const small = await sdkError(
      run(t, root, { systemDisk: new EcsModule.RunInstancesRequestSystemDisk({ size: "10" }) }),
    );
    expect([small.statusCode, small.code]).toEqual([404, "InvalidSystemDiskSize.LessThanMinSize"]);
    const belowImage = await sdkError(
      run(t, root, {
        imageId: WINDOWS,
        systemDisk: new EcsModule.RunInstancesRequestSystemDisk({ size: "30" }),
      }),
    );
    expect(belowImage.code).toBe("InvalidSystemDiskSize.LessThanImageSize");
    const category = await sdkError(
      run(t, root, {
        systemDisk: new EcsModule.RunInstancesRequestSystemDisk({ category: "cloud_essd_entry" }),
      }),
    );
    expect(category.code).toBe("InvalidSystemDiskCategory.ValueNotSupported");
  });

  it("refuses parameters the local cloud does not model instead of ignoring them", async () => {
    // Of several, the first in name order is named, whatever order the request has them in.
    const dataDisk = await sdkError(
      run(t, root, {
        userData: "IyEvYmluL3NoCg==",
        dataDisk: [new EcsModule.RunInstancesRequestDataDisk({ size: 100, category: "cloud_essd" })],
      }),
    );
    expect([dataDisk.statusCode, dataDisk.code]).toEqual([400, "InvalidParameter"]);
    expect(dataDisk.message).toContain(
      '"DataDisk.1.Category" is not supported by the local cloud: data disks are not modelled',
    );
    const prepaid = await sdkError(run(t, root, { instanceChargeType: "PrePaid", period: 1 }));
    expect(prepaid.message).toContain("not supported by the local cloud");
    const userData = await sdkError(run(t, root, { userData: "IyEvYmluL3NoCg==" }));
    expect(userData.message).toContain('"UserData"');
  });

  it("records description and deletion protection", async () => {
    const [id] = await run(t, root, { description: "made by a test", deletionProtection: true });
    expect(await instance(t, root, id!)).toMatchObject({
      description: "made by a test",
      deletionProtection: true,
    });
  });

  it("checks the password's form and never shows it", async () => {
    const weak = await sdkError(run(t, root, { password: "password" }));
    expect([weak.statusCode, weak.code]).toEqual([400, "InvalidPassword.Malformed"]);
    const both = await sdkError(run(t, root, { password: "Str0ng!Pass", passwordInherit: true }));
    expect(both.code).toBe("InvalidPasswordParam.Mismatch");
    const [id] = await run(t, root, { password: "Str0ng!Pass" });
    expect(JSON.stringify(await instance(t, root, id!))).not.toContain("Str0ng!Pass");
  });
});
