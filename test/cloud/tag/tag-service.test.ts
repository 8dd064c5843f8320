import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, TagModule, VpcModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import { REGION, UBUNTU, addImages, addInstance, newAccount, startCloud } from "../ecs-images/fixtures.js";

const { ListTagResourcesRequest, TagResourcesRequest, UntagResourcesRequest } = TagModule;

type Account = Credentials & { accountId: string };

let t: TestCloud;
let me: Account;

beforeAll(async () => {
  t = await startCloud();
  me = await newAccount(t, "tag-service");
});
afterAll(() => t.close());

const imageArn = (accountId: string, imageId: string, regionId = REGION) =>
  `acs:ecs:${regionId}:${accountId}:image/${imageId}`;

function tagResources(arns: string[], tags: Record<string, string> | string, creds: Credentials = me) {
  return t.tag(creds).tagResources(
    new TagResourcesRequest({
      regionId: REGION,
      resourceARN: arns,
      tags: typeof tags === "string" ? tags : JSON.stringify(tags),
    }),
  );
}

async function imageTags(imageId: string, creds: Credentials = me): Promise<Record<string, string>> {
  const body = (
    await t.ecs(creds).describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageId }))
  ).body!;
  return Object.fromEntries(
    (body.images?.image?.[0]?.tags?.tag ?? []).map((tag) => [tag.tagKey, tag.tagValue]),
  );
}

describe("Tag service TagResources / UntagResources", () => {
  it("tags an image by ARN, and DescribeImages shows it at once", async () => {
    const [imageId] = await addImages(t, me.accountId, 1, () => []);
    const response = await tagResources([imageArn(me.accountId, imageId!)], {
      status: "approved",
      environment: "production",
    });
    expect(response.body!.failedResources).toBeUndefined();
    expect(await imageTags(imageId!)).toEqual({ status: "approved", environment: "production" });
    await t.tag(me).untagResources(
      new UntagResourcesRequest({
        regionId: REGION,
        resourceARN: [imageArn(me.accountId, imageId!)],
        tagKey: ["status"],
      }),
    );
    expect(await imageTags(imageId!)).toEqual({ environment: "production" });
  });

  it("tags instances, and reports resources it could not tag while tagging the others", async () => {
    const instanceId = await addInstance(t, me.accountId);
    const other = await newAccount(t, "other");
    const [theirs] = await addImages(t, other.accountId, 1, () => []);
    const [crowded] = await addImages(t, me.accountId, 1, () =>
      Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: "v" })),
    );
    const instanceArn = `acs:ecs:${REGION}:${me.accountId}:instance/${instanceId}`;
    const failedArns = [
      imageArn(other.accountId, theirs!),
      imageArn(me.accountId, theirs!),
      imageArn("", UBUNTU).replace("::", ":0:"),
      imageArn(me.accountId, crowded!),
      `acs:oss:${REGION}:${me.accountId}:bucket/logs`,
    ];
    const response = await tagResources([instanceArn, ...failedArns], { team: "web" });
    const failed = response.body!.failedResources?.failedResource ?? [];
    expect(failed.map((f) => [f.resourceARN, f.result?.code])).toEqual([
      [failedArns[0], "InvalidResourceId.NotFound"],
      [failedArns[1], "InvalidResourceId.NotFound"],
      [failedArns[2], "InvalidResourceId.NotFound"],
      [failedArns[3], "QuotaExceed.TagsPerResource"],
      [failedArns[4], "InvalidResourceId.NotFound"],
    ]);
    const listed = await t
      .tag(me)
      .listTagResources(new ListTagResourcesRequest({ regionId: REGION, resourceARN: [instanceArn] }));
    expect(listed.body!.tagResources).toEqual([
      expect.objectContaining({
        resourceARN: instanceArn,
        tags: [expect.objectContaining({ key: "team", value: "web", category: "Custom" })],
      }),
    ]);
    expect(await imageTags(theirs!, other)).toEqual({});
  });

  it("refuses ARNs it cannot authorize as written, and bad tags", async () => {
    const [imageId] = await addImages(t, me.accountId, 1, () => []);
    const code = async (p: Promise<unknown>) => (await sdkError(p)).code;
    expect(await code(tagResources([`arn:${imageArn(me.accountId, imageId!)}`], { a: "b" }))).toBe(
      "InvalidParameter.ResourceARN",
    );
    expect(await code(tagResources([`acs:ecs:*:*:image/${imageId}`], { a: "b" }))).toBe(
      "InvalidParameter.ResourceARN",
    );
    expect(await code(tagResources([imageArn(me.accountId, imageId!, "cn-shanghai")], { a: "b" }))).toBe(
      "InvalidParameter.ResourceARN",
    );
    expect(await code(tagResources(["not-an-arn"], { a: "b" }))).toBe("InvalidParameter.ResourceARN");
    const arn = [imageArn(me.accountId, imageId!)];
    expect(await code(tagResources(arn, '[{"Key":"a","Value":"b"}]'))).toBe("InvalidParameter.Tags");
    expect(await code(tagResources(arn, "{not json"))).toBe("InvalidParameter.Tags");
    expect(await code(tagResources(arn, { "acs:reserved": "x" }))).toBe("InvalidParameter.Tags");
    expect(await code(tagResources(arn, '{"a":1}'))).toBe("InvalidParameter.Tags");
    expect(await code(tagResources(arn, {}))).toBe("MissingParameter.Tags");
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"]));
    expect(await code(tagResources(arn, eleven))).toBe("NumberExceed.Tags");
    expect(await code(tagResources([], { a: "b" }))).toBe("MissingParameter.ResourceARN");
    expect(
      await code(t.tag(me).untagResources(new UntagResourcesRequest({ regionId: REGION, resourceARN: arn }))),
    ).toBe("MissingParameter.TagKey");
    expect(await imageTags(imageId!)).toEqual({});
  });
});

describe("Tag service on VPC resources", () => {
  it("tags a VPC by its acs:vpc ARN, over the same tags VPC's own listing filters on", async () => {
    const vpcId = (
      await t
        .vpc(me)
        .createVpc(new VpcModule.CreateVpcRequest({ regionId: REGION, cidrBlock: "10.0.0.0/16" }))
    ).body!.vpcId!;
    const arn = `acs:vpc:${REGION}:${me.accountId}:vpc/${vpcId}`;
    expect((await tagResources([arn], { team: "network" })).body!.failedResources).toBeUndefined();
    const listed = await t
      .tag(me)
      .listTagResources(new ListTagResourcesRequest({ regionId: REGION, resourceARN: [arn] }));
    expect(listed.body!.tagResources?.[0]?.tags?.map((tag) => [tag.key, tag.value])).toEqual([
      ["team", "network"],
    ]);
    const stored = await t.cloud.store.tags.list({
      regionId: REGION,
      resourceType: "vpc",
      resourceId: vpcId,
    });
    expect(stored.map((tag) => [tag.key, tag.value])).toEqual([["team", "network"]]);
  });
});

describe("Tag service ListTagResources", () => {
  it("lists the caller's tagged resources by tag, paged by resource", async () => {
    const owner = await newAccount(t, "list-owner");
    const images = await addImages(t, owner.accountId, 7, (i) => [
      { key: "fleet", value: "web" },
      ...(i < 3 ? [{ key: "tier", value: "gold" }] : []),
    ]);
    const list = (request: ConstructorParameters<typeof ListTagResourcesRequest>[0]) =>
      t.tag(owner).listTagResources(new ListTagResourcesRequest({ regionId: REGION, ...request }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const body = (await list({ tags: JSON.stringify({ fleet: "web" }), pageSize: 3, nextToken })).body!;
      expect(body.tagResources!.length).toBeLessThanOrEqual(3);
      seen.push(...body.tagResources!.map((r) => r.resourceARN!));
      nextToken = body.nextToken || undefined;
    } while (nextToken !== undefined);
    expect(seen.sort()).toEqual(images.map((id) => imageArn(owner.accountId, id)).sort());

    const gold = (await list({ tags: JSON.stringify({ fleet: "web", tier: "gold" }) })).body!.tagResources!;
    expect(gold.map((r) => r.resourceARN).sort()).toEqual(
      images
        .slice(0, 3)
        .map((id) => imageArn(owner.accountId, id))
        .sort(),
    );
    expect((await list({ category: "System" })).body!.tagResources).toEqual([]);
    expect((await list({})).body!.tagResources).toHaveLength(7);
    // The caller's view only.
    expect(
      (
        await t
          .tag(me)
          .listTagResources(
            new ListTagResourcesRequest({ regionId: REGION, tags: JSON.stringify({ fleet: "web" }) }),
          )
      ).body!.tagResources,
    ).toEqual([]);
    expect((await sdkError(list({ nextToken: "garbage" }))).code).toBe("InvalidParameter.NextToken");
    expect((await sdkError(list({ category: "Secret" }))).code).toBe("InvalidParameter.Category");
    expect((await sdkError(list({ pageSize: 1001 }))).code).toBe("InvalidParameter");
  });

  it("lists the resources named by ARN that are the caller's and tagged, in request order", async () => {
    // Given two tagged images of the caller's, an untagged one, and a tagged image of another account
    const owner = await newAccount(t, "named-owner");
    const other = await newAccount(t, "named-other");
    const [first, second, untagged] = await addImages(t, owner.accountId, 3, (i) =>
      i < 2 ? [{ key: "fleet", value: `web-${i}` }] : [],
    );
    const [theirs] = await addImages(t, other.accountId, 1, () => [{ key: "fleet", value: "theirs" }]);

    // When the caller names them all, with an ARN of a type the local cloud does not tag
    const body = (
      await t.tag(owner).listTagResources(
        new ListTagResourcesRequest({
          regionId: REGION,
          resourceARN: [
            imageArn(owner.accountId, second!),
            imageArn(other.accountId, theirs!),
            imageArn(owner.accountId, theirs!),
            imageArn(owner.accountId, untagged!),
            `acs:oss:${REGION}:${owner.accountId}:bucket/logs`,
            imageArn(owner.accountId, first!),
          ],
        }),
      )
    ).body!;

    // Then only its own tagged images are listed, in the order named
    expect(
      body.tagResources!.map((r) => [r.resourceARN, r.tags!.map((tag) => [tag.key, tag.value])]),
    ).toEqual([
      [imageArn(owner.accountId, second!), [["fleet", "web-1"]]],
      [imageArn(owner.accountId, first!), [["fleet", "web-0"]]],
    ]);
  });
});
