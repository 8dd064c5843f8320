import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import { REGION, addImages, newAccount, startCloud } from "./fixtures.js";

const {
  CopyImageRequest,
  DeleteImageRequest,
  DescribeImageSharePermissionRequest,
  DescribeImagesRequest,
  ModifyImageAttributeRequest,
  ModifyImageSharePermissionRequest,
  TagResourcesRequest,
  TagResourcesRequestTag,
} = EcsModule;

type Account = Credentials & { accountId: string };

let t: TestCloud;
let owner: Account;
let sharee: Account;
let stranger: Account;
let golden: string;

beforeAll(async () => {
  t = await startCloud();
  owner = await newAccount(t, "owner");
  sharee = await newAccount(t, "sharee");
  stranger = await newAccount(t, "stranger");
  golden = (
    await addImages(t, owner.accountId, 1, () => [
      { key: "status", value: "approved" },
      { key: "environment", value: "production" },
    ])
  )[0]!;
});
afterAll(() => t.close());

const share = (imageId: string, add: string[] = [], remove: string[] = []) =>
  t.ecs(owner).modifyImageSharePermission(
    new ModifyImageSharePermissionRequest({
      regionId: REGION,
      imageId,
      addAccount: add,
      removeAccount: remove,
    }),
  );

async function seen(
  creds: Credentials,
  request: ConstructorParameters<typeof DescribeImagesRequest>[0] = {},
) {
  return (
    await t
      .ecs(creds)
      .describeImages(new DescribeImagesRequest({ regionId: REGION, pageSize: 100, ...request }))
  ).body!;
}

describe("sharing an image", () => {
  it("shows a shared image to the sharee as `others`, with its owner and the owner's tags", async () => {
    expect((await seen(sharee, { imageId: golden })).totalCount).toBe(0);
    await share(golden, [sharee.accountId]);
    const listed = (await seen(sharee, { imageId: golden })).images?.image?.[0];
    expect(listed).toMatchObject({ imageOwnerAlias: "others", imageOwnerId: Number(owner.accountId) });
    expect(listed?.isSelfShared).toBeUndefined();
    expect(listed?.tags?.tag?.map((tag) => tag.tagKey).sort()).toEqual(["environment", "status"]);
    expect((await seen(sharee, { imageOwnerAlias: "others" })).images?.image?.map((i) => i.imageId)).toEqual([
      golden,
    ]);
    expect(
      (await seen(sharee, { imageOwnerAlias: "others", imageOwnerId: Number(stranger.accountId) }))
        .totalCount,
    ).toBe(0);
    const byTags = await seen(sharee, {
      tag: [new EcsModule.DescribeImagesRequestTag({ key: "environment", value: "production" })],
    });
    expect(byTags.images?.image?.map((i) => i.imageId)).toEqual([golden]);
    expect((await seen(owner, { imageId: golden })).images?.image?.[0]?.isSelfShared).toBe("True");
  });

  it("never shows the image to an account it is not shared with", async () => {
    expect((await seen(stranger, { imageId: golden })).totalCount).toBe(0);
    expect((await seen(stranger, { imageOwnerAlias: "others" })).totalCount).toBe(0);
    expect((await seen(stranger, { imageOwnerAlias: "self" })).totalCount).toBe(0);
  });

  it("lists the accounts with DescribeImageSharePermission, paged", async () => {
    const extra = await newAccount(t, "second-sharee");
    await share(golden, [extra.accountId]);
    const page = (size: number, number: number) =>
      t.ecs(owner).describeImageSharePermission(
        new DescribeImageSharePermissionRequest({
          regionId: REGION,
          imageId: golden,
          pageSize: size,
          pageNumber: number,
        }),
      );
    const first = (await page(1, 1)).body!;
    expect(first).toMatchObject({
      imageId: golden,
      regionId: REGION,
      totalCount: 2,
      pageNumber: 1,
      pageSize: 1,
    });
    const all = (await page(10, 1)).body!.accounts?.account?.map((a) => a.aliyunId);
    expect(all).toEqual([sharee.accountId, extra.accountId].sort());
    expect(first.accounts?.account?.[0]?.sharedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await share(golden, [], [extra.accountId]);
    expect((await page(10, 1)).body!.totalCount).toBe(1);
  });

  it("lets only the owner tag, modify, delete or inspect sharing of the image", async () => {
    const tag = await sdkError(
      t.ecs(sharee).tagResources(
        new TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [golden],
          tag: [new TagResourcesRequestTag({ key: "environment", value: "sharee-was-here" })],
        }),
      ),
    );
    expect([tag.statusCode, tag.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    const modify = await sdkError(
      t
        .ecs(sharee)
        .modifyImageAttribute(
          new ModifyImageAttributeRequest({ regionId: REGION, imageId: golden, imageName: "mine" }),
        ),
    );
    expect(modify.code).toBe("InvalidImageId.NotFound");
    const remove = await sdkError(
      t.ecs(sharee).deleteImage(new DeleteImageRequest({ regionId: REGION, imageId: golden })),
    );
    expect(remove.code).toBe("InvalidImageId.NotFound");
    const permissions = await sdkError(
      t
        .ecs(sharee)
        .describeImageSharePermission(
          new DescribeImageSharePermissionRequest({ regionId: REGION, imageId: golden }),
        ),
    );
    expect(permissions.code).toBe("InvalidImageId.NotFound");
    const reshare = await sdkError(
      t.ecs(sharee).modifyImageSharePermission(
        new ModifyImageSharePermissionRequest({
          regionId: REGION,
          imageId: golden,
          addAccount: [stranger.accountId],
        }),
      ),
    );
    expect(reshare.code).toBe("InvalidImageId.NotFound");
    const tags = (await seen(owner, { imageId: golden })).images?.image?.[0]?.tags?.tag;
    expect(tags?.find((t) => t.tagKey === "environment")?.tagValue).toBe("production");
  });

  it("lets the sharee copy the image within its region only", async () => {
    const copy = (
      await t
        .ecs(sharee)
        .copyImage(
          new CopyImageRequest({ regionId: REGION, imageId: golden, destinationImageName: "my-copy" }),
        )
    ).body!.imageId!;
    const mine = (await seen(sharee, { imageId: copy })).images?.image?.[0];
    expect(mine).toMatchObject({
      imageOwnerAlias: "self",
      imageOwnerId: Number(sharee.accountId),
      isCopied: true,
    });
    expect(mine?.tags?.tag).toEqual([]);
    const away = await sdkError(
      t
        .ecs(sharee)
        .copyImage(
          new CopyImageRequest({ regionId: REGION, imageId: golden, destinationRegionId: "cn-beijing" }),
        ),
    );
    expect([away.statusCode, away.code]).toEqual([403, "OperationDenied.SameRegionOnly"]);
    const strangerCopy = await sdkError(
      t.ecs(stranger).copyImage(new CopyImageRequest({ regionId: REGION, imageId: golden })),
    );
    expect(strangerCopy.code).toBe("InvalidImageId.NotFound");
  });

  it("hides the image again once unshared", async () => {
    await share(golden, [], [sharee.accountId]);
    expect((await seen(sharee, { imageId: golden })).totalCount).toBe(0);
  });
});

describe("ModifyImageSharePermission refusals", () => {
  it("answers Alibaba's codes", async () => {
    const self = await sdkError(share(golden, [owner.accountId]));
    expect([self.statusCode, self.code]).toEqual([404, "InvalidAccount.Forbbiden"]);
    const unknown = await sdkError(share(golden, ["1999999999999999"]));
    expect([unknown.statusCode, unknown.code]).toEqual([404, "InvalidAccount.NotFound"]);
    const eleven = Array.from({ length: 11 }, (_, i) => String(1000000000000000 + i));
    expect((await sdkError(share(golden, eleven))).code).toBe("InvalidParameter");
    const system = await sdkError(share("ubuntu_22_04_x64_20G_alibase_20240130.vhd", [sharee.accountId]));
    expect(system.code).toBe("InvalidImageId.NotFound");
    const community = await sdkError(
      t
        .ecs(owner)
        .modifyImageSharePermission(
          new ModifyImageSharePermissionRequest({ regionId: REGION, imageId: golden, isPublic: true }),
        ),
    );
    expect(community.code).toBe("InvalidParameter");
  });

  it("shares one image with at most 50 accounts", async () => {
    const [popular] = await addImages(t, owner.accountId, 1, () => []);
    const accounts: string[] = [];
    for (let i = 0; i < 51; i++) accounts.push((await newAccount(t, `many-${i}`)).accountId);
    for (let i = 0; i < 50; i += 10) await share(popular!, accounts.slice(i, i + 10));
    const over = await sdkError(share(popular!, [accounts[50]!]));
    expect([over.statusCode, over.code]).toEqual([403, "QuotaExceed.ShareImageUser"]);
    // Removing one in the same call makes room.
    await share(popular!, [accounts[50]!], [accounts[0]!]);
  });

  it("does not share a Deprecated image", async () => {
    const [old] = await addImages(t, owner.accountId, 1, () => []);
    await t
      .ecs(owner)
      .modifyImageAttribute(
        new ModifyImageAttributeRequest({ regionId: REGION, imageId: old, status: "Deprecated" }),
      );
    expect((await sdkError(share(old!, [sharee.accountId]))).code).toBe("IncorrectImageStatus");
  });
});
