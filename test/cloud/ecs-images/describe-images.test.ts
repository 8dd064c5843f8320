import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGIONS, SYSTEM_IMAGES } from "../../../src/cloud/model/index.js";
import { EcsModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import {
  REGION,
  UBUNTU,
  UBUNTU_ARM,
  WINDOWS,
  addImages,
  addInstance,
  newAccount,
  startCloud,
} from "./fixtures.js";

const { DescribeImagesRequest, DescribeImagesRequestTag, DescribeImagesRequestFilter } = EcsModule;

let t: TestCloud;
let me: Credentials & { accountId: string };

beforeAll(async () => {
  t = await startCloud();
  me = await newAccount(t, "images-owner");
});
afterAll(() => t.close());

async function describe_(
  request: ConstructorParameters<typeof DescribeImagesRequest>[0],
  creds: Credentials = me,
) {
  const response = await t.ecs(creds).describeImages(new DescribeImagesRequest(request));
  return response.body!;
}

const ids = (body: Awaited<ReturnType<typeof describe_>>) =>
  (body.images?.image ?? []).map((image) => image.imageId);

describe("DescribeImages: Alibaba's public images", () => {
  it("lists every system image in every region, parsed by the SDK's model", async () => {
    for (const region of [REGIONS[0]!, REGIONS[REGIONS.length - 1]!]) {
      const body = await describe_({ regionId: region.regionId, imageOwnerAlias: "system", pageSize: 100 });
      expect(body.regionId).toBe(region.regionId);
      expect(body.totalCount).toBe(SYSTEM_IMAGES.length);
      expect(new Set(ids(body))).toEqual(new Set(SYSTEM_IMAGES.map((spec) => spec.imageId)));
      const ubuntu = body.images?.image?.find((image) => image.imageId === UBUNTU);
      expect(ubuntu).toMatchObject({
        imageOwnerAlias: "system",
        status: "Available",
        OSType: "linux",
        platform: "Ubuntu",
        architecture: "x86_64",
        size: 20,
        isSupportCloudinit: true,
        usage: "none",
        creationTime: "2024-01-30T00:00:00Z",
      });
      expect(ubuntu?.imageOwnerId).toBeUndefined();
      expect(ubuntu?.tags?.tag).toEqual([]);
    }
  });

  it("answers the same through pop-core (V1 signature, form POST)", async () => {
    const client = t.popCore("ecs", me);
    const body = (await client.request(
      "DescribeImages",
      { RegionId: REGION, ImageOwnerAlias: "system", ImageId: `${UBUNTU},${WINDOWS}` },
      { method: "POST" },
    )) as { TotalCount: number; Images: { Image: { ImageId: string }[] } };
    expect(body.TotalCount).toBe(2);
    expect(body.Images.Image.map((image) => image.ImageId).sort()).toEqual([UBUNTU, WINDOWS].sort());
  });

  it("defaults to 10 a page, newest first, and pages with PageNumber", async () => {
    const first = await describe_({ regionId: REGION, imageOwnerAlias: "system", pageSize: 4 });
    const second = await describe_({
      regionId: REGION,
      imageOwnerAlias: "system",
      pageSize: 4,
      pageNumber: 2,
    });
    expect(first.pageSize).toBe(4);
    expect(ids(first)).toHaveLength(4);
    expect(ids(second)).toHaveLength(SYSTEM_IMAGES.length - 4);
    const all = [...ids(first), ...ids(second)];
    const byDate = [...SYSTEM_IMAGES]
      .sort((a, b) =>
        a.createdAt === b.createdAt ? (a.imageId < b.imageId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
      )
      .map((spec) => spec.imageId);
    expect(all).toEqual(byDate);
    expect((await describe_({ regionId: REGION })).pageSize).toBe(10);
  });
});

describe("DescribeImages: filters", () => {
  it("filters by OSType, Architecture and InstanceType", async () => {
    expect(ids(await describe_({ regionId: REGION, OSType: "windows" }))).toEqual([WINDOWS]);
    expect(ids(await describe_({ regionId: REGION, architecture: "arm64" }))).toEqual([UBUNTU_ARM]);
    const arm = await describe_({ regionId: REGION, instanceType: "ecs.g8y.large" });
    expect(ids(arm)).toEqual([UBUNTU_ARM]);
    const none = await describe_({ regionId: REGION, instanceType: "ecs.g8y.large", architecture: "x86_64" });
    expect(none.totalCount).toBe(0);
  });

  it("filters by a fuzzy, case-insensitive ImageName and by ImageFamily", async () => {
    const byName = await describe_({ regionId: REGION, imageName: "UBUNTU_22" });
    expect(new Set(ids(byName))).toEqual(new Set([UBUNTU, UBUNTU_ARM]));
    expect(ids(await describe_({ regionId: REGION, imageFamily: "acs:ubuntu_22_04_x64" }))).toEqual([UBUNTU]);
  });

  it("shows Available images by default, others with Status, everything with ALL", async () => {
    const [deprecated] = await addImages(t, me.accountId, 1, () => []);
    await t.cloud.store.images.update(REGION, deprecated!, { status: "Deprecated" });
    const self = { regionId: REGION, imageOwnerAlias: "self" };
    expect(ids(await describe_(self))).not.toContain(deprecated);
    expect(ids(await describe_({ ...self, status: "Deprecated" }))).toEqual([deprecated]);
    expect(ids(await describe_({ ...self, status: "Available,Deprecated" }))).toContain(deprecated);
    expect(ids(await describe_({ ...self, status: "ALL" }))).toContain(deprecated);
    expect((await sdkError(describe_({ ...self, status: "ALL,Available" }))).code).toBe("InvalidParameter");
    expect((await sdkError(describe_({ ...self, status: "Broken" }))).code).toBe("InvalidParameter");
    await t.cloud.store.images.delete(REGION, deprecated!);
  });

  it("filters by creation time (Filter.N CreationStartTime / CreationEndTime)", async () => {
    const filter = (key: string, value: string) => new DescribeImagesRequestFilter({ key, value });
    const body = await describe_({
      regionId: REGION,
      imageOwnerAlias: "system",
      filter: [
        filter("CreationStartTime", "2024-08-01T00:00Z"),
        filter("CreationEndTime", "2024-08-20T00:00Z"),
      ],
    });
    expect(new Set(ids(body))).toEqual(new Set([WINDOWS, "aliyun_3_x64_20G_alibase_20240819.vhd"]));
    const bad = await sdkError(describe_({ regionId: REGION, filter: [filter("NetworkType", "vpc")] }));
    expect([bad.statusCode, bad.code]).toEqual([404, "InvalidFilterKey.NotFound"]);
    const badTime = await sdkError(
      describe_({ regionId: REGION, filter: [filter("CreationStartTime", "yesterday")] }),
    );
    expect(badTime.code).toBe("InvalidParameter");
  });

  it("filters by Usage: the images the caller's live instances run", async () => {
    const caller = await newAccount(t, "usage");
    await addInstance(t, caller.accountId, { imageId: WINDOWS });
    await addInstance(t, caller.accountId, { imageId: UBUNTU, status: "Deleted" });
    expect(ids(await describe_({ regionId: REGION, usage: "instance" }, caller))).toEqual([WINDOWS]);
    const unused = ids(await describe_({ regionId: REGION, usage: "none", pageSize: 100 }, caller));
    expect(unused).toContain(UBUNTU);
    expect(unused).not.toContain(WINDOWS);
    const windows = (await describe_({ regionId: REGION, imageId: WINDOWS }, caller)).images?.image?.[0];
    expect(windows?.usage).toBe("instance");
  });

  it("ANDs tag filters; a key without a value matches any value", async () => {
    const owner = await newAccount(t, "tag-filters");
    const [both, teamOnly, other] = await addImages(t, owner.accountId, 3, (i) =>
      i === 0
        ? [
            { key: "status", value: "approved" },
            { key: "environment", value: "production" },
          ]
        : i === 1
          ? [{ key: "status", value: "approved" }]
          : [{ key: "environment", value: "staging" }],
    );
    const tag = (key: string, value?: string) =>
      new DescribeImagesRequestTag(value === undefined ? { key } : { key, value });
    const golden = await describe_(
      { regionId: REGION, tag: [tag("status", "approved"), tag("environment", "production")] },
      owner,
    );
    expect(ids(golden)).toEqual([both]);
    expect(golden.images?.image?.[0]?.tags?.tag).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tagKey: "status", tagValue: "approved" }),
        expect.objectContaining({ tagKey: "environment", tagValue: "production" }),
      ]),
    );
    expect(new Set(ids(await describe_({ regionId: REGION, tag: [tag("environment")] }, owner)))).toEqual(
      new Set([both, other]),
    );
    expect(
      new Set(ids(await describe_({ regionId: REGION, tag: [tag("status", "approved")] }, owner))),
    ).toEqual(new Set([both, teamOnly]));
  });
});

describe("DescribeImages: refusals", () => {
  it("answers Alibaba's codes for bad values", async () => {
    const alias = await sdkError(describe_({ regionId: REGION, imageOwnerAlias: "everyone" }));
    expect([alias.statusCode, alias.code]).toEqual([400, "InvalidImageOwnerAlias.ValueNotSupported"]);
    const os = await sdkError(describe_({ regionId: REGION, OSType: "solaris" }));
    expect([os.statusCode, os.code]).toEqual([404, "InvalidOSType"]);
    const arch = await sdkError(describe_({ regionId: REGION, architecture: "sparc" }));
    expect([arch.statusCode, arch.code]).toEqual([404, "InvalidArchitecture"]);
    const usage = await sdkError(describe_({ regionId: REGION, usage: "sometimes" }));
    expect([usage.statusCode, usage.code]).toEqual([404, "InvalidUsage"]);
    const type = await sdkError(describe_({ regionId: REGION, instanceType: "ecs.nope.large" }));
    expect(type.code).toBe("InvalidInstanceType.ValueNotSupported");
    expect((await sdkError(describe_({ regionId: REGION, pageSize: 101 }))).code).toBe("InvalidParameter");
    expect((await sdkError(describe_({ regionId: "mars-1" }))).code).toBe("InvalidRegionId.NotFound");
    const tags = Array.from(
      { length: 21 },
      (_, i) => new DescribeImagesRequestTag({ key: `k${i}`, value: "v" }),
    );
    expect((await sdkError(describe_({ regionId: REGION, tag: tags }))).code).toBe("InvalidTagCount");
    const valueOnly = await sdkError(
      describe_({ regionId: REGION, tag: [new DescribeImagesRequestTag({ value: "v" })] }),
    );
    expect(valueOnly.code).toBe("InvalidTag.Mismatch");
  });

  it("refuses parameters it does not implement instead of ignoring them", async () => {
    const error = await sdkError(describe_({ regionId: REGION, resourceGroupId: "rg-aek2" }));
    expect([error.statusCode, error.code]).toEqual([400, "InvalidParameter"]);
    expect(error.message).toContain("ResourceGroupId");
    const community = await sdkError(describe_({ regionId: REGION, isPublic: true }));
    expect(community.code).toBe("InvalidParameter");
  });

  it("answers DryRunOperation to a valid dry run", async () => {
    const error = await sdkError(describe_({ regionId: REGION, dryRun: true }));
    expect(error.code).toBe("DryRunOperation");
  });
});
