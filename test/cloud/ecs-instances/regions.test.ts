import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, type TestCloud } from "../harness.js";
import { sdkError, startCloud } from "./fixtures.js";

const { DescribeInstanceTypesRequest, DescribeRegionsRequest, DescribeZonesRequest } = EcsModule;

let t: TestCloud;

beforeAll(async () => {
  t = await startCloud();
});
afterAll(() => t.close());

describe("DescribeRegions", () => {
  it("lists the static regions with their endpoints", async () => {
    const body = (await t.ecs().describeRegions(new DescribeRegionsRequest({}))).body!;
    const regions = body.regions!.region!;
    expect(regions.length).toBeGreaterThanOrEqual(13);
    expect(regions.find((region) => region.regionId === "ap-northeast-1")).toEqual({
      regionId: "ap-northeast-1",
      localName: "Japan (Tokyo)",
      regionEndpoint: "ecs.ap-northeast-1.aliyuncs.com",
      status: "available",
    });
  });

  it("refuses what it cannot answer truthfully: other languages, subscriptions, reserved instances", async () => {
    const language = await sdkError(
      t.ecs().describeRegions(new DescribeRegionsRequest({ acceptLanguage: "zh-CN" })),
    );
    expect(language.message).toContain("English names only");
    const prepaid = await sdkError(
      t.ecs().describeRegions(new DescribeRegionsRequest({ instanceChargeType: "PrePaid" })),
    );
    expect(prepaid.message).toContain("subscription instances are not modelled");
    const reserved = await sdkError(
      t.ecs().describeRegions(new DescribeRegionsRequest({ resourceType: "reservedinstance" })),
    );
    expect(reserved.code).toBe("InvalidParameter");
    const english = await t
      .ecs()
      .describeRegions(new DescribeRegionsRequest({ acceptLanguage: "en-US", resourceType: "instance" }));
    expect(english.body?.regions?.region?.length).toBeGreaterThanOrEqual(13);
  });
});

describe("DescribeZones", () => {
  it("lists the zones of the request's region with what they offer", async () => {
    const body = (await t.ecs().describeZones(new DescribeZonesRequest({ regionId: "cn-shanghai" }))).body!;
    const zones = body.zones!.zone!;
    expect(zones.map((zone) => zone.zoneId)).toEqual([
      "cn-shanghai-b",
      "cn-shanghai-e",
      "cn-shanghai-f",
      "cn-shanghai-g",
      "cn-shanghai-l",
      "cn-shanghai-m",
      "cn-shanghai-n",
    ]);
    expect(zones[0]).toMatchObject({ localName: "Shanghai Zone B", zoneType: "AvailabilityZone" });
    expect(zones[0]?.availableInstanceTypes?.instanceTypes).toContain("ecs.g7.large");
    expect(zones[0]?.availableResourceCreation?.resourceTypes).toContain("Instance");
    expect(
      zones[0]?.availableResources?.resourcesInfo?.[0]?.systemDiskCategories?.supportedSystemDiskCategory,
    ).toContain("cloud_essd");
  });

  it("gives only the basics with Verbose=false, and refuses an unknown region", async () => {
    const brief = (
      await t.ecs().describeZones(new DescribeZonesRequest({ regionId: "cn-hangzhou", verbose: false }))
    ).body!;
    expect(brief.zones!.zone![0]).toEqual({
      zoneId: "cn-hangzhou-b",
      localName: "Hangzhou Zone B",
      zoneType: "AvailabilityZone",
    });
    const unknown = await sdkError(
      t.ecs().describeZones(new DescribeZonesRequest({ regionId: "mars-north-1" })),
    );
    expect([unknown.statusCode, unknown.code]).toEqual([404, "InvalidRegionId.NotFound"]);
    const spot = await sdkError(
      t
        .ecs()
        .describeZones(new DescribeZonesRequest({ regionId: "cn-hangzhou", spotStrategy: "SpotAsPriceGo" })),
    );
    expect(spot.message).toContain("preemptible instances are not modelled");
  });
});

describe("DescribeInstanceTypes", () => {
  const types = async (fields: ConstructorParameters<typeof DescribeInstanceTypesRequest>[0] = {}) =>
    (await t.ecs().describeInstanceTypes(new DescribeInstanceTypesRequest(fields))).body!;

  it("lists the catalogue, shaped as the SDK models it", async () => {
    const body = await types();
    expect(body.instanceTypes!.instanceType!.length).toBe(16);
    expect(body.nextToken).toBe("");
    expect(
      body.instanceTypes!.instanceType!.find((type) => type.instanceTypeId === "ecs.gn7i-c8g1.2xlarge"),
    ).toEqual({
      instanceTypeId: "ecs.gn7i-c8g1.2xlarge",
      instanceTypeFamily: "ecs.gn7i-c8g1",
      cpuCoreCount: 8,
      memorySize: 30,
      cpuArchitecture: "X86",
      GPUAmount: 1,
      GPUSpec: "NVIDIA A10",
    });
  });

  it("filters by type, family, architecture, vCPUs, memory and GPU", async () => {
    const ids = async (fields: ConstructorParameters<typeof DescribeInstanceTypesRequest>[0]) =>
      (await types(fields)).instanceTypes!.instanceType!.map((type) => type.instanceTypeId);
    expect(await ids({ instanceTypes: ["ecs.g7.large", "ecs.c7.xlarge"] })).toEqual([
      "ecs.g7.large",
      "ecs.c7.xlarge",
    ]);
    expect(await ids({ instanceTypeFamily: "ecs.g7" })).toEqual([
      "ecs.g7.large",
      "ecs.g7.xlarge",
      "ecs.g7.2xlarge",
    ]);
    expect(await ids({ cpuArchitecture: "ARM" })).toEqual(["ecs.g8y.large", "ecs.c8y.large"]);
    expect(await ids({ minimumCpuCoreCount: 8 })).toEqual(["ecs.g7.2xlarge", "ecs.gn7i-c8g1.2xlarge"]);
    expect(await ids({ minimumMemorySize: 16, maximumMemorySize: 16 })).toEqual([
      "ecs.g7.xlarge",
      "ecs.r7.large",
    ]);
    expect(await ids({ GPUSpec: "a10" })).toEqual(["ecs.gn7i-c8g1.2xlarge"]);
    expect(await ids({ minimumGPUAmount: 1, cpuArchitecture: "ARM" })).toEqual([]);
  });

  it("pages with MaxResults and NextToken", async () => {
    const first = await types({ maxResults: 10 });
    expect(first.instanceTypes!.instanceType).toHaveLength(10);
    const second = await types({ maxResults: 10, nextToken: first.nextToken });
    expect(second.instanceTypes!.instanceType).toHaveLength(6);
    expect(second.nextToken).toBe("");
    expect((await sdkError(types({ nextToken: "nope" }))).code).toBe("InvalidNextToken");
  });

  it("refuses filters on attributes the catalogue does not hold", async () => {
    const error = await sdkError(types({ minimumCpuSpeedFrequency: 2.5 }));
    expect(error.message).toContain("MinimumCpuSpeedFrequency");
    expect(error.message).toContain("carry no such attribute");
    expect((await sdkError(types({ cpuArchitecture: "RISCV" }))).code).toBe("InvalidParameter");
  });
});
