import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EcsModule, TagModule, sdkError, type Credentials, type TestCloud } from "../harness.js";
import { REGION, addImages, addInstance, newAccount, startCloud, userWithPolicy } from "./fixtures.js";

// The seed's story through the official SDKs: a RAM user under the seed's RAM policy (launch only
// from images tagged environment=production; Deny ecs:TagResources / UntagResources / CreateTags /
// DeleteTags on acs:ecs:*:*:image/*) cannot retag an image with ECS's TagResources — but AddTags,
// the Tag service and CreateImage with Tag.N are other actions, which the Deny does not name.

const seed = JSON.parse(
  readFileSync(new URL("../../fixtures/policies/seed-ram-policy.json", import.meta.url), "utf8"),
) as {
  Statement: unknown[];
};

type Account = Credentials & { accountId: string };

let t: TestCloud;
let owner: Account;
let operator: Credentials;
let image: string;

beforeAll(async () => {
  t = await startCloud();
  owner = await newAccount(t, "seed-owner");
  // The seed's statements, and everything else ECS and the Tag service offer, so that the seed's
  // Deny is what decides.
  const document = JSON.stringify({
    Version: "1",
    Statement: [...seed.Statement, { Effect: "Allow", Action: ["ecs:*", "tag:*"], Resource: "*" }],
  });
  operator = await userWithPolicy(t, "operator", document, owner);
  image = (await addImages(t, owner.accountId, 1, () => [{ key: "environment", value: "staging" }]))[0]!;
});
afterAll(() => t.close());

async function imageTags(imageId: string): Promise<Record<string, string>> {
  const body = (
    await t.ecs(owner).describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageId }))
  ).body!;
  return Object.fromEntries(
    (body.images?.image?.[0]?.tags?.tag ?? []).map((tag) => [tag.tagKey, tag.tagValue]),
  );
}

const production = [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "production" })];

describe("the seed's RAM policy", () => {
  it("denies ecs:TagResources and ecs:UntagResources on an image: 403 Forbidden.RAM, explicit deny", async () => {
    const tagging = await sdkError(
      t.ecs(operator).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [image],
          tag: production,
        }),
      ),
    );
    expect([tagging.statusCode, tagging.code]).toEqual([403, "Forbidden.RAM"]);
    expect(tagging.data["AccessDeniedDetail"]).toMatchObject({
      AuthAction: "ecs:TagResources",
      NoPermissionType: "ExplicitDeny",
    });
    const untagging = await sdkError(
      t.ecs(operator).untagResources(
        new EcsModule.UntagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [image],
          all: true,
        }),
      ),
    );
    expect([untagging.statusCode, untagging.code]).toEqual([403, "Forbidden.RAM"]);
    expect(await imageTags(image)).toEqual({ environment: "staging" });
  });

  it("leaves ecs:TagResources on instances alone", async () => {
    const instanceId = await addInstance(t, owner.accountId);
    await t.ecs(operator).tagResources(
      new EcsModule.TagResourcesRequest({
        regionId: REGION,
        resourceType: "instance",
        resourceId: [instanceId],
        tag: production,
      }),
    );
  });

  it("does not stop ecs:AddTags from retagging the image (a bypass)", async () => {
    await t.ecs(operator).addTags(
      new EcsModule.AddTagsRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: image,
        tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "production" })],
      }),
    );
    expect(await imageTags(image)).toEqual({ environment: "production" });
  });

  it("does not stop the Tag service from retagging the image (a bypass)", async () => {
    const [other] = await addImages(t, owner.accountId, 1, () => []);
    const response = await t.tag(operator).tagResources(
      new TagModule.TagResourcesRequest({
        regionId: REGION,
        resourceARN: [`acs:ecs:${REGION}:${owner.accountId}:image/${other}`],
        tags: JSON.stringify({ environment: "production" }),
      }),
    );
    expect(response.body!.failedResources).toBeUndefined();
    expect(await imageTags(other!)).toEqual({ environment: "production" });
  });

  it("does not stop CreateImage from making an image that already carries the tag (a bypass)", async () => {
    const instanceId = await addInstance(t, owner.accountId);
    const created = await t.ecs(operator).createImage(
      new EcsModule.CreateImageRequest({
        regionId: REGION,
        instanceId,
        tag: [new EcsModule.CreateImageRequestTag({ key: "environment", value: "production" })],
      }),
    );
    expect(await imageTags(created.body!.imageId!)).toEqual({ environment: "production" });
  });
});

describe("the bypass end to end", () => {
  it("a launcher under the seed's policy cannot launch from a staging image until AddTags retags it", async () => {
    const launcher = await userWithPolicy(
      t,
      "launcher",
      JSON.stringify({
        Version: "1",
        Statement: [
          ...seed.Statement,
          {
            Effect: "Allow",
            Action: ["ecs:Describe*", "ecs:AddTags", "ecs:TagResources", "vpc:*"],
            Resource: "*",
          },
        ],
      }),
      owner,
    );
    const staging = (
      await addImages(t, owner.accountId, 1, () => [{ key: "environment", value: "staging" }])
    )[0]!;
    const securityGroupId = (
      await t.ecs(owner).createSecurityGroup(new EcsModule.CreateSecurityGroupRequest({ regionId: REGION }))
    ).body!.securityGroupId!;
    const launch = () =>
      t.ecs(launcher).runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: REGION,
          imageId: staging,
          instanceType: "ecs.g6.large",
          securityGroupId,
        }),
      );
    const refused = await sdkError(launch());
    expect([refused.statusCode, refused.code]).toEqual([403, "Forbidden.RAM"]);
    expect(refused.data["AccessDeniedDetail"]).toMatchObject({ AuthAction: "ecs:RunInstances" });

    const blocked = await sdkError(
      t.ecs(launcher).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [staging],
          tag: production,
        }),
      ),
    );
    expect(blocked.code).toBe("Forbidden.RAM");
    await t.ecs(launcher).addTags(
      new EcsModule.AddTagsRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: staging,
        tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "production" })],
      }),
    );
    const launched = await launch();
    expect(launched.body!.instanceIdSets?.instanceIdSet).toHaveLength(1);
  });
});

describe("authorization of image reads and writes", () => {
  it("answers 403 Forbidden.RAM to a user who may not list images, not an empty list", async () => {
    const nobody = await userWithPolicy(
      t,
      "nobody",
      JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:DescribeRegions", Resource: "*" }],
      }),
      owner,
    );
    const error = await sdkError(
      t.ecs(nobody).describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION })),
    );
    expect([error.statusCode, error.code]).toEqual([403, "Forbidden.RAM"]);
    const tagging = await sdkError(
      t.tag(nobody).tagResources(
        new TagModule.TagResourcesRequest({
          regionId: REGION,
          resourceARN: [`acs:ecs:${REGION}:${owner.accountId}:image/${image}`],
          tags: JSON.stringify({ status: "approved" }),
        }),
      ),
    );
    expect([tagging.statusCode, tagging.code]).toEqual([403, "Forbidden.RAM"]);
  });

  it("lets a reader list images and nothing more", async () => {
    const reader = await userWithPolicy(
      t,
      "reader",
      JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }],
      }),
      owner,
    );
    const body = (
      await t
        .ecs(reader)
        .describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: "self" }))
    ).body!;
    expect(body.images?.image?.map((i) => i.imageId)).toContain(image);
    const deleting = await sdkError(
      t.ecs(reader).deleteImage(new EcsModule.DeleteImageRequest({ regionId: REGION, imageId: image })),
    );
    expect([deleting.statusCode, deleting.code]).toEqual([403, "Forbidden.RAM"]);
  });
});
