import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newRegionalId } from "../../../src/cloud/model/index.js";
import { EcsModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import { REGION, UBUNTU, addImages, addInstance, newAccount, startCloud } from "./fixtures.js";

const {
  AddTagsRequest,
  AddTagsRequestTag,
  DescribeImagesRequest,
  DescribeTagsRequest,
  DescribeTagsRequestTag,
  ListTagResourcesRequest,
  ListTagResourcesRequestTag,
  RemoveTagsRequest,
  RemoveTagsRequestTag,
  TagResourcesRequest,
  TagResourcesRequestTag,
  UntagResourcesRequest,
} = EcsModule;

type Account = Credentials & { accountId: string };

let t: TestCloud;
let me: Account;

beforeAll(async () => {
  t = await startCloud();
  me = await newAccount(t, "tagger");
});
afterAll(() => t.close());

const ecs = (creds: Credentials = me) => t.ecs(creds);
const pairs = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => new TagResourcesRequestTag({ key, value }));

function tag(
  resourceType: string,
  resourceId: string[],
  tags: Record<string, string>,
  creds: Credentials = me,
) {
  return ecs(creds).tagResources(
    new TagResourcesRequest({ regionId: REGION, resourceType, resourceId, tag: pairs(tags) }),
  );
}

async function imageTags(imageId: string, creds: Credentials = me): Promise<Record<string, string>> {
  const body = (await ecs(creds).describeImages(new DescribeImagesRequest({ regionId: REGION, imageId })))
    .body!;
  return Object.fromEntries((body.images?.image?.[0]?.tags?.tag ?? []).map((t) => [t.tagKey, t.tagValue]));
}

describe("TagResources and UntagResources", () => {
  it("tags images, and DescribeImages shows the change at once", async () => {
    const [a, b] = await addImages(t, me.accountId, 2, () => []);
    await tag("image", [a!, b!], { status: "approved", environment: "production" });
    expect(await imageTags(a!)).toEqual({ status: "approved", environment: "production" });
    await tag("image", [a!], { environment: "staging" });
    expect(await imageTags(a!)).toEqual({ status: "approved", environment: "staging" });
    const golden = await ecs().describeImages(
      new DescribeImagesRequest({
        regionId: REGION,
        tag: [
          new EcsModule.DescribeImagesRequestTag({ key: "status", value: "approved" }),
          new EcsModule.DescribeImagesRequestTag({ key: "environment", value: "production" }),
        ],
      }),
    );
    expect(golden.body!.images?.image?.map((i) => i.imageId)).toEqual([b]);

    await ecs().untagResources(
      new UntagResourcesRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: [a!],
        tagKey: ["status", "absent"],
      }),
    );
    expect(await imageTags(a!)).toEqual({ environment: "staging" });
    await ecs().untagResources(
      new UntagResourcesRequest({ regionId: REGION, resourceType: "image", resourceId: [b!], all: true }),
    );
    expect(await imageTags(b!)).toEqual({});
  });

  it("tags instances", async () => {
    const instanceId = await addInstance(t, me.accountId);
    await tag("instance", [instanceId], { team: "web" });
    const listed = await ecs().listTagResources(
      new ListTagResourcesRequest({ regionId: REGION, resourceType: "instance", resourceId: [instanceId] }),
    );
    expect(listed.body!.tagResources?.tagResource).toEqual([
      expect.objectContaining({
        resourceId: instanceId,
        resourceType: "instance",
        tagKey: "team",
        tagValue: "web",
      }),
    ]);
  });

  it("tags security groups", async () => {
    const group = (
      await ecs().createSecurityGroup(new EcsModule.CreateSecurityGroupRequest({ regionId: REGION }))
    ).body!.securityGroupId!;
    await tag("securitygroup", [group], { tier: "frontend" });
    const counted = (
      await ecs().describeTags(new DescribeTagsRequest({ regionId: REGION, resourceType: "securitygroup" }))
    ).body!;
    expect(counted.tags?.tag).toEqual([
      expect.objectContaining({
        tagKey: "tier",
        tagValue: "frontend",
        resourceTypeCount: expect.objectContaining({ securitygroup: 1 }),
      }),
    ]);
  });

  it("is all or nothing: one resource that is not the caller's fails the whole call", async () => {
    const [mine] = await addImages(t, me.accountId, 1, () => []);
    const other = await newAccount(t, "other");
    const [theirs] = await addImages(t, other.accountId, 1, () => []);
    const error = await sdkError(tag("image", [mine!, theirs!], { status: "approved" }));
    expect([error.statusCode, error.code]).toEqual([404, "InvalidResourceId.NotFound"]);
    expect(await imageTags(mine!)).toEqual({});
    expect((await sdkError(tag("image", [UBUNTU], { status: "approved" }))).code).toBe(
      "InvalidResourceId.NotFound",
    );
    const gone = await addInstance(t, me.accountId, { status: "Deleted" });
    expect((await sdkError(tag("instance", [gone], { a: "b" }))).code).toBe("InvalidResourceId.NotFound");
    expect((await sdkError(tag("disk", [newRegionalId("disk", REGION)], { a: "b" }))).code).toBe(
      "InvalidResourceId.NotFound",
    );
  });

  it("enforces Alibaba's tag rules with Alibaba's codes", async () => {
    const [imageId] = await addImages(t, me.accountId, 1, () => []);
    const id = [imageId!];
    const code = async (p: Promise<unknown>) => {
      const e = await sdkError(p);
      return [e.statusCode, e.code];
    };
    expect(await code(tag("Image", id, { a: "b" }))).toEqual([404, "InvalidResourceType.NotFound"]);
    expect(await code(tag("bucket", id, { a: "b" }))).toEqual([404, "InvalidResourceType.NotFound"]);
    expect(await code(tag("image", id, {}))).toEqual([404, "MissingParameter.Tags"]);
    expect(await code(tag("image", id, { aliyun_x: "v" }))).toEqual([400, "InvalidTagKey.Malformed"]);
    expect(await code(tag("image", id, { "acs:x": "v" }))).toEqual([400, "InvalidTagKey.Malformed"]);
    expect(await code(tag("image", id, { ["k".repeat(129)]: "v" }))).toEqual([
      400,
      "InvalidTagKey.Malformed",
    ]);
    expect(await code(tag("image", id, { "see-https://x": "v" }))).toEqual([400, "InvalidTagKey.Malformed"]);
    expect(await code(tag("image", id, { k: "acs:v" }))).toEqual([400, "InvalidTagValue.Malformed"]);
    expect(await code(tag("image", id, { k: "v".repeat(129) }))).toEqual([400, "InvalidTagValue.Malformed"]);
    expect(await code(tag("image", id, { k: "http://x" }))).toEqual([400, "InvalidTagValue.Malformed"]);
    const twentyOne = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
    expect(await code(tag("image", id, twentyOne))).toEqual([400, "InvalidTagCount"]);
    const duplicate = ecs().tagResources(
      new TagResourcesRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: id,
        tag: [
          new TagResourcesRequestTag({ key: "k", value: "1" }),
          new TagResourcesRequestTag({ key: "k", value: "2" }),
        ],
      }),
    );
    expect(await code(duplicate)).toEqual([400, "Duplicate.TagKey"]);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => `m-bp${String(i).padStart(18, "0")}`);
    expect(await code(tag("image", fiftyOne, { a: "b" }))).toEqual([400, "NumberExceed.ResourceIds"]);
    // Empty values are allowed.
    await tag("image", id, { empty: "" });
    expect(await imageTags(imageId!)).toEqual({ empty: "" });
  });

  it("keeps a resource at 20 tags: OperationDenied.QuotaExceed past it, overwriting is free", async () => {
    const [imageId] = await addImages(t, me.accountId, 1, () =>
      Array.from({ length: 19 }, (_, i) => ({ key: `k${i}`, value: "v" })),
    );
    await tag("image", [imageId!], { k0: "overwritten", k19: "twentieth" });
    const error = await sdkError(tag("image", [imageId!], { k20: "twenty-first" }));
    expect([error.statusCode, error.code]).toEqual([400, "OperationDenied.QuotaExceed"]);
    expect(Object.keys(await imageTags(imageId!))).toHaveLength(20);
  });
});

describe("AddTags and RemoveTags (the older one-resource APIs)", () => {
  it("add and remove tags on one resource; RemoveTags with a value removes only a matching tag", async () => {
    const [imageId] = await addImages(t, me.accountId, 1, () => []);
    await ecs().addTags(
      new AddTagsRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: imageId,
        tag: [
          new AddTagsRequestTag({ key: "status", value: "approved" }),
          new AddTagsRequestTag({ key: "team", value: "sec" }),
        ],
      }),
    );
    expect(await imageTags(imageId!)).toEqual({ status: "approved", team: "sec" });
    const remove = (tags: ConstructorParameters<typeof RemoveTagsRequestTag>[0][]) =>
      ecs().removeTags(
        new RemoveTagsRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: imageId,
          tag: tags.map((t) => new RemoveTagsRequestTag(t)),
        }),
      );
    await remove([{ key: "status", value: "rejected" }]);
    expect(await imageTags(imageId!)).toEqual({ status: "approved", team: "sec" });
    await remove([{ key: "status", value: "approved" }, { key: "team" }]);
    expect(await imageTags(imageId!)).toEqual({});
    const system = await sdkError(
      ecs().addTags(
        new AddTagsRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: UBUNTU,
          tag: [new AddTagsRequestTag({ key: "status", value: "approved" })],
        }),
      ),
    );
    expect(system.code).toBe("InvalidResourceId.NotFound");
  });
});

describe("ListTagResources", () => {
  it("lists by tag (AND, key alone matching any value), 50 rows a page with NextToken", async () => {
    const owner = await newAccount(t, "lister");
    const images = await addImages(t, owner.accountId, 30, (i) => [
      { key: "fleet", value: "web" },
      { key: "index", value: String(i) },
      ...(i % 2 === 0 ? [{ key: "even", value: "yes" }] : []),
    ]);
    const list = (request: ConstructorParameters<typeof ListTagResourcesRequest>[0]) =>
      ecs(owner).listTagResources(
        new ListTagResourcesRequest({ regionId: REGION, resourceType: "image", ...request }),
      );
    const rows: { resourceId?: string; tagKey?: string }[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const body = (
        await list({ tag: [new ListTagResourcesRequestTag({ key: "fleet", value: "web" })], nextToken })
      ).body!;
      rows.push(...(body.tagResources?.tagResource ?? []));
      expect(body.tagResources?.tagResource?.length).toBeLessThanOrEqual(50);
      nextToken = body.nextToken || undefined;
      pages++;
    } while (nextToken !== undefined);
    expect(pages).toBe(2);
    expect(rows).toHaveLength(30 * 2 + 15);
    expect(new Set(rows.map((r) => r.resourceId))).toEqual(new Set(images));

    const even = (
      await list({
        tag: [
          new ListTagResourcesRequestTag({ key: "even" }),
          new ListTagResourcesRequestTag({ key: "fleet", value: "web" }),
        ],
      })
    ).body!.tagResources?.tagResource;
    expect(new Set(even?.map((r) => r.resourceId)).size).toBe(15);

    const byId = (await list({ resourceId: [images[3]!] })).body!.tagResources?.tagResource;
    expect(byId?.map((r) => r.tagKey).sort()).toEqual(["fleet", "index"]);
    // Another account's resources are never listed.
    expect(
      (
        await ecs(me).listTagResources(
          new ListTagResourcesRequest({ regionId: REGION, resourceType: "image", resourceId: [images[3]!] }),
        )
      ).body!.tagResources?.tagResource,
    ).toEqual([]);
  });

  it("refuses a request that names neither resources nor tags, a value without a key, and a forged NextToken", async () => {
    const list = (request: ConstructorParameters<typeof ListTagResourcesRequest>[0]) =>
      sdkError(
        ecs().listTagResources(
          new ListTagResourcesRequest({ regionId: REGION, resourceType: "image", ...request }),
        ),
      );
    expect((await list({})).code).toBe("MissingParameter");
    expect((await list({ tag: [new ListTagResourcesRequestTag({ value: "v" })] })).code).toBe(
      "InvalidParameter.TagValue",
    );
    expect((await list({ resourceId: ["m-x"], nextToken: "not-a-token" })).code).toBe("InvalidNextToken");
    expect(
      (
        await sdkError(
          ecs().listTagResources(new ListTagResourcesRequest({ regionId: REGION, resourceId: ["m-x"] })),
        )
      ).code,
    ).toBe("MissingParameter.ResourceType");
  });
});

describe("DescribeTags", () => {
  it("counts the resources of each type carrying each tag pair", async () => {
    const owner = await newAccount(t, "describer");
    await addImages(t, owner.accountId, 3, (i) => [{ key: "env", value: i < 2 ? "prod" : "dev" }]);
    const instanceId = await addInstance(t, owner.accountId);
    await tag("instance", [instanceId], { env: "prod" }, owner);
    const body = (await ecs(owner).describeTags(new DescribeTagsRequest({ regionId: REGION }))).body!;
    expect(body.totalCount).toBe(2);
    expect(
      body.tags?.tag?.map((t) => [
        t.tagKey,
        t.tagValue,
        t.resourceTypeCount?.image,
        t.resourceTypeCount?.instance,
      ]),
    ).toEqual([
      ["env", "dev", 1, undefined],
      ["env", "prod", 2, 1],
    ]);
    const onlyImages = (
      await ecs(owner).describeTags(new DescribeTagsRequest({ regionId: REGION, resourceType: "image" }))
    ).body!;
    expect(onlyImages.tags?.tag?.map((t) => t.resourceTypeCount?.instance)).toEqual([undefined, undefined]);
    const filtered = (
      await ecs(owner).describeTags(
        new DescribeTagsRequest({
          regionId: REGION,
          tag: [new DescribeTagsRequestTag({ key: "env", value: "dev" })],
        }),
      )
    ).body!;
    expect(filtered.tags?.tag?.map((t) => t.tagValue)).toEqual(["dev"]);
    const paged = (
      await ecs(owner).describeTags(new DescribeTagsRequest({ regionId: REGION, pageSize: 1, pageNumber: 2 }))
    ).body!;
    expect([paged.totalCount, paged.tags?.tag?.map((t) => t.tagValue)]).toEqual([2, ["prod"]]);
  });
});
