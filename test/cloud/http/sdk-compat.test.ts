// The compatibility test of the wire protocol: Alibaba's official SDKs, unchanged, against a real
// server on 127.0.0.1. Each case says what the SDK sent and what it made of the answer.
import * as EcsModule from "@alicloud/ecs20140526";
import * as RamModule from "@alicloud/ram20150501";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import RPCClient from "@alicloud/pop-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParams } from "../../../src/cloud/http/index.js";
import {
  AK,
  DENIAL,
  SECRET,
  STS_AK,
  STS_SECRET,
  STS_TOKEN,
  commonJsDefault,
  startTestCloud,
  type REGIONS_BODY,
  type TestCloud,
} from "./harness.js";

const EcsClient = commonJsDefault(EcsModule);
const RamClient = commonJsDefault(RamModule);

interface SdkError {
  name: string;
  code: string;
  statusCode: number;
  message: string;
  requestId: string;
  data: Record<string, unknown>;
  accessDeniedDetail?: Record<string, unknown>;
  retryAfter?: number;
}

async function rejectionOf(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error("expected the SDK call to fail");
}

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

function ecsConfig(extra: Record<string, unknown> = {}): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    endpoint: `127.0.0.1:${cloud.port}`,
    protocol: "http",
    regionId: "cn-hangzhou",
    ...extra,
  });
}

describe.each([
  { signing: "V3 (ACS3-HMAC-SHA256, the default)", extra: {}, signatureVersion: "v3" },
  { signing: "V1 (signatureAlgorithm: v2)", extra: { signatureAlgorithm: "v2" }, signatureVersion: "v1" },
])("@alicloud/ecs20140526 signing $signing", ({ extra, signatureVersion }) => {
  it("parses a DescribeRegions answer into its model", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const response = await client.describeRegions(new EcsModule.DescribeRegionsRequest({}));

    expect(response.statusCode).toBe(200);
    expect(response.headers?.["x-acs-request-id"]).toBe(response.body?.requestId);
    expect(response.body?.requestId).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
    );
    const regions = response.body?.regions?.region ?? [];
    expect(regions.map((r) => r.regionId)).toEqual(["cn-hangzhou", "ap-northeast-1"]);
    expect(regions[0]?.localName).toBe("华东1（杭州）");
    expect(cloud.calls.at(-1)).toMatchObject({
      action: "DescribeRegions",
      product: "ecs",
      version: "2014-05-26",
      signatureVersion,
      accessKeyId: AK,
      principal: { kind: "user", name: "alice" },
      sourceIp: "127.0.0.1",
      secureTransport: false,
    });
  });

  it("delivers flattened lists and tags, which the params reader reads back", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const response = await client.runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: "cn-hangzhou",
        imageId: "m-golden-1",
        instanceType: "ecs.g7.large",
        securityGroupIds: ["sg-a", "sg-b"],
        password: "Hunter2!Hunter2",
        systemDisk: new EcsModule.RunInstancesRequestSystemDisk({ category: "cloud_essd" }),
        tag: [
          new EcsModule.RunInstancesRequestTag({ key: "environment", value: "production" }),
          new EcsModule.RunInstancesRequestTag({ key: "owner", value: "" }),
        ],
        dryRun: false,
      }),
    );

    expect(response.body?.instanceIdSets?.instanceIdSet).toEqual(["i-first", "i-second"]);
    const call = cloud.calls.at(-1);
    const params = readParams(call?.params ?? {});
    expect(params.list("SecurityGroupIds")).toEqual(["sg-a", "sg-b"]);
    expect(params.tags("Tag")).toEqual([
      { Key: "environment", Value: "production" },
      { Key: "owner", Value: "" },
    ]);
    expect(params.str("SystemDisk.Category")).toBe("cloud_essd");
    expect(params.bool("DryRun")).toBe(false);
    // The audit trail gets the call with the password masked.
    const record = cloud.records.find((r) => r.requestId === call?.requestId);
    expect(record?.params["Password"]).toBe("******");
    expect(JSON.stringify(record)).not.toContain("Hunter2");
    expect(record?.outcome).toEqual({ httpStatus: 200 });
  });

  it("parses nested arrays (Images.Image[].Tags.Tag[]) into models", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const response = await client.describeImages(
      new EcsModule.DescribeImagesRequest({ regionId: "cn-hangzhou" }),
    );

    const image = response.body?.images?.image?.[0];
    expect(image?.imageId).toBe("m-golden-1");
    expect(image?.tags?.tag?.[0]).toMatchObject({ tagKey: "environment", tagValue: "production" });
    expect(response.body?.totalCount).toBe(1);
  });

  it("surfaces a 403 Forbidden.RAM with its AccessDeniedDetail", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const err = await rejectionOf(
      client.describeInstances(new EcsModule.DescribeInstancesRequest({ regionId: "cn-hangzhou" })),
    );

    expect(err.name).toBe("ClientError");
    expect(err.code).toBe("Forbidden.RAM");
    expect(err.statusCode).toBe(403);
    expect(err.message).toContain("User not authorized to operate on the specified resource");
    expect(err.requestId).toMatch(/^[0-9A-F-]{36}$/);
    // openapi-core copies the envelope's AccessDeniedDetail onto the error and keeps the whole body.
    expect(err.accessDeniedDetail).toEqual(DENIAL);
    expect(err.data["AccessDeniedDetail"]).toEqual(DENIAL);
    expect(err.data).toMatchObject({ Code: "Forbidden.RAM", HostId: `127.0.0.1:${cloud.port}` });
  });

  it("surfaces Throttling.User as a ThrottlingError with the retry delay", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const err = await rejectionOf(
      client.describeZones(new EcsModule.DescribeZonesRequest({ regionId: "cn-hangzhou" })),
    );

    expect(err.name).toBe("ThrottlingError");
    expect(err.code).toBe("Throttling.User");
    expect(err.statusCode).toBe(429);
    // Both signing paths read x-acs-retry-after; the retry policy sleeps that many milliseconds.
    expect(err.retryAfter).toBe(1500);
  });

  it("surfaces an unexpected failure as a 500 InternalError that says nothing of the cause", async () => {
    const client = new EcsClient(ecsConfig(extra));

    const err = await rejectionOf(
      client.describeInstanceTypes(new EcsModule.DescribeInstanceTypesRequest({})),
    );

    expect(err.name).toBe("ServerError");
    expect(err.code).toBe("InternalError");
    expect(err.statusCode).toBe(500);
    expect(JSON.stringify(err.data)).not.toMatch(/hunter2|store\.ts|\bat\b /);
    expect(cloud.logged.some((entry) => String(entry.fields["err"]).includes("hunter2"))).toBe(true);
  });
});

describe("@alicloud/ecs20140526 with STS credentials", () => {
  it("sends the token in x-acs-security-token and is accepted", async () => {
    const client = new EcsClient(
      ecsConfig({ accessKeyId: STS_AK, accessKeySecret: STS_SECRET, securityToken: STS_TOKEN }),
    );

    const response = await client.describeRegions(new EcsModule.DescribeRegionsRequest({}));

    expect(response.body?.regions?.region).toHaveLength(2);
    expect(cloud.calls.at(-1)?.principal).toEqual({ kind: "role-session", name: "ci" });
  });

  it("is refused with the session's token missing", async () => {
    const client = new EcsClient(ecsConfig({ accessKeyId: STS_AK, accessKeySecret: STS_SECRET }));

    const err = await rejectionOf(client.describeRegions(new EcsModule.DescribeRegionsRequest({})));

    expect(err.code).toBe("MissingSecurityToken");
    expect(err.statusCode).toBe(400);
  });

  it("is refused with another session's token", async () => {
    const client = new EcsClient(
      ecsConfig({ accessKeyId: STS_AK, accessKeySecret: STS_SECRET, securityToken: "CAIS-someone-else" }),
    );

    const err = await rejectionOf(client.describeRegions(new EcsModule.DescribeRegionsRequest({})));

    expect(err.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
  });
});

describe("@alicloud/ram20150501", () => {
  it("surfaces a RAM denial as NoPermission with its AccessDeniedDetail", async () => {
    const client = new RamClient(ecsConfig());

    const err = await rejectionOf(client.listUsers(new RamModule.ListUsersRequest({})));

    expect(err.code).toBe("NoPermission");
    expect(err.statusCode).toBe(403);
    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "ram:ListUsers",
      NoPermissionType: "ExplicitDeny",
    });
    expect(cloud.calls.at(-1)).toMatchObject({ product: "ram", version: "2015-05-01", action: "ListUsers" });
  });

  it("is refused with a wrong secret (SignatureDoesNotMatch, secret not echoed)", async () => {
    const client = new RamClient(ecsConfig({ accessKeySecret: "not-the-secret" }));

    const err = await rejectionOf(client.listUsers(new RamModule.ListUsersRequest({})));

    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(JSON.stringify(err.data)).not.toContain(SECRET);
    expect(JSON.stringify(err.data)).not.toContain("not-the-secret");
  });
});

describe.each(["GET", "POST"] as const)("@alicloud/pop-core (V1) with %s", (method) => {
  function popClient(
    options: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } = {},
  ): RPCClient {
    return new RPCClient({
      accessKeyId: options.accessKeyId ?? AK,
      accessKeySecret: options.accessKeySecret ?? SECRET,
      ...(options.securityToken === undefined ? {} : { securityToken: options.securityToken }),
      endpoint: `http://127.0.0.1:${cloud.port}`,
      apiVersion: "2014-05-26",
    });
  }

  it("gets the DescribeRegions body", async () => {
    const body = await popClient().request<typeof REGIONS_BODY & { RequestId: string }>(
      "DescribeRegions",
      { RegionId: "cn-hangzhou", Tag: [{ Key: "a b*c~", Value: "x&y=z/é" }] },
      { method },
    );

    expect(body.Regions.Region[0]?.RegionId).toBe("cn-hangzhou");
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const call = cloud.calls.at(-1);
    expect(call?.signatureVersion).toBe("v1");
    // pop-core flattens arrays itself; characters that need RFC 3986 care survive the round trip.
    expect(readParams(call?.params ?? {}).tags()).toEqual([{ Key: "a b*c~", Value: "x&y=z/é" }]);
  });

  it("surfaces Forbidden.RAM as err.code with the envelope in err.data", async () => {
    const err = (await rejectionOf(
      popClient().request("DescribeInstances", { RegionId: "cn-hangzhou" }, { method }),
    )) as SdkError & { name: string };

    expect(err.name).toBe("Forbidden.RAMError");
    expect(err.code).toBe("Forbidden.RAM");
    expect(err.data["AccessDeniedDetail"]).toEqual(DENIAL);
    expect(err.data["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("works with STS credentials (SecurityToken parameter)", async () => {
    const body = await popClient({
      accessKeyId: STS_AK,
      accessKeySecret: STS_SECRET,
      securityToken: STS_TOKEN,
    }).request<{
      RequestId: string;
    }>("DescribeRegions", {}, { method });

    expect(body.RequestId).toBeTruthy();
  });

  it("is refused for an unknown AccessKey", async () => {
    const err = await rejectionOf(
      popClient({ accessKeyId: "LTAI-nobody" }).request("DescribeRegions", {}, { method }),
    );

    expect(err.code).toBe("InvalidAccessKeyId.NotFound");
  });
});
