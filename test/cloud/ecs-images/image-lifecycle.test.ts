import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import { REGION, UBUNTU, WINDOWS, addInstance, newAccount, startCloud } from "./fixtures.js";

const {
  CopyImageRequest,
  CopyImageRequestTag,
  CreateImageRequest,
  CreateImageRequestTag,
  DeleteImageRequest,
  DescribeImagesRequest,
  ImportImageRequest,
  ImportImageRequestDiskDeviceMapping,
  ImportImageRequestTag,
  ModifyImageAttributeRequest,
  ModifyImageSharePermissionRequest,
} = EcsModule;

let t: TestCloud;
let me: Credentials & { accountId: string };
let running: string;

beforeAll(async () => {
  t = await startCloud();
  me = await newAccount(t, "lifecycle");
  // The instance images are made from is launched through the API, as users launch theirs.
  const securityGroupId = (
    await t.ecs(me).createSecurityGroup(new EcsModule.CreateSecurityGroupRequest({ regionId: REGION }))
  ).body!.securityGroupId!;
  running = (
    await t.ecs(me).runInstances(
      new EcsModule.RunInstancesRequest({
        regionId: REGION,
        imageId: WINDOWS,
        instanceType: "ecs.g6.large",
        securityGroupId,
      }),
    )
  ).body!.instanceIdSets!.instanceIdSet![0]!;
});
afterAll(() => t.close());

const ecs = () => t.ecs(me);

async function image(imageId: string, regionId = REGION, creds: Credentials = me) {
  const body = (
    await t.ecs(creds).describeImages(new DescribeImagesRequest({ regionId, imageId, status: "ALL" }))
  ).body!;
  return body.images?.image?.[0];
}

async function create(request: ConstructorParameters<typeof CreateImageRequest>[0]) {
  return (await ecs().createImage(new CreateImageRequest({ regionId: REGION, ...request }))).body!.imageId!;
}

describe("CreateImage", () => {
  it("makes an Available custom image of the instance's OS, with the request's tags", async () => {
    const imageId = await create({
      instanceId: running,
      imageName: "golden-2025",
      description: "hardened baseline",
      imageFamily: "golden",
      imageVersion: "1.0",
      tag: [
        new CreateImageRequestTag({ key: "status", value: "approved" }),
        new CreateImageRequestTag({ key: "environment", value: "production" }),
      ],
    });
    expect(imageId).toMatch(/^m-bp[a-z0-9]{18}$/);
    const created = await image(imageId);
    expect(created).toMatchObject({
      imageName: "golden-2025",
      description: "hardened baseline",
      imageFamily: "golden",
      imageVersion: "1.0",
      imageOwnerAlias: "self",
      imageOwnerId: Number(me.accountId),
      status: "Available",
      progress: "100%",
      OSType: "windows",
      platform: "Windows Server 2022",
      size: 40,
      isCopied: false,
      isSelfShared: "False",
    });
    expect(created?.tags?.tag?.map((tag) => [tag.tagKey, tag.tagValue]).sort()).toEqual([
      ["environment", "production"],
      ["status", "approved"],
    ]);
  });

  it("names an unnamed image by its id", async () => {
    const imageId = await create({ instanceId: running });
    expect((await image(imageId))?.imageName).toBe(imageId);
  });

  it("refuses a bad source with Alibaba's codes", async () => {
    expect((await sdkError(create({}))).code).toBe("MissingParameter");
    const snapshot = await sdkError(create({ snapshotId: "s-bp1abc" }));
    expect([snapshot.statusCode, snapshot.code]).toEqual([404, "InvalidSnapshotId.NotFound"]);
    const missing = await sdkError(create({ instanceId: "i-bpdoesnotexist" }));
    expect([missing.statusCode, missing.code]).toEqual([404, "InvalidInstanceId.NotFound"]);
    const stranger = await newAccount(t, "stranger");
    const theirs = await addInstance(t, stranger.accountId);
    expect((await sdkError(create({ instanceId: theirs }))).code).toBe("InvalidInstanceId.NotFound");
    const starting = await addInstance(t, me.accountId, { status: "Starting" });
    expect((await sdkError(create({ instanceId: starting }))).code).toBe("IncorrectInstanceStatus");
    const platform = await sdkError(create({ instanceId: running, platform: "Ubuntu" }));
    expect(platform.code).toBe("InvalidParameter");
  });

  it("checks names, descriptions and tags by Alibaba's rules", async () => {
    for (const imageName of [
      "1starts-with-digit",
      "x",
      "aliyun-base",
      "acs:base",
      "a".repeat(129),
      "has space",
    ]) {
      expect((await sdkError(create({ instanceId: running, imageName }))).code).toBe(
        "InvalidImageName.Malformed",
      );
    }
    await create({ instanceId: running, imageName: "taken-name" });
    expect((await sdkError(create({ instanceId: running, imageName: "taken-name" }))).code).toBe(
      "InvalidImageName.Duplicated",
    );
    const description = await sdkError(create({ instanceId: running, description: "http://example.com" }));
    expect(description.code).toBe("InvalidDescription.Malformed");
    const reserved = await sdkError(
      create({ instanceId: running, tag: [new CreateImageRequestTag({ key: "acs:owner", value: "x" })] }),
    );
    expect(reserved.code).toBe("InvalidTagKey.Malformed");
    const many = Array.from(
      { length: 21 },
      (_, i) => new CreateImageRequestTag({ key: `k${i}`, value: "v" }),
    );
    expect((await sdkError(create({ instanceId: running, tag: many }))).code).toBe("InvalidTagCount");
  });

  it("answers a repeated ClientToken with the first image, and refuses it with other parameters", async () => {
    const first = await create({ instanceId: running, imageName: "idempotent", clientToken: "token-1" });
    const again = await create({ instanceId: running, imageName: "idempotent", clientToken: "token-1" });
    expect(again).toBe(first);
    const other = await sdkError(
      create({ instanceId: running, imageName: "something-else", clientToken: "token-1" }),
    );
    expect(other.code).toBe("IdempotentParameterMismatch");
  });

  it("creates nothing on a dry run", async () => {
    const before = (
      await ecs().describeImages(new DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: "self" }))
    ).body!.totalCount;
    const error = await sdkError(create({ instanceId: running, imageName: "dry-run-only", dryRun: true }));
    expect(error.code).toBe("DryRunOperation");
    const after = (
      await ecs().describeImages(new DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: "self" }))
    ).body!.totalCount;
    expect(after).toBe(before);
  });
});

describe("CopyImage", () => {
  it("copies a custom image to another region with only the request's tags", async () => {
    const source = await create({
      instanceId: running,
      imageName: "to-copy",
      tag: [new CreateImageRequestTag({ key: "status", value: "approved" })],
    });
    const copy = (
      await ecs().copyImage(
        new CopyImageRequest({
          regionId: REGION,
          imageId: source,
          destinationRegionId: "cn-shanghai",
          destinationImageName: "copied",
          destinationDescription: "a copy in Shanghai",
          tag: [new CopyImageRequestTag({ key: "copied-from", value: source })],
        }),
      )
    ).body!.imageId!;
    expect(copy).toMatch(/^m-uf/);
    const copied = await image(copy, "cn-shanghai");
    expect(copied).toMatchObject({
      imageName: "copied",
      description: "a copy in Shanghai",
      isCopied: true,
      OSType: "windows",
      imageOwnerAlias: "self",
    });
    expect(copied?.tags?.tag?.map((tag) => [tag.tagKey, tag.tagValue])).toEqual([["copied-from", source]]);
    expect(await image(copy)).toBeUndefined();
  });

  it("refuses Alibaba's images, unknown regions and images that are not Available", async () => {
    const system = await sdkError(
      ecs().copyImage(new CopyImageRequest({ regionId: REGION, imageId: UBUNTU })),
    );
    expect([system.statusCode, system.code]).toEqual([404, "InvalidImageId.NotFound"]);
    const source = await create({ instanceId: running });
    const region = await sdkError(
      ecs().copyImage(
        new CopyImageRequest({ regionId: REGION, imageId: source, destinationRegionId: "mars-1" }),
      ),
    );
    expect(region.code).toBe("DestinationRegion.NotFound");
    await ecs().modifyImageAttribute(
      new ModifyImageAttributeRequest({ regionId: REGION, imageId: source, status: "Deprecated" }),
    );
    const deprecated = await sdkError(
      ecs().copyImage(new CopyImageRequest({ regionId: REGION, imageId: source })),
    );
    expect(deprecated.code).toBe("IncorrectImageStatus");
    const encrypted = await sdkError(
      ecs().copyImage(new CopyImageRequest({ regionId: REGION, imageId: source, encrypted: true })),
    );
    expect(encrypted.code).toBe("InvalidParameter");
  });
});

describe("ImportImage", () => {
  const mapping = (fields: ConstructorParameters<typeof ImportImageRequestDiskDeviceMapping>[0]) => [
    new ImportImageRequestDiskDeviceMapping(fields),
  ];

  it("records the OSS bucket and object the image comes from", async () => {
    const response = (
      await ecs().importImage(
        new ImportImageRequest({
          regionId: REGION,
          imageName: "imported-centos",
          platform: "CentOS",
          architecture: "x86_64",
          diskDeviceMapping: mapping({
            OSSBucket: "ecsimageos",
            OSSObject: "CentOS_7.9.qcow2",
            format: "QCOW2",
            diskImageSize: 30,
          }),
          tag: [new ImportImageRequestTag({ key: "source", value: "oss" })],
        }),
      )
    ).body!;
    expect(response.regionId).toBe(REGION);
    expect(response.taskId).toMatch(/^t-bp/);
    const imported = await image(response.imageId!);
    expect(imported).toMatchObject({
      imageName: "imported-centos",
      platform: "CentOS",
      OSType: "linux",
      size: 30,
    });
    expect(imported?.diskDeviceMappings?.diskDeviceMapping?.[0]).toMatchObject({
      importOSSBucket: "ecsimageos",
      importOSSObject: "CentOS_7.9.qcow2",
      size: "30",
      type: "system",
    });
    expect(imported?.tags?.tag?.[0]).toMatchObject({ tagKey: "source", tagValue: "oss" });
  });

  it("validates what it records", async () => {
    const importing = (fields: ConstructorParameters<typeof ImportImageRequest>[0]) =>
      sdkError(ecs().importImage(new ImportImageRequest({ regionId: REGION, ...fields })));
    expect((await importing({})).code).toBe("MissingParameter");
    expect((await importing({ diskDeviceMapping: mapping({ OSSBucket: "bucket" }) })).code).toBe(
      "MissingParameter",
    );
    const base = { OSSBucket: "bucket", OSSObject: "disk.raw" };
    expect((await importing({ diskDeviceMapping: mapping({ ...base, format: "ISO" }) })).code).toBe(
      "InvalidImageFormat.Malformed",
    );
    expect((await importing({ diskDeviceMapping: mapping({ ...base, OSSBucket: "Bad_Bucket" }) })).code).toBe(
      "InvalidOSSBucket.NotFound",
    );
    expect((await importing({ diskDeviceMapping: mapping(base), platform: "BeOS" })).code).toBe(
      "InvalidPlatform.Malformed",
    );
    expect(
      (
        await importing({
          diskDeviceMapping: mapping(base),
          OSType: "linux",
          platform: "Windows Server 2019",
        })
      ).code,
    ).toBe("InvalidPlatform.Malformed");
    expect((await importing({ diskDeviceMapping: mapping({ ...base, diskImageSize: 501 }) })).code).toBe(
      "InvalidImageSize",
    );
    expect((await importing({ diskDeviceMapping: mapping(base), roleName: "MyRole" })).code).toBe(
      "InvalidParameter",
    );
  });
});

describe("ModifyImageAttribute", () => {
  it("renames, describes, moves to a family and deprecates an image", async () => {
    const imageId = await create({ instanceId: running, imageName: "before" });
    await ecs().modifyImageAttribute(
      new ModifyImageAttributeRequest({
        regionId: REGION,
        imageId,
        imageName: "after",
        description: "renamed",
        imageFamily: "golden-family",
        bootMode: "UEFI",
      }),
    );
    expect(await image(imageId)).toMatchObject({
      imageName: "after",
      description: "renamed",
      imageFamily: "golden-family",
      bootMode: "UEFI",
    });

    await ecs().modifyImageAttribute(
      new ModifyImageAttributeRequest({ regionId: REGION, imageId, status: "Deprecated" }),
    );
    const listed = await ecs().describeImages(new DescribeImagesRequest({ regionId: REGION, imageId }));
    expect(listed.body!.totalCount).toBe(0);
    expect((await image(imageId))?.status).toBe("Deprecated");
    await ecs().modifyImageAttribute(
      new ModifyImageAttributeRequest({ regionId: REGION, imageId, status: "Available" }),
    );
    expect((await image(imageId))?.status).toBe("Available");
  });

  it("refuses images that are not the caller's, and bad values", async () => {
    const system = await sdkError(
      ecs().modifyImageAttribute(
        new ModifyImageAttributeRequest({ regionId: REGION, imageId: UBUNTU, imageName: "mine" }),
      ),
    );
    expect([system.statusCode, system.code]).toEqual([404, "InvalidImageId.NotFound"]);
    const imageId = await create({ instanceId: running });
    const status = await sdkError(
      ecs().modifyImageAttribute(
        new ModifyImageAttributeRequest({ regionId: REGION, imageId, status: "Creating" }),
      ),
    );
    expect(status.code).toBe("InvalidParameter");
    const family = await sdkError(
      ecs().modifyImageAttribute(
        new ModifyImageAttributeRequest({ regionId: REGION, imageId, imageFamily: "aliyun-x" }),
      ),
    );
    expect(family.code).toBe("InvalidImageFamily.Malformed");
  });
});

describe("DeleteImage", () => {
  it("refuses an image instances run unless Force, and removes it with its tags", async () => {
    const imageId = await create({
      instanceId: running,
      tag: [new CreateImageRequestTag({ key: "status", value: "approved" })],
    });
    await addInstance(t, me.accountId, { imageId });
    const used = await sdkError(ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId })));
    expect([used.statusCode, used.code]).toEqual([403, "ImageUsingByInstance"]);
    await ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId, force: true }));
    expect(await image(imageId)).toBeUndefined();
    expect(
      await t.cloud.store.tags.list({ regionId: REGION, resourceType: "image", resourceId: imageId }),
    ).toEqual([]);
  });

  it("refuses a shared image, Force or not, until it is unshared", async () => {
    const other = await newAccount(t, "sharee");
    const imageId = await create({ instanceId: running });
    await ecs().modifyImageSharePermission(
      new ModifyImageSharePermissionRequest({ regionId: REGION, imageId, addAccount: [other.accountId] }),
    );
    const shared = await sdkError(
      ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId, force: true })),
    );
    expect([shared.statusCode, shared.code]).toEqual([403, "ImageUseShared"]);
    await ecs().modifyImageSharePermission(
      new ModifyImageSharePermissionRequest({ regionId: REGION, imageId, removeAccount: [other.accountId] }),
    );
    await ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId }));
    expect(await image(imageId)).toBeUndefined();
  });

  it("ignores an id that names nothing, and refuses Alibaba's images", async () => {
    await ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId: "m-bpdoesnotexist00000" }));
    const system = await sdkError(
      ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId: UBUNTU })),
    );
    expect(system.code).toBe("InvalidImageId.NotFound");
    expect(await image(UBUNTU)).toBeDefined();
  });

  it("refuses images still being created or imported", async () => {
    const creating = await create({ instanceId: running });
    await t.cloud.store.images.update(REGION, creating, { status: "Creating" });
    const error = await sdkError(
      ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId: creating })),
    );
    expect(error.code).toBe("ImageIsCreating");
    await t.cloud.store.images.update(REGION, creating, { status: "Waiting" });
    const waiting = await sdkError(
      ecs().deleteImage(new DeleteImageRequest({ regionId: REGION, imageId: creating })),
    );
    expect(waiting.code).toBe("ImageIsImporting");
  });
});
