import { describe, expect, it } from "vitest";
import { catalogEntries, deriveChecks, findAction, findApiAction } from "../../src/catalog/index.js";
import type {
  DeriveInput,
  ImageFacts,
  ResourceFacts,
  ResourceLookup,
  ResourceRef,
} from "../../src/catalog/index.js";
import { evaluatePolicy, parsePolicy } from "../../src/policy/index.js";
import type { AuthRequest, NamedPolicy } from "../../src/policy/index.js";

const ME = "1234567890123456";
const OTHER = "6543210987654321";

// A small world: resources by `service/type/id`, images by id and family, RD paths by node id.
const images: Record<string, ImageFacts> = {
  "m-golden": {
    imageId: "m-golden",
    regionId: "cn-hangzhou",
    ownerId: ME,
    source: "Self",
    platform: "CentOS",
    tags: { environment: "production" },
  },
  "m-plain": {
    imageId: "m-plain",
    regionId: "cn-hangzhou",
    ownerId: ME,
    source: "Self",
    platform: "Ubuntu",
    tags: {},
  },
  "m-shared": {
    imageId: "m-shared",
    regionId: "cn-hangzhou",
    ownerId: OTHER,
    source: "Others",
    platform: "CentOS",
    tags: { environment: "production" },
  },
  centos_7_9_x64: {
    imageId: "centos_7_9_x64",
    regionId: "cn-hangzhou",
    ownerId: "",
    source: "System",
    platform: "CentOS",
    tags: {},
  },
};
const resources: Record<string, ResourceFacts> = {
  "ecs/instance/i-web": {
    regionId: "cn-shanghai",
    ownerId: ME,
    tags: { team: "web" },
    instanceType: "ecs.g7.large",
  },
  "ecs/instance/i-db": { regionId: "cn-hangzhou", ownerId: ME, tags: { team: "db" } },
  "ecs/snapshot/s-1": { regionId: "cn-hangzhou", ownerId: ME, tags: { backup: "daily" } },
  // Images are resources too (DescribeImages, DeleteImage, TagResources name them by id).
  ...Object.fromEntries(Object.values(images).map((image) => [`ecs/image/${image.imageId}`, image])),
};
const families: Record<string, string> = { "golden-family": "m-golden" };
const arns: Record<string, ResourceFacts> = {
  "acs:ecs:cn-hangzhou:1234567890123456:image/m-golden": {
    regionId: "cn-hangzhou",
    ownerId: ME,
    tags: { environment: "production" },
  },
};
const rdPaths: Record<string, string> = {
  "r-root": "rd-1/r-root",
  "fd-dev": "rd-1/r-root/fd-dev",
  [OTHER]: "rd-1/r-root/fd-dev/6543210987654321",
};

const asked: ResourceRef[] = [];
const world: ResourceLookup = {
  resource(ref) {
    asked.push(ref);
    if (ref.by === "arn") return arns[ref.arn];
    const found = resources[`${ref.service}/${ref.type}/${ref.id}`];
    if (found === undefined) return undefined;
    // A lookup that names a region only finds resources in it.
    return ref.regionId === undefined || ref.regionId === found.regionId ? found : undefined;
  },
  image({ imageId, imageFamily }) {
    const id = imageId ?? (imageFamily === undefined ? undefined : families[imageFamily]);
    return id === undefined ? undefined : images[id];
  },
  rdPath(nodeId) {
    return rdPaths[nodeId ?? "r-root"];
  },
};

function checksFor(
  ramAction: string,
  params: Record<string, string>,
  extra: Partial<DeriveInput> = {},
): readonly AuthRequest[] {
  const entry = findAction(ramAction);
  if (entry === undefined) throw new Error(`no entry ${ramAction}`);
  return deriveChecks(entry, { params, accountId: ME, regionId: "cn-beijing", ...extra }, world);
}

describe("image-consuming actions make one check over instance, image and network resources", () => {
  it("RunInstances: one check, the image's tags and attributes, the request's own tags", () => {
    // Given a launch naming an image, a security group, a vSwitch, a key pair and a tag
    // When its checks are derived
    const checks = checksFor("ecs:RunInstances", {
      RegionId: "cn-hangzhou",
      ImageId: "m-golden",
      InstanceType: "ecs.g7.large",
      SecurityGroupId: "sg-1",
      VSwitchId: "vsw-1",
      KeyPairName: "ops",
      "Tag.1.Key": "owner",
      "Tag.1.Value": "alice",
    });
    // Then there is exactly one check whose resource set names all of them
    expect(checks).toHaveLength(1);
    expect(checks[0]?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:image/m-golden`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-1`,
      `acs:vpc:cn-hangzhou:${ME}:vswitch/vsw-1`,
      `acs:ecs:cn-hangzhou:${ME}:keypair/ops`,
    ]);
    // And the context carries the image's tags, not the instance's
    expect(checks[0]?.context).toEqual({
      "acs:resourcetag/environment": "production",
      "ecs:imageownerid": ME,
      "ecs:imagesource": "Self",
      "ecs:imageplatform": "CentOS",
      "ecs:instancetype": "ecs.g7.large",
      "acs:requesttag/owner": "alice",
      "acs:tagkeys": ["owner"],
    });
  });

  it("RunInstances with an Alibaba image: empty account segment, no owner key, source System", () => {
    const [check] = checksFor("ecs:RunInstances", {
      RegionId: "cn-hangzhou",
      ImageId: "centos_7_9_x64",
      InstanceType: "ecs.t6",
    });
    expect(check?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      "acs:ecs:cn-hangzhou::image/centos_7_9_x64",
    ]);
    expect(check?.context["ecs:imagesource"]).toBe("System");
    expect(check?.context["ecs:imageownerid"]).toBeUndefined();
    expect(Object.keys(check?.context ?? {}).filter((key) => key.startsWith("acs:resourcetag/"))).toEqual([]);
  });

  it("RunInstances with a shared image names the sharer's account", () => {
    const [check] = checksFor("ecs:RunInstances", { RegionId: "cn-hangzhou", ImageId: "m-shared" });
    expect(check?.resources).toContain(`acs:ecs:cn-hangzhou:${OTHER}:image/m-shared`);
    expect(check?.context["ecs:imagesource"]).toBe("Others");
    expect(check?.context["ecs:imageownerid"]).toBe(OTHER);
  });

  it("RunInstances with an image family checks the image the family resolves to", () => {
    const [check] = checksFor("ecs:RunInstances", { RegionId: "cn-hangzhou", ImageFamily: "golden-family" });
    expect(check?.resources).toContain(`acs:ecs:cn-hangzhou:${ME}:image/m-golden`);
    expect(check?.context["acs:resourcetag/environment"]).toBe("production");
  });

  it("RunInstances with several security groups names each of them", () => {
    const [check] = checksFor("ecs:RunInstances", {
      RegionId: "cn-hangzhou",
      ImageId: "m-plain",
      "SecurityGroupIds.1": "sg-a",
      "SecurityGroupIds.2": "sg-b",
    });
    expect(check?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:image/m-plain`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-a`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-b`,
    ]);
  });

  it("RunInstances names the security groups of a JSON `SecurityGroupIds` too, as the cloud accepts it", () => {
    // Given the same groups sent as one JSON array instead of SecurityGroupIds.N
    const [check] = checksFor("ecs:RunInstances", {
      RegionId: "cn-hangzhou",
      ImageId: "m-plain",
      SecurityGroupIds: JSON.stringify(["sg-a", "sg-b"]),
    });
    // Then the check names each of them, as for the flattened form
    expect(check?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:image/m-plain`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-a`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-b`,
    ]);
  });

  it("CreateInstance: the same single check", () => {
    const checks = checksFor("ecs:CreateInstance", {
      RegionId: "cn-hangzhou",
      ImageId: "m-golden",
      SecurityGroupId: "sg-1",
    });
    expect(checks).toHaveLength(1);
    expect(checks[0]?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:image/m-golden`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-1`,
    ]);
  });

  it("ReplaceSystemDisk: no RegionId, so the instance's region; the instance's type", () => {
    const checks = checksFor("ecs:ReplaceSystemDisk", { InstanceId: "i-web", ImageId: "m-golden" });
    expect(checks).toHaveLength(1);
    expect(checks[0]?.resources).toEqual([
      `acs:ecs:cn-shanghai:${ME}:instance/i-web`,
      `acs:ecs:cn-shanghai:${ME}:image/m-golden`,
    ]);
    expect(checks[0]?.context["ecs:instancetype"]).toBe("ecs.g7.large");
    expect(checks[0]?.context["acs:resourcetag/environment"]).toBe("production");
    expect(checks[0]?.context["acs:resourcetag/team"]).toBeUndefined();
  });
});

describe("tag-mutating actions make one check per target", () => {
  it("ecs:TagResources on two resources: each with its own current tags, both with the tags being set", () => {
    const checks = checksFor("ecs:TagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "image",
      "ResourceId.1": "m-golden",
      "ResourceId.2": "m-plain",
      "Tag.1.Key": "environment",
      "Tag.1.Value": "production",
    });
    expect(checks.map((check) => check.resources)).toEqual([
      [`acs:ecs:cn-hangzhou:${ME}:image/m-golden`],
      [`acs:ecs:cn-hangzhou:${ME}:image/m-plain`],
    ]);
    expect(checks[0]?.context).toEqual({
      "acs:resourcetag/environment": "production",
      "acs:requesttag/environment": "production",
      "acs:tagkeys": ["environment"],
    });
    expect(checks[1]?.context).toEqual({
      "acs:requesttag/environment": "production",
      "acs:tagkeys": ["environment"],
    });
  });

  it("ecs:UntagResources with All=true removes, and so names, every current key", () => {
    const [check] = checksFor("ecs:UntagResources", {
      RegionId: "cn-hangzhou",
      ResourceType: "instance",
      "ResourceId.1": "i-db",
      All: "true",
    });
    expect(check?.context["acs:tagkeys"]).toEqual(["team"]);
    expect(check?.context["acs:resourcetag/team"]).toBe("db");
  });

  it("ecs:RemoveTags names the keys of the Tag pairs it removes", () => {
    const [check] = checksFor("ecs:RemoveTags", {
      RegionId: "cn-hangzhou",
      ResourceType: "image",
      ResourceId: "m-golden",
      "Tag.1.Key": "environment",
    });
    expect(check?.resources).toEqual([`acs:ecs:cn-hangzhou:${ME}:image/m-golden`]);
    expect(check?.context["acs:tagkeys"]).toEqual(["environment"]);
    expect(check?.context["acs:requesttag/environment"]).toBeUndefined();
  });

  it("tag:TagResources names the target by ARN and reads the JSON Tags map", () => {
    const target = `acs:ecs:cn-hangzhou:${ME}:image/m-golden`;
    const checks = checksFor("tag:TagResources", {
      RegionId: "cn-hangzhou",
      "ResourceARN.1": target,
      Tags: JSON.stringify({ environment: "production", owner: "bob" }),
    });
    expect(checks).toHaveLength(1);
    expect(checks[0]?.resources).toEqual([target]);
    expect(checks[0]?.context).toEqual({
      "acs:resourcetag/environment": "production",
      "acs:requesttag/environment": "production",
      "acs:requesttag/owner": "bob",
      "acs:tagkeys": ["environment", "owner"],
    });
  });

  it("tag:UntagResources reads TagKey.N", () => {
    const [check] = checksFor("tag:UntagResources", {
      RegionId: "cn-hangzhou",
      "ResourceARN.1": `acs:ecs:cn-hangzhou:${ME}:image/m-golden`,
      "TagKey.1": "environment",
    });
    expect(check?.context["acs:tagkeys"]).toEqual(["environment"]);
  });
});

describe("image-producing actions check the new image with the request's tags", () => {
  it("CreateImage from an instance: image/* and the source instance, each with the request's tags", () => {
    const checks = checksFor("ecs:CreateImage", {
      RegionId: "cn-hangzhou",
      InstanceId: "i-db",
      "Tag.1.Key": "environment",
      "Tag.1.Value": "production",
    });
    expect(checks.map((check) => check.resources)).toEqual([
      [`acs:ecs:cn-hangzhou:${ME}:image/*`],
      [`acs:ecs:cn-hangzhou:${ME}:instance/i-db`],
    ]);
    expect(checks[0]?.context).toEqual({
      "acs:requesttag/environment": "production",
      "acs:tagkeys": ["environment"],
    });
    expect(checks[1]?.context["acs:resourcetag/team"]).toBe("db");
    expect(checks[1]?.context["acs:requesttag/environment"]).toBe("production");
  });

  it("CopyImage: the new image in the destination region, the source image in its own", () => {
    const checks = checksFor("ecs:CopyImage", {
      RegionId: "cn-hangzhou",
      ImageId: "m-golden",
      DestinationRegionId: "cn-beijing",
    });
    expect(checks.map((check) => check.resources[0])).toEqual([
      `acs:ecs:cn-beijing:${ME}:image/*`,
      `acs:ecs:cn-hangzhou:${ME}:image/m-golden`,
    ]);
  });

  it("ImportImage: image/* only", () => {
    const checks = checksFor("ecs:ImportImage", {
      RegionId: "cn-hangzhou",
      "Tag.1.Key": "k",
      "Tag.1.Value": "v",
    });
    expect(checks).toEqual([
      {
        action: "ecs:ImportImage",
        resources: [`acs:ecs:cn-hangzhou:${ME}:image/*`],
        context: { "acs:requesttag/k": "v", "acs:tagkeys": ["k"] },
      },
    ]);
  });
});

describe("list and ordinary actions", () => {
  it("DescribeImages: one check on image/* plus the images filtered on, no resource tags", () => {
    const checks = checksFor("ecs:DescribeImages", {
      RegionId: "cn-hangzhou",
      ImageId: "m-golden,centos_7_9_x64",
    });
    expect(checks).toEqual([
      {
        action: "ecs:DescribeImages",
        resources: [
          `acs:ecs:cn-hangzhou:${ME}:image/*`,
          `acs:ecs:cn-hangzhou:${ME}:image/m-golden`,
          "acs:ecs:cn-hangzhou::image/centos_7_9_x64",
        ],
        context: {},
      },
    ]);
  });

  it("DescribeInstances reads the InstanceIds JSON array", () => {
    const [check] = checksFor("ecs:DescribeInstances", { RegionId: "cn-hangzhou", InstanceIds: '["i-db"]' });
    expect(check?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:instance/i-db`,
    ]);
  });

  it("DescribeInstances reads InstanceIds.N too, as the cloud accepts it", () => {
    const [check] = checksFor("ecs:DescribeInstances", {
      RegionId: "cn-hangzhou",
      "InstanceIds.1": "i-db",
      "InstanceIds.2": "i-other",
    });
    expect(check?.resources).toEqual([
      `acs:ecs:cn-hangzhou:${ME}:instance/*`,
      `acs:ecs:cn-hangzhou:${ME}:instance/i-db`,
      `acs:ecs:cn-hangzhou:${ME}:instance/i-other`,
    ]);
  });

  it("DescribeSecurityGroups reads SecurityGroupIds as a JSON array or as SecurityGroupIds.N", () => {
    const expected = [
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/*`,
      `acs:ecs:cn-hangzhou:${ME}:securitygroup/sg-a`,
    ];
    const asJson = checksFor("ecs:DescribeSecurityGroups", {
      RegionId: "cn-hangzhou",
      SecurityGroupIds: '["sg-a"]',
    });
    const flattened = checksFor("ecs:DescribeSecurityGroups", {
      RegionId: "cn-hangzhou",
      "SecurityGroupIds.1": "sg-a",
    });
    expect(asJson[0]?.resources).toEqual(expected);
    expect(flattened[0]?.resources).toEqual(expected);
  });

  it("DescribeRegions checks *", () => {
    expect(checksFor("ecs:DescribeRegions", {})).toEqual([
      { action: "ecs:DescribeRegions", resources: ["*"], context: {} },
    ]);
  });

  it("StartInstance: the instance's region comes from the instance, its tags from the instance", () => {
    // Given a request with no RegionId sent to another region's endpoint
    const checks = checksFor("ecs:StartInstance", { InstanceId: "i-web" });
    // Then the check names the instance where it is
    expect(checks).toEqual([
      {
        action: "ecs:StartInstance",
        resources: [`acs:ecs:cn-shanghai:${ME}:instance/i-web`],
        context: { "acs:resourcetag/team": "web" },
      },
    ]);
  });

  it("an instance that does not exist is named in the request's region, untagged", () => {
    const checks = checksFor("ecs:DeleteInstance", { InstanceId: "i-gone" });
    expect(checks).toEqual([
      { action: "ecs:DeleteInstance", resources: [`acs:ecs:cn-beijing:${ME}:instance/i-gone`], context: {} },
    ]);
  });

  it("sts:GetCallerIdentity and ecs:CreateTags make no check", () => {
    expect(checksFor("sts:GetCallerIdentity", {})).toEqual([]);
    expect(checksFor("ecs:CreateTags", {})).toEqual([]);
  });

  it("sts:AssumeRole checks the role ARN as sent", () => {
    const role = `acs:ram::${OTHER}:role/admin`;
    expect(checksFor("sts:AssumeRole", { RoleArn: role, RoleSessionName: "s" })).toEqual([
      { action: "sts:AssumeRole", resources: [role], context: {} },
    ]);
  });
  it("sts:AssumeRole checks the role's ARN with the name in lower case, however the request spells it", () => {
    // RAM writes role ARNs in lower case and STS finds the role in any case: the check must name
    // the ARN the role has, or a Deny written on it would not stop `role/AdminRole`.
    expect(
      checksFor("sts:AssumeRole", { RoleArn: `acs:ram::${OTHER}:role/AdminRole`, RoleSessionName: "s" }),
    ).toEqual([{ action: "sts:AssumeRole", resources: [`acs:ram::${OTHER}:role/adminrole`], context: {} }]);
  });
});

describe("RAM and Resource Directory", () => {
  it("AttachPolicyToUser: the policy and the user are two checks; a system policy lives under `system`", () => {
    const system = checksFor("ram:AttachPolicyToUser", {
      PolicyType: "System",
      PolicyName: "AdministratorAccess",
      UserName: "alice",
    });
    expect(system.map((check) => check.resources[0])).toEqual([
      "acs:ram::system:policy/AdministratorAccess",
      `acs:ram::${ME}:user/alice`,
    ]);
    const custom = checksFor("ram:AttachPolicyToUser", {
      PolicyType: "Custom",
      PolicyName: "golden",
      UserName: "alice",
    });
    expect(custom.map((check) => check.resources[0])).toEqual([
      `acs:ram::${ME}:policy/golden`,
      `acs:ram::${ME}:user/alice`,
    ]);
  });

  // Every RAM action that names a role by RoleName, so an action added later is covered too.
  const roleActions = catalogEntries.filter((entry) =>
    entry.resources.some((template) =>
      Object.values(template.bindings).some(
        (binding) => binding.from === "param" && binding.param === "RoleName",
      ),
    ),
  );

  it("the actions naming a role by RoleName are the ones expected", () => {
    expect(roleActions.map((entry) => entry.ramAction).sort()).toEqual([
      "ram:AttachPolicyToRole",
      "ram:CreateRole",
      "ram:DeleteRole",
      "ram:DetachPolicyFromRole",
      "ram:GetRole",
      "ram:ListPoliciesForRole",
      "ram:UpdateRole",
    ]);
  });

  it.each(roleActions.map((entry) => [entry.ramAction] as const))(
    "%s checks the role's ARN, the name in lower case as RAM writes it",
    (ramAction) => {
      // Given a request naming the role in mixed case
      const checks = checksFor(ramAction, {
        RoleName: "PipelineRole",
        PolicyType: "System",
        PolicyName: "AdministratorAccess",
      });
      // Then the role's check names `role/pipelinerole`, the ARN CreateRole and GetRole return
      const roleArns = checks.flatMap((check) => check.resources).filter((arn) => arn.includes(":role/"));
      expect(roleArns).toEqual([`acs:ram::${ME}:role/pipelinerole`]);
    },
  );

  it("users, groups and policies keep the case of their names, as their ARNs do", () => {
    const checks = [
      ...checksFor("ram:AddUserToGroup", { UserName: "Alice", GroupName: "Ops" }),
      ...checksFor("ram:GetPolicy", { PolicyType: "Custom", PolicyName: "Golden" }),
    ];
    expect(checks.map((check) => check.resources[0])).toEqual([
      `acs:ram::${ME}:user/Alice`,
      `acs:ram::${ME}:group/Ops`,
      `acs:ram::${ME}:policy/Golden`,
    ]);
  });

  it("CreateAccessKey without UserName is about the caller's own user", () => {
    expect(checksFor("ram:CreateAccessKey", {}, { callerUserName: "bob" })[0]?.resources).toEqual([
      `acs:ram::${ME}:user/bob`,
    ]);
    expect(
      checksFor("ram:CreateAccessKey", { UserName: "carol" }, { callerUserName: "bob" })[0]?.resources,
    ).toEqual([`acs:ram::${ME}:user/carol`]);
  });

  it("CreateRole reads RAM's JSON Tag list", () => {
    const [check] = checksFor("ram:CreateRole", {
      RoleName: "Pipeline-r",
      Tag: JSON.stringify([{ Key: "team", Value: "sec" }]),
    });
    expect(check).toEqual({
      action: "ram:CreateRole",
      resources: [`acs:ram::${ME}:role/pipeline-r`],
      context: { "acs:requesttag/team": "sec", "acs:tagkeys": ["team"] },
    });
  });

  it("AttachControlPolicy names the policy and the folder or member account by its directory path", () => {
    const toFolder = checksFor("resourcemanager:AttachControlPolicy", {
      PolicyId: "cp-1",
      TargetId: "fd-dev",
    });
    expect(toFolder.map((check) => check.resources[0])).toEqual([
      `acs:resourcemanager::${ME}:policy/controlpolicy/cp-1`,
      `acs:resourcemanager::${ME}:folder/rd-1/r-root/fd-dev`,
    ]);
    const toAccount = checksFor("resourcemanager:AttachControlPolicy", { PolicyId: "cp-1", TargetId: OTHER });
    expect(toAccount[1]?.resources).toEqual([
      `acs:resourcemanager::${ME}:account/rd-1/r-root/fd-dev/${OTHER}`,
    ]);
  });

  it("CreateFolder without a parent checks the Root folder", () => {
    expect(checksFor("resourcemanager:CreateFolder", { FolderName: "x" })[0]?.resources).toEqual([
      `acs:resourcemanager::${ME}:folder/rd-1/r-root`,
    ]);
  });
});

describe("the checks decide the seed's policy as the seed says (with the policy engine)", () => {
  const seed = {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ecs:CreateInstance", "ecs:RunInstances", "ecs:ReplaceSystemDisk"],
        Resource: "*",
        Condition: { StringEquals: { "acs:ResourceTag/environment": "production" } },
      },
      {
        Effect: "Deny",
        Action: ["ecs:DeleteTags", "ecs:UntagResources", "ecs:CreateTags", "ecs:TagResources"],
        Resource: "acs:ecs:*:*:image/*",
      },
      // A broad grant next to the seed's, as a real account has: it shows what the Deny does not cover.
      { Effect: "Allow", Action: ["ecs:AddTags", "ecs:TagResources", "tag:TagResources"], Resource: "*" },
    ],
  };
  const parsed = parsePolicy(JSON.stringify(seed), "ram");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const named: NamedPolicy = { name: "seed", policy: parsed.policy };
  const decide = (ramAction: string, params: Record<string, string>) =>
    checksFor(ramAction, params).map((check) => evaluatePolicy(named, check).result);

  it("launching from the production image is allowed, from an untagged one is not", () => {
    expect(decide("ecs:RunInstances", { RegionId: "cn-hangzhou", ImageId: "m-golden" })).toEqual(["Allow"]);
    expect(decide("ecs:RunInstances", { RegionId: "cn-hangzhou", ImageId: "m-plain" })).toEqual([
      "ImplicitDeny",
    ]);
    expect(decide("ecs:ReplaceSystemDisk", { InstanceId: "i-web", ImageId: "centos_7_9_x64" })).toEqual([
      "ImplicitDeny",
    ]);
  });

  it("tagging an image through ecs:TagResources is denied, through AddTags or the Tag service it is not", () => {
    const tagImage = {
      RegionId: "cn-hangzhou",
      ResourceType: "image",
      "Tag.1.Key": "environment",
      "Tag.1.Value": "production",
    };
    expect(decide("ecs:TagResources", { ...tagImage, "ResourceId.1": "m-plain" })).toEqual(["ExplicitDeny"]);
    expect(decide("ecs:AddTags", { ...tagImage, ResourceId: "m-plain" })).toEqual(["Allow"]);
    expect(
      decide("tag:TagResources", {
        RegionId: "cn-hangzhou",
        "ResourceARN.1": `acs:ecs:cn-hangzhou:${ME}:image/m-plain`,
        Tags: '{"environment":"production"}',
      }),
    ).toEqual(["Allow"]);
  });
});

describe("the local cloud's route: version + Action → entry → checks", () => {
  it("a RunInstances request arriving as 2014-05-26 derives the same check as by RAM name", () => {
    const entry = findApiAction("2014-05-26", "RunInstances");
    expect(entry).toBe(findAction("ecs:RunInstances"));
    asked.length = 0;
    if (entry)
      deriveChecks(
        entry,
        { params: { RegionId: "cn-hangzhou", ImageId: "m-golden" }, accountId: ME, regionId: "cn-hangzhou" },
        world,
      );
    // The image is resolved once through `image`, not looked up again as a plain resource.
    expect(asked.filter((ref) => ref.by === "id" && ref.type === "image")).toEqual([]);
  });
});
