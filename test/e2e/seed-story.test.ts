// The product brief's story (item 7), end to end against a running local cloud, through Alibaba's
// official SDKs as users reach Alibaba Cloud: the product clients (V3 signatures) for every step,
// and the older pop-core (V1 signatures) for a subset of the same steps.
//
//   1. The security team marks golden images with tags (status: approved, security-level: trusted,
//      environment: production): at creation with CreateImage Tag.N, or afterwards with TagResources.
//   2. A developer finds them with DescribeImages and Tag.N filters.
//   3. Under the brief's RAM policy (attached verbatim) a launch from a golden image succeeds and a
//      launch from any other image is refused, 403 Forbidden.RAM, implicit deny, and
//      DecodeDiagnosticMessage says why; ReplaceSystemDisk follows the same rule.
//   4. The same policy refuses tag changes on images through ECS's tag actions (explicit deny).
//   5. The enterprise form: a Deny-form control policy on a folder refuses a member account's
//      administrator an untagged image, and lets it launch a golden image shared with it.
//   6. The brief's policy has bypasses, and they are real here: AddTags, the Tag service and
//      CreateImage with Tag.N all produce an image the developer may launch. The guardrail closes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EcsModule,
  RamModule,
  StsModule,
  TagModule,
  VpcModule,
  sdkError,
  startTestCloud,
  type Credentials,
  type TestCloud,
} from "../cloud/harness.js";
import {
  accessRoleArn,
  assumeAccessRole,
  attach,
  createAccount,
  createControlPolicy,
  createFolder,
  enableDirectory,
} from "../cloud/resource-manager/fixtures.js";
import {
  INSTANCE_TYPE,
  REGION,
  SEED_RAM_POLICY,
  UBUNTU,
  allow,
  createImage,
  defaultSecurityGroup,
  imageTags,
  launch,
  policyDoc,
  popError,
  policyFixture,
  ramUser,
  type User,
} from "./fixtures.js";

const GOLDEN_TAGS = { status: "approved", "security-level": "trusted", environment: "production" };
const GOLDEN_FILTER = [
  new EcsModule.DescribeImagesRequestTag({ key: "status", value: "approved" }),
  new EcsModule.DescribeImagesRequestTag({ key: "environment", value: "production" }),
];

let t: TestCloud;
let accountId: string;
/** The security team, who build and tag images (ecs:* and vpc:*, no image-tag restriction). */
let security: User;
/** Under the brief's RAM policy, plus reading ECS and decoding its own denials. */
let developer: User;
let securityGroup: string;
/** The instance golden images are made from. */
let builder: string;
/** Golden, tagged at creation (CreateImage Tag.N). */
let goldenWeb: string;
/** Golden, tagged afterwards (TagResources). */
let goldenDb: string;
/** Approved and trusted, but environment: staging. */
let staging: string;
/** `Environment: production`: tag keys are case-sensitive, so not the seed's tag. */
let lookalike: string;
/** No tags at all. */
let unvetted: string;

beforeAll(async () => {
  t = await startTestCloud();
  accountId = t.cloud.managementAccount.accountId;
  security = await ramUser(t, "security-team", { ImageFactory: policyDoc(allow(["ecs:*", "vpc:*"])) });
  developer = await ramUser(t, "developer", {
    GoldenImagesOnly: SEED_RAM_POLICY,
    DeveloperRead: policyDoc(allow(["ecs:Describe*", "ram:DecodeDiagnosticMessage"])),
  });
  securityGroup = await defaultSecurityGroup(t, security);
  builder = await launch(t, security, UBUNTU, securityGroup);
  goldenWeb = await createImage(t, security, builder, "golden-web", GOLDEN_TAGS);
  goldenDb = await createImage(t, security, builder, "golden-db");
  await t.ecs(security).tagResources(
    new EcsModule.TagResourcesRequest({
      regionId: REGION,
      resourceType: "image",
      resourceId: [goldenDb],
      tag: Object.entries(GOLDEN_TAGS).map(
        ([key, value]) => new EcsModule.TagResourcesRequestTag({ key, value }),
      ),
    }),
  );
  staging = await createImage(t, security, builder, "staging-build", {
    ...GOLDEN_TAGS,
    environment: "staging",
  });
  lookalike = await createImage(t, security, builder, "lookalike", { Environment: "production" });
  unvetted = await createImage(t, security, builder, "unvetted");
});
afterAll(() => t?.close());

function runInstances(creds: Credentials, imageId: string, group = securityGroup) {
  return t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId,
      instanceType: INSTANCE_TYPE,
      securityGroupId: group,
      amount: 1,
    }),
  );
}

/** How many instances of the account run `imageId`, as the security team sees them. */
async function instancesFrom(imageId: string): Promise<number> {
  const body = (
    await t
      .ecs(security)
      .describeInstances(new EcsModule.DescribeInstancesRequest({ regionId: REGION, imageId }))
  ).body;
  return body?.totalCount ?? -1;
}

async function instanceOf(creds: Credentials, instanceId: string) {
  const body = (
    await t.ecs(creds).describeInstances(
      new EcsModule.DescribeInstancesRequest({
        regionId: REGION,
        instanceIds: JSON.stringify([instanceId]),
      }),
    )
  ).body;
  return body?.instances?.instance?.[0];
}

const imageArn = (imageId: string, owner = accountId) => `acs:ecs:${REGION}:${owner}:image/${imageId}`;

describe("1. the security team marks golden images with tags", () => {
  it("tags one image at creation (CreateImage Tag.N) and another afterwards (TagResources)", async () => {
    expect(await imageTags(t, security, goldenWeb)).toEqual(GOLDEN_TAGS);
    expect(await imageTags(t, security, goldenDb)).toEqual(GOLDEN_TAGS);
    expect(await imageTags(t, security, staging)).toEqual({ ...GOLDEN_TAGS, environment: "staging" });
    expect(await imageTags(t, security, unvetted)).toEqual({});
  });
});

describe("2. a developer finds the golden images with DescribeImages Tag.N filters", () => {
  it("gets exactly the images carrying every tag asked for (V3)", async () => {
    const body = (
      await t.ecs(developer).describeImages(
        new EcsModule.DescribeImagesRequest({
          regionId: REGION,
          imageOwnerAlias: "self",
          tag: GOLDEN_FILTER,
        }),
      )
    ).body;

    expect(body?.totalCount).toBe(2);
    expect(body?.images?.image?.map((image) => image.imageId).sort()).toEqual([goldenWeb, goldenDb].sort());
    for (const image of body?.images?.image ?? []) {
      expect(image.imageOwnerAlias).toBe("self");
      expect(image.tags?.tag).toEqual(
        expect.arrayContaining([{ tagKey: "environment", tagValue: "production" }]),
      );
    }
  });

  it("pages through them with PageSize and PageNumber", async () => {
    const page = async (pageNumber: number) =>
      (
        await t.ecs(developer).describeImages(
          new EcsModule.DescribeImagesRequest({
            regionId: REGION,
            imageOwnerAlias: "self",
            tag: GOLDEN_FILTER,
            pageSize: 1,
            pageNumber,
          }),
        )
      ).body;

    const [first, second, third] = [await page(1), await page(2), await page(3)];

    expect([first?.totalCount, first?.pageNumber, first?.pageSize]).toEqual([2, 1, 1]);
    const ids = [first, second].map((body) => body?.images?.image?.[0]?.imageId);
    expect(ids.sort()).toEqual([goldenWeb, goldenDb].sort());
    expect(third?.images?.image ?? []).toEqual([]);
  });

  it("matches the tag key case-sensitively and widens with fewer filters", async () => {
    const count = async (tag: InstanceType<typeof EcsModule.DescribeImagesRequestTag>[]) =>
      (
        await t
          .ecs(developer)
          .describeImages(
            new EcsModule.DescribeImagesRequest({ regionId: REGION, imageOwnerAlias: "self", tag }),
          )
      ).body?.totalCount;

    expect(await count([new EcsModule.DescribeImagesRequestTag({ key: "status", value: "approved" })])).toBe(
      3,
    );
    expect(
      await count([new EcsModule.DescribeImagesRequestTag({ key: "Environment", value: "production" })]),
    ).toBe(1);
  });

  it("gets the same answer through pop-core (V1 signature, flat Tag.N parameters)", async () => {
    const body = (await t.popCore("ecs", developer).request(
      "DescribeImages",
      {
        RegionId: REGION,
        ImageOwnerAlias: "self",
        "Tag.1.Key": "status",
        "Tag.1.Value": "approved",
        "Tag.2.Key": "environment",
        "Tag.2.Value": "production",
      },
      { method: "POST" },
    )) as { TotalCount: number; Images: { Image: { ImageId: string }[] } };

    expect(body.TotalCount).toBe(2);
    expect(body.Images.Image.map((image) => image.ImageId).sort()).toEqual([goldenWeb, goldenDb].sort());
  });
});

describe("3. the brief's RAM policy decides launches on the image's tags", () => {
  it("is attached exactly as the brief prints it", async () => {
    const policy = await t
      .ram()
      .getPolicy(new RamModule.GetPolicyRequest({ policyName: "GoldenImagesOnly", policyType: "Custom" }));

    expect(policy.body?.defaultPolicyVersion?.policyDocument).toBe(SEED_RAM_POLICY);
    expect(JSON.parse(SEED_RAM_POLICY)).toEqual(JSON.parse(policyFixture("seed-ram-policy.json")));
  });

  it("lets the developer launch from a golden image: RunInstances (V3) and CreateInstance (V1)", async () => {
    const fromWeb = await launch(t, developer, goldenWeb, securityGroup);
    const created = (await t
      .popCore("ecs", developer)
      .request(
        "CreateInstance",
        { RegionId: REGION, ImageId: goldenDb, InstanceType: INSTANCE_TYPE, SecurityGroupId: securityGroup },
        { method: "POST" },
      )) as { InstanceId: string };

    const instance = await instanceOf(developer, fromWeb);
    expect(instance?.imageId).toBe(goldenWeb);
    // …in the account's default VPC, as the VPC API shows it to the security team.
    const vpcs = (
      await t
        .vpc(security)
        .describeVpcs(
          new VpcModule.DescribeVpcsRequest({ regionId: REGION, vpcId: instance?.vpcAttributes?.vpcId }),
        )
    ).body?.vpcs?.vpc;
    expect(vpcs?.map((vpc) => [vpc.vpcId, vpc.isDefault])).toEqual([[instance?.vpcAttributes?.vpcId, true]]);
    expect(created.InstanceId).toMatch(/^i-/);
    expect((await instanceOf(developer, created.InstanceId))?.imageId).toBe(goldenDb);
  });

  it("refuses a launch from any image without environment: production — 403 Forbidden.RAM, implicit deny", async () => {
    for (const imageId of [unvetted, staging, lookalike, UBUNTU]) {
      const err = await sdkError(runInstances(developer, imageId));

      expect([err.statusCode, err.code], imageId).toEqual([403, "Forbidden.RAM"]);
      expect(err.accessDeniedDetail, imageId).toMatchObject({
        AuthAction: "ecs:RunInstances",
        AuthPrincipalType: "SubUser",
        AuthPrincipalOwnerId: accountId,
        AuthPrincipalDisplayName: "developer",
        NoPermissionType: "ImplicitDeny",
        PolicyType: "AccountLevelIdentityBasedPolicy",
      });
    }
    const created = await sdkError(
      t.ecs(developer).createInstance(
        new EcsModule.CreateInstanceRequest({
          regionId: REGION,
          imageId: unvetted,
          instanceType: INSTANCE_TYPE,
          securityGroupId: securityGroup,
        }),
      ),
    );
    const v1 = await popError(
      t
        .popCore("ecs", developer)
        .request(
          "RunInstances",
          { RegionId: REGION, ImageId: staging, InstanceType: INSTANCE_TYPE, SecurityGroupId: securityGroup },
          { method: "POST" },
        ),
    );

    expect(created.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:CreateInstance",
      NoPermissionType: "ImplicitDeny",
    });
    expect(v1.code).toBe("Forbidden.RAM");
    expect(v1.data["AccessDeniedDetail"]).toMatchObject({
      AuthAction: "ecs:RunInstances",
      NoPermissionType: "ImplicitDeny",
    });
    for (const imageId of [unvetted, staging, lookalike]) expect(await instancesFrom(imageId)).toBe(0);
  });

  it("explains the refusal through DecodeDiagnosticMessage: the image, its tags, no allowing statement", async () => {
    const untagged = await sdkError(runInstances(developer, unvetted));
    const wrongTag = await sdkError(runInstances(developer, staging));
    const decode = async (err: typeof untagged) =>
      (
        await t.ram(developer).decodeDiagnosticMessage(
          new RamModule.DecodeDiagnosticMessageRequest({
            encodedDiagnosticMessage: String(err.accessDeniedDetail?.["EncodedDiagnosticMessage"]),
          }),
        )
      ).body?.decodedDiagnosticMessage;

    const [forUntagged, forWrongTag] = [await decode(untagged), await decode(wrongTag)];
    // pop-core reads the raw body, which also carries the whole decision (absent keys included).
    const raw = (await t
      .popCore("ram", developer)
      .request(
        "DecodeDiagnosticMessage",
        { EncodedDiagnosticMessage: String(untagged.accessDeniedDetail?.["EncodedDiagnosticMessage"]) },
        { method: "POST" },
      )) as { Decision: string };

    expect(forUntagged).toMatchObject({
      authAction: "ecs:RunInstances",
      explicitDeny: false,
      noPermissionPolicyType: "AccountLevelIdentityBasedPolicy",
      matchedPolicies: [],
      authPrincipal: { authPrincipalType: "SubUser", authPrincipalDisplayName: "developer" },
    });
    expect(forUntagged?.authResource?.split(",")).toContain(imageArn(unvetted));
    expect(forWrongTag?.authResource?.split(",")).toContain(imageArn(staging));
    expect(forWrongTag?.authConditions).toEqual(
      expect.arrayContaining([
        {
          conditionKey: expect.stringMatching(/^acs:resourcetag\/environment$/i),
          conditionValues: ["staging"],
        },
        { conditionKey: expect.stringMatching(/^ecs:imagesource$/i), conditionValues: ["Self"] },
      ]),
    );
    expect(JSON.parse(raw.Decision)).toMatchObject({
      result: "ImplicitDeny",
      principal: { type: "RamUser", arn: `acs:ram::${accountId}:user/developer` },
      request: { action: "ecs:RunInstances" },
      decidedBy: { policyType: "AccountLevelIdentityBasedPolicy" },
      absentKeys: [expect.stringMatching(/^acs:resourcetag\/environment$/i)],
    });
  });

  it("lets ReplaceSystemDisk use a golden image only, on a stopped instance", async () => {
    const instanceId = await launch(t, developer, goldenWeb, securityGroup);
    // Stopped first, so that the only thing wrong with the refused request is its image.
    await t.ecs(security).stopInstance(new EcsModule.StopInstanceRequest({ instanceId }));
    expect((await instanceOf(developer, instanceId))?.status).toBe("Stopped");

    const refused = await sdkError(
      t
        .ecs(developer)
        .replaceSystemDisk(new EcsModule.ReplaceSystemDiskRequest({ instanceId, imageId: unvetted })),
    );
    expect([refused.statusCode, refused.code]).toEqual([403, "Forbidden.RAM"]);
    expect(refused.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:ReplaceSystemDisk",
      NoPermissionType: "ImplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
    });
    expect((await instanceOf(developer, instanceId))?.imageId).toBe(goldenWeb);

    const replaced = await t
      .ecs(developer)
      .replaceSystemDisk(new EcsModule.ReplaceSystemDiskRequest({ instanceId, imageId: goldenDb }));

    expect(replaced.body?.diskId).toMatch(/^d-/);
    expect((await instanceOf(developer, instanceId))?.imageId).toBe(goldenDb);
  });
});

describe("4. the brief's RAM policy locks the tags of images", () => {
  it("refuses ecs:TagResources and ecs:UntagResources on an image with an explicit deny (V3 and V1)", async () => {
    const tagging = await sdkError(
      t.ecs(developer).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [unvetted],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "production" })],
        }),
      ),
    );
    const untagging = await sdkError(
      t.ecs(developer).untagResources(
        new EcsModule.UntagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [goldenWeb],
          tagKey: ["environment"],
        }),
      ),
    );
    const v1 = await popError(
      t.popCore("ecs", developer).request(
        "TagResources",
        {
          RegionId: REGION,
          ResourceType: "image",
          "ResourceId.1": staging,
          "Tag.1.Key": "environment",
          "Tag.1.Value": "production",
        },
        { method: "POST" },
      ),
    );

    for (const [err, action] of [
      [tagging, "ecs:TagResources"],
      [untagging, "ecs:UntagResources"],
    ] as const) {
      expect([err.statusCode, err.code]).toEqual([403, "Forbidden.RAM"]);
      expect(err.accessDeniedDetail).toMatchObject({
        AuthAction: action,
        NoPermissionType: "ExplicitDeny",
        PolicyType: "AccountLevelIdentityBasedPolicy",
      });
    }
    expect(v1.code).toBe("Forbidden.RAM");
    expect(v1.data["AccessDeniedDetail"]).toMatchObject({
      AuthAction: "ecs:TagResources",
      NoPermissionType: "ExplicitDeny",
    });
    expect(await imageTags(t, security, unvetted)).toEqual({});
    expect(await imageTags(t, security, goldenWeb)).toEqual(GOLDEN_TAGS);
    expect(await imageTags(t, security, staging)).toEqual({ ...GOLDEN_TAGS, environment: "staging" });

    const decoded = (
      await t.ram(developer).decodeDiagnosticMessage(
        new RamModule.DecodeDiagnosticMessageRequest({
          encodedDiagnosticMessage: String(tagging.accessDeniedDetail?.["EncodedDiagnosticMessage"]),
        }),
      )
    ).body?.decodedDiagnosticMessage;
    expect(decoded).toMatchObject({ authAction: "ecs:TagResources", explicitDeny: true });
    expect(decoded?.authResource).toBe(imageArn(unvetted));
    expect(decoded?.matchedPolicies).toEqual([
      expect.objectContaining({ policyIdentifier: "GoldenImagesOnly", policyType: "Custom", effect: "Deny" }),
    ]);
  });

  it("leaves the security team, whom the policy is not attached to, free to tag", async () => {
    await t.ecs(security).tagResources(
      new EcsModule.TagResourcesRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: [staging],
        tag: [new EcsModule.TagResourcesRequestTag({ key: "reviewed-by", value: "security" })],
      }),
    );

    expect(await imageTags(t, security, staging)).toMatchObject({ "reviewed-by": "security" });
  });
});

describe("5. a member account under a Deny-form control policy on its folder", () => {
  let member: string;
  let folder: string;
  /** A management-account RAM user allowed to assume the members' ResourceDirectoryAccountAccessRole. */
  let cloudAdmin: User;
  let memberGroup: string;
  const asMemberAdmin = async () => ({
    ...(await assumeAccessRole(t, cloudAdmin, member)),
    accountId: member,
  });

  beforeAll(async () => {
    await enableDirectory(t);
    folder = await createFolder(t, "Production");
    member = await createAccount(t, "shop", folder);
    await t.rm().enableControlPolicy();
    const policyId = await createControlPolicy(
      t,
      "DenyUntaggedImages",
      policyFixture("deny-untagged-images.json"),
    );
    await attach(t, policyId, folder);
    cloudAdmin = await ramUser(t, "cloud-admin", {
      AssumeMemberAccessRole: policyDoc(
        allow("sts:AssumeRole", "acs:ram::*:role/resourcedirectoryaccountaccessrole"),
      ),
    });
    await t.ecs(security).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: goldenWeb,
        addAccount: [member],
      }),
    );
    await t.ecs(security).modifyImageSharePermission(
      new EcsModule.ModifyImageSharePermissionRequest({
        regionId: REGION,
        imageId: unvetted,
        addAccount: [member],
      }),
    );
    memberGroup = await defaultSecurityGroup(t, await asMemberAdmin());
  });

  it("refuses AssumeRole to the management account's root identity, as Alibaba does", async () => {
    const err = await sdkError(
      t
        .sts()
        .assumeRole(
          new StsModule.AssumeRoleRequest({ roleArn: accessRoleArn(member), roleSessionName: "root-try" }),
        ),
    );

    expect([err.statusCode, err.code]).toEqual([403, "NoPermission"]);
    expect(String(err.data["Message"])).toMatch(/root account/i);
  });

  it("gives the management account's RAM user a session in the member account", async () => {
    const session = await asMemberAdmin();

    const identity = (await t.sts(session).getCallerIdentity()).body;

    expect(identity).toMatchObject({ accountId: member, identityType: "AssumedRoleUser" });
    // Alibaba spells role names in ARNs in lower case in some places and as created in others.
    expect(identity?.arn).toMatch(
      new RegExp(`^acs:ram::${member}:assumed-role/resourcedirectoryaccountaccessrole/ops$`, "i"),
    );
  });

  it("refuses the member's administrator a launch from an untagged image: explicit deny by the control policy", async () => {
    const session = await asMemberAdmin();

    const errors = [
      await sdkError(runInstances(session, UBUNTU, memberGroup)),
      await sdkError(runInstances(session, unvetted, memberGroup)),
    ];
    const v1 = await popError(
      t
        .popCore("ecs", session)
        .request(
          "RunInstances",
          { RegionId: REGION, ImageId: unvetted, InstanceType: INSTANCE_TYPE, SecurityGroupId: memberGroup },
          { method: "POST" },
        ),
    );

    for (const err of errors) {
      expect([err.statusCode, err.code]).toEqual([403, "Forbidden.RAM"]);
      expect(err.accessDeniedDetail).toMatchObject({
        AuthAction: "ecs:RunInstances",
        AuthPrincipalType: "AssumedRoleUser",
        AuthPrincipalOwnerId: member,
        NoPermissionType: "ExplicitDeny",
        PolicyType: "ControlPolicy",
      });
    }
    expect(v1.code).toBe("Forbidden.RAM");
    expect(v1.data["AccessDeniedDetail"]).toMatchObject({
      NoPermissionType: "ExplicitDeny",
      PolicyType: "ControlPolicy",
    });
    const decoded = (
      await t.ram(session).decodeDiagnosticMessage(
        new RamModule.DecodeDiagnosticMessageRequest({
          encodedDiagnosticMessage: String(errors[1]?.accessDeniedDetail?.["EncodedDiagnosticMessage"]),
        }),
      )
    ).body?.decodedDiagnosticMessage;
    expect(decoded).toMatchObject({ explicitDeny: true, noPermissionPolicyType: "ControlPolicy" });
    expect(decoded?.authResource?.split(",")).toContain(imageArn(unvetted));
    expect(decoded?.matchedPolicies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          policyIdentifier: "DenyUntaggedImages",
          effect: "Deny",
          attachedScope: folder,
        }),
      ]),
    );
  });

  it("lets the same administrator find and launch the golden image shared with it (V3 and V1)", async () => {
    const session = await asMemberAdmin();

    const found = (
      await t.ecs(session).describeImages(
        new EcsModule.DescribeImagesRequest({
          regionId: REGION,
          imageOwnerAlias: "others",
          tag: GOLDEN_FILTER,
        }),
      )
    ).body;
    const instanceId = await launch(t, session, goldenWeb, memberGroup);
    const created = (await t
      .popCore("ecs", session)
      .request(
        "CreateInstance",
        { RegionId: REGION, ImageId: goldenWeb, InstanceType: INSTANCE_TYPE, SecurityGroupId: memberGroup },
        { method: "POST" },
      )) as { InstanceId: string };

    expect(found?.images?.image?.map((image) => [image.imageId, image.imageOwnerAlias])).toEqual([
      [goldenWeb, "others"],
    ]);
    expect(await instanceOf(session, instanceId)).toMatchObject({ imageId: goldenWeb });
    expect(await instanceOf(session, created.InstanceId)).toMatchObject({ imageId: goldenWeb });
  });
});

describe("6. the brief's policy has bypasses, real on the local cloud (the guardrail closes them)", () => {
  /** The brief's RAM policy plus a broad grant on tags and images. */
  let releaseEngineer: User;
  let candidates: string[];

  beforeAll(async () => {
    releaseEngineer = await ramUser(t, "release-engineer", {
      BroadTagging: policyDoc(allow(["ecs:*Tag*", "ecs:CreateImage", "ecs:Describe*", "tag:*"])),
    });
    await t.ram().attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({
        policyName: "GoldenImagesOnly",
        policyType: "Custom",
        userName: "release-engineer",
      }),
    );
    candidates = [
      await createImage(t, security, builder, "candidate-one"),
      await createImage(t, security, builder, "candidate-two"),
    ];
  });

  it("still refuses ecs:TagResources on an image: the brief's Deny beats the broad Allow", async () => {
    const err = await sdkError(
      t.ecs(releaseEngineer).tagResources(
        new EcsModule.TagResourcesRequest({
          regionId: REGION,
          resourceType: "image",
          resourceId: [candidates[0]!],
          tag: [new EcsModule.TagResourcesRequestTag({ key: "environment", value: "production" })],
        }),
      ),
    );

    expect(err.accessDeniedDetail).toMatchObject({
      AuthAction: "ecs:TagResources",
      NoPermissionType: "ExplicitDeny",
    });
    expect(await imageTags(t, security, candidates[0]!)).toEqual({});
  });

  it("lets ecs:AddTags put environment: production on an untagged image, which the developer then launches", async () => {
    const imageId = candidates[0]!;
    expect((await sdkError(runInstances(developer, imageId))).code).toBe("Forbidden.RAM");

    await t.ecs(releaseEngineer).addTags(
      new EcsModule.AddTagsRequest({
        regionId: REGION,
        resourceType: "image",
        resourceId: imageId,
        tag: [new EcsModule.AddTagsRequestTag({ key: "environment", value: "production" })],
      }),
    );

    expect(await imageTags(t, security, imageId)).toEqual({ environment: "production" });
    expect(await instanceOf(developer, await launch(t, developer, imageId, securityGroup))).toMatchObject({
      imageId,
    });
  });

  it("lets the Tag service's TagResources do the same", async () => {
    const imageId = candidates[1]!;
    expect((await sdkError(runInstances(developer, imageId))).code).toBe("Forbidden.RAM");

    const tagged = await t.tag(releaseEngineer).tagResources(
      new TagModule.TagResourcesRequest({
        regionId: REGION,
        resourceARN: [imageArn(imageId)],
        tags: JSON.stringify({ environment: "production" }),
      }),
    );

    expect(tagged.body?.failedResources).toBeUndefined();
    expect(await imageTags(t, security, imageId)).toEqual({ environment: "production" });
    expect(await instanceOf(developer, await launch(t, developer, imageId, securityGroup))).toMatchObject({
      imageId,
    });
  });

  it("lets CreateImage make an image born with environment: production (V1, pop-core)", async () => {
    const created = (await t.popCore("ecs", releaseEngineer).request(
      "CreateImage",
      {
        RegionId: REGION,
        InstanceId: builder,
        ImageName: "born-production",
        "Tag.1.Key": "environment",
        "Tag.1.Value": "production",
      },
      { method: "POST" },
    )) as { ImageId: string };

    expect(await imageTags(t, security, created.ImageId)).toEqual({ environment: "production" });
    expect(
      await instanceOf(developer, await launch(t, developer, created.ImageId, securityGroup)),
    ).toMatchObject({
      imageId: created.ImageId,
    });
  });
});
