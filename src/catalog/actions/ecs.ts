// ECS (2014-05-26). Sources: Alibaba's "ECS RAM authorization" action table (resource types,
// condition keys, access levels), the older per-API "authentication rules" table where the current
// one says "All Resources", and @alicloud/ecs20140526 for parameter names.
import { PRODUCT_VERSIONS } from "../products.js";
import type { ArnTemplate, CatalogEntry, ContextKeySpec } from "../types.js";
import {
  ACCOUNT,
  ALL_RESOURCES,
  OWNER,
  REGION,
  REQUEST_TAGS,
  RESOURCE_TAGS,
  TAG_KEYS,
  TAG_PAIRS,
  arn,
  notModelled,
  param,
  present,
} from "./build.js";

type EcsFields = Omit<CatalogEntry, "product" | "version" | "ramAction" | "docs"> & {
  readonly apiAction: string;
};

function ecs(fields: EcsFields): CatalogEntry {
  return {
    product: "Ecs",
    version: PRODUCT_VERSIONS.Ecs,
    ramAction: `ecs:${fields.apiAction}`,
    docs: `https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-${fields.apiAction.toLowerCase()}`,
    ...fields,
  };
}

// An image is named with its owner's account: empty for Alibaba-provided images (spec §3), the
// sharer's for a shared one, so `acs:ecs:*:*:image/*` and `acs:ecs:*:<me>:image/*` differ usefully.
const image = (idParam: string, list?: "comma"): ArnTemplate =>
  arn(
    `acs:ecs:{RegionId}:{ImageOwnerId}:image/{${idParam}}`,
    { RegionId: REGION, ImageOwnerId: OWNER, [idParam]: param(idParam, list) },
    { target: idParam, ...(list ? { when: present(idParam) } : {}) },
  );
/** A new image, and the scope of image lists: `image/*` in the caller's account and region. */
const newImage: ArnTemplate = arn("acs:ecs:{RegionId}:{AccountId}:image/*", {
  RegionId: REGION,
  AccountId: ACCOUNT,
});
const instance: ArnTemplate = arn(
  "acs:ecs:{RegionId}:{AccountId}:instance/{InstanceId}",
  { RegionId: REGION, AccountId: ACCOUNT, InstanceId: param("InstanceId") },
  { target: "InstanceId" },
);
const instances: ArnTemplate = arn("acs:ecs:{RegionId}:{AccountId}:instance/*", {
  RegionId: REGION,
  AccountId: ACCOUNT,
});
const securityGroup: ArnTemplate = arn(
  "acs:ecs:{RegionId}:{AccountId}:securitygroup/{SecurityGroupId}",
  { RegionId: REGION, AccountId: ACCOUNT, SecurityGroupId: param("SecurityGroupId") },
  { target: "SecurityGroupId" },
);
const securityGroups: ArnTemplate = arn("acs:ecs:{RegionId}:{AccountId}:securitygroup/*", {
  RegionId: REGION,
  AccountId: ACCOUNT,
});
// The tag APIs name their targets by type and id; Alibaba's older rule table writes exactly this.
const taggedResource = (idList?: "repeated"): ArnTemplate =>
  arn(
    "acs:ecs:{RegionId}:{OwnerId}:{ResourceType}/{ResourceId}",
    {
      RegionId: REGION,
      OwnerId: OWNER,
      ResourceType: param("ResourceType"),
      ResourceId: param("ResourceId", idList),
    },
    { target: "ResourceId" },
  );

/** What an image-consuming action names besides the instance and the image (when given). */
const launchResources: readonly ArnTemplate[] = [
  arn(
    "acs:ecs:{RegionId}:{AccountId}:securitygroup/{SecurityGroupId}",
    { RegionId: REGION, AccountId: ACCOUNT, SecurityGroupId: param("SecurityGroupId") },
    { when: present("SecurityGroupId") },
  ),
  arn(
    "acs:vpc:{RegionId}:{AccountId}:vswitch/{VSwitchId}",
    { RegionId: REGION, AccountId: ACCOUNT, VSwitchId: param("VSwitchId") },
    { when: present("VSwitchId") },
  ),
  arn(
    "acs:ecs:{RegionId}:{AccountId}:keypair/{KeyPairName}",
    { RegionId: REGION, AccountId: ACCOUNT, KeyPairName: param("KeyPairName") },
    { when: present("KeyPairName") },
  ),
];

const IMAGE_KEYS: readonly ContextKeySpec[] = [
  RESOURCE_TAGS,
  { key: "ecs:ImageOwnerId", source: "image-owner-id" },
  { key: "ecs:ImageSource", source: "image-source" },
  { key: "ecs:ImagePlatform", source: "image-platform" },
  { key: "ecs:InstanceType", source: "instance-type" },
  REQUEST_TAGS,
  TAG_KEYS,
];

/** The launch condition keys Alibaba documents for RunInstances and CreateInstance. */
const LAUNCH_KEYS: readonly ContextKeySpec[] = [
  ...IMAGE_KEYS,
  { key: "ecs:PasswordInherit", source: { param: "PasswordInherit" } },
  { key: "ecs:SecurityEnhancementStrategy", source: { param: "SecurityEnhancementStrategy" } },
  ...notModelled(
    "ecs:InstanceTypeFamily",
    "ecs:IsDiskEncrypted",
    "ecs:IsSystemDiskEncrypted",
    "ecs:IsDiskByokEncrypted",
    "ecs:IsSystemDiskByokEncrypted",
    "ecs:NotSpecifySecurityGroupId",
    "ecs:LoginAsNonRoot",
    "ecs:PasswordCustomized",
    "ecs:SecurityHardeningMode",
    "ecs:AssociatePublicIpAddress",
    "vpc:VPC",
    "vpc:IsDefaultVpc",
    "vpc:IsDefaultVSwitch",
    "vpc:CreateDefaultVpc",
  ),
];

const TAG_MUTATING_KEYS: readonly ContextKeySpec[] = [RESOURCE_TAGS, REQUEST_TAGS, TAG_KEYS];

const IMAGE_CONSUMING_DECISION =
  "Alibaba's current table lists the image condition keys with `All Resources`; spec §6 makes it one check over the instance, the image and, when given, the security groups, vSwitch and key pair, carrying the image's tags";

export const ecsActions: readonly CatalogEntry[] = [
  // images
  ecs({
    apiAction: "DescribeImages",
    access: "list",
    checkKind: "list",
    resources: [newImage, image("ImageId", "comma")],
    contextKeys: [],
    description: "list images visible to the account: its own, shared with it, and Alibaba-provided",
    decision:
      "one check on `image/*` in the caller's account and region, plus the ARN of each image the request filters on (`ImageId`, comma-separated); no resource tags",
  }),
  ecs({
    apiAction: "CreateImage",
    access: "write",
    checkKind: "image-producing",
    resources: [
      newImage,
      arn(
        "acs:ecs:{RegionId}:{AccountId}:instance/{InstanceId}",
        { RegionId: REGION, AccountId: ACCOUNT, InstanceId: param("InstanceId") },
        { target: "InstanceId", when: present("InstanceId") },
      ),
      arn(
        "acs:ecs:{RegionId}:{AccountId}:snapshot/{SnapshotId}",
        { RegionId: REGION, AccountId: ACCOUNT, SnapshotId: param("SnapshotId") },
        { target: "SnapshotId", when: present("SnapshotId") },
      ),
    ],
    contextKeys: TAG_MUTATING_KEYS,
    requestTags: TAG_PAIRS,
    description: "create a custom image from an instance or a snapshot, optionally already tagged",
    decision:
      "Alibaba lists `image/*` (required) and the source instance and snapshot: the source gets its own check with its tags, and every check carries the request's tags",
  }),
  ecs({
    apiAction: "CopyImage",
    access: "write",
    checkKind: "image-producing",
    resources: [
      arn("acs:ecs:{DestinationRegionId}:{AccountId}:image/*", {
        DestinationRegionId: param("DestinationRegionId"),
        AccountId: ACCOUNT,
      }),
      image("ImageId"),
    ],
    contextKeys: TAG_MUTATING_KEYS,
    requestTags: TAG_PAIRS,
    description: "copy a custom image to another region, optionally already tagged",
    decision:
      "the current table lists only `image/*`; the older rule table also checks the source image, which imageguard keeps (with its tags) so a Deny on the source applies",
  }),
  ecs({
    apiAction: "ImportImage",
    access: "write",
    checkKind: "image-producing",
    resources: [newImage],
    contextKeys: [REQUEST_TAGS, TAG_KEYS],
    requestTags: TAG_PAIRS,
    description: "import an image file from OSS as a custom image, optionally already tagged",
  }),
  ecs({
    apiAction: "DeleteImage",
    access: "write",
    checkKind: "per-resource",
    resources: [image("ImageId")],
    contextKeys: [RESOURCE_TAGS],
    description: "delete a custom image",
  }),
  ecs({
    apiAction: "ModifyImageAttribute",
    access: "write",
    checkKind: "per-resource",
    resources: [image("ImageId")],
    contextKeys: [RESOURCE_TAGS],
    description: "change a custom image's name, description, family or status",
  }),
  ecs({
    apiAction: "ModifyImageSharePermission",
    access: "write",
    checkKind: "per-resource",
    resources: [image("ImageId")],
    contextKeys: [RESOURCE_TAGS],
    description: "share a custom image with other accounts, or stop sharing it",
  }),
  ecs({
    apiAction: "DescribeImageSharePermission",
    access: "read",
    checkKind: "per-resource",
    resources: [image("ImageId")],
    contextKeys: [RESOURCE_TAGS],
    description: "list the accounts a custom image is shared with",
  }),

  // instances
  ecs({
    apiAction: "RunInstances",
    access: "write",
    checkKind: "image-consuming",
    resources: [
      instances,
      image("ImageId"),
      ...launchResources,
      arn(
        "acs:ecs:{RegionId}:{AccountId}:securitygroup/{SecurityGroupIds}",
        { RegionId: REGION, AccountId: ACCOUNT, SecurityGroupIds: param("SecurityGroupIds", "repeated") },
        { when: present("SecurityGroupIds") },
      ),
    ],
    contextKeys: LAUNCH_KEYS,
    requestTags: TAG_PAIRS,
    image: { idParam: "ImageId", familyParam: "ImageFamily" },
    description: "create and start one or more instances from an image",
    decision: IMAGE_CONSUMING_DECISION,
  }),
  ecs({
    apiAction: "CreateInstance",
    access: "write",
    checkKind: "image-consuming",
    resources: [instances, image("ImageId"), ...launchResources],
    contextKeys: LAUNCH_KEYS,
    requestTags: TAG_PAIRS,
    image: { idParam: "ImageId", familyParam: "ImageFamily" },
    description: "create one stopped instance from an image",
    decision: IMAGE_CONSUMING_DECISION,
  }),
  ecs({
    apiAction: "ReplaceSystemDisk",
    access: "write",
    checkKind: "image-consuming",
    resources: [
      instance,
      image("ImageId"),
      arn(
        "acs:ecs:{RegionId}:{AccountId}:keypair/{KeyPairName}",
        { RegionId: REGION, AccountId: ACCOUNT, KeyPairName: param("KeyPairName") },
        { when: present("KeyPairName") },
      ),
    ],
    contextKeys: [
      ...IMAGE_KEYS.filter((spec) => spec.source !== "request-tags" && spec.source !== "tag-keys"),
      { key: "ecs:PasswordInherit", source: { param: "PasswordInherit" } },
      ...notModelled(
        "ecs:IsDiskEncrypted",
        "ecs:IsSystemDiskEncrypted",
        "ecs:IsDiskByokEncrypted",
        "ecs:IsSystemDiskByokEncrypted",
        "ecs:LoginAsNonRoot",
        "ecs:PasswordCustomized",
      ),
    ],
    image: { idParam: "ImageId" },
    description: "re-create an instance's system disk from an image",
    decision: `${IMAGE_CONSUMING_DECISION}; the system disk Alibaba also lists is left out of the set; the request has no RegionId, so the region is the instance's, and ecs:InstanceType is the instance's type`,
  }),
  ecs({
    apiAction: "DescribeInstances",
    access: "list",
    checkKind: "list",
    resources: [
      instances,
      arn(
        "acs:ecs:{RegionId}:{AccountId}:instance/{InstanceIds}",
        { RegionId: REGION, AccountId: ACCOUNT, InstanceIds: param("InstanceIds", "json") },
        { when: present("InstanceIds") },
      ),
    ],
    contextKeys: [],
    description: "list instances",
    decision:
      "one check on `instance/*` plus the ARN of each instance the request filters on (`InstanceIds`, a JSON array, or `InstanceIds.N`); no resource tags",
  }),
  ecs({
    apiAction: "StartInstance",
    access: "write",
    checkKind: "per-resource",
    resources: [instance],
    contextKeys: [RESOURCE_TAGS],
    description: "start a stopped instance",
  }),
  ecs({
    apiAction: "StopInstance",
    access: "write",
    checkKind: "per-resource",
    resources: [instance],
    contextKeys: [RESOURCE_TAGS],
    description: "stop a running instance",
  }),
  ecs({
    apiAction: "DeleteInstance",
    access: "write",
    checkKind: "per-resource",
    resources: [instance],
    contextKeys: [RESOURCE_TAGS],
    description: "release an instance",
  }),

  // security groups
  ecs({
    apiAction: "CreateSecurityGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [
      securityGroups,
      arn(
        "acs:vpc:{RegionId}:{AccountId}:vpc/{VpcId}",
        { RegionId: REGION, AccountId: ACCOUNT, VpcId: param("VpcId") },
        { target: "VpcId", when: present("VpcId") },
      ),
    ],
    contextKeys: [RESOURCE_TAGS, REQUEST_TAGS, TAG_KEYS],
    requestTags: TAG_PAIRS,
    description: "create a security group, in a VPC when one is given",
  }),
  ecs({
    apiAction: "DescribeSecurityGroups",
    access: "list",
    checkKind: "list",
    resources: [
      securityGroups,
      arn(
        "acs:ecs:{RegionId}:{AccountId}:securitygroup/{SecurityGroupId}",
        { RegionId: REGION, AccountId: ACCOUNT, SecurityGroupId: param("SecurityGroupId") },
        { when: present("SecurityGroupId") },
      ),
      arn(
        "acs:ecs:{RegionId}:{AccountId}:securitygroup/{SecurityGroupIds}",
        { RegionId: REGION, AccountId: ACCOUNT, SecurityGroupIds: param("SecurityGroupIds", "json") },
        { when: present("SecurityGroupIds") },
      ),
    ],
    contextKeys: [],
    description: "list security groups",
  }),
  ecs({
    apiAction: "AuthorizeSecurityGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    contextKeys: notModelled("ecs:SecurityGroupIpProtocols", "ecs:SecurityGroupSourceCidrIps"),
    description: "add inbound rules to a security group",
  }),
  ecs({
    apiAction: "DeleteSecurityGroup",
    access: "write",
    checkKind: "per-resource",
    resources: [securityGroup],
    contextKeys: [RESOURCE_TAGS],
    description: "delete a security group",
  }),

  // tags
  ecs({
    apiAction: "TagResources",
    access: "write",
    checkKind: "tag-mutating",
    resources: [taggedResource("repeated")],
    contextKeys: TAG_MUTATING_KEYS,
    requestTags: TAG_PAIRS,
    description: "add or overwrite tags on ECS resources",
  }),
  ecs({
    apiAction: "UntagResources",
    access: "write",
    checkKind: "tag-mutating",
    resources: [taggedResource("repeated")],
    contextKeys: TAG_MUTATING_KEYS,
    removedTagKeys: { param: "TagKey", format: "keys" },
    removeAllTagsParam: "All",
    description: "remove tags from ECS resources",
  }),
  ecs({
    apiAction: "AddTags",
    access: "write",
    checkKind: "tag-mutating",
    resources: [taggedResource()],
    contextKeys: TAG_MUTATING_KEYS,
    requestTags: TAG_PAIRS,
    description: "add tags to one ECS resource (older API)",
  }),
  ecs({
    apiAction: "RemoveTags",
    access: "write",
    checkKind: "tag-mutating",
    resources: [taggedResource()],
    contextKeys: TAG_MUTATING_KEYS,
    removedTagKeys: TAG_PAIRS,
    description: "remove tags from one ECS resource (older API)",
  }),
  ecs({
    apiAction: "ListTagResources",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES],
    contextKeys: [],
    description: "list the tags of ECS resources",
  }),
  ecs({
    apiAction: "DescribeTags",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES],
    contextKeys: [],
    description: "list tags and how many resources carry them (older API)",
    decision: "absent from Alibaba's current table; treated like ListTagResources (`*`)",
  }),

  // regions and offerings: nothing to authorize at resource level
  ecs({
    apiAction: "DescribeRegions",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES],
    contextKeys: [],
    description: "list regions",
  }),
  ecs({
    apiAction: "DescribeZones",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES],
    contextKeys: [],
    description: "list zones of a region",
  }),
  ecs({
    apiAction: "DescribeInstanceTypes",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES],
    contextKeys: [],
    description: "list instance types",
  }),
];

/**
 * RAM action names Alibaba recognises but no API action checks: the seed's Deny lists them, so a
 * policy naming them must validate, and the analyzer must know they guard nothing.
 */
const nameOnly = (action: "CreateTags" | "DeleteTags", description: string): CatalogEntry => ({
  product: "Ecs",
  version: PRODUCT_VERSIONS.Ecs,
  ramAction: `ecs:${action}`,
  access: "write",
  checkKind: "name-only",
  resources: [
    arn("acs:ecs:{RegionId}:{AccountId}:{ResourceType}/{ResourceId}", {
      RegionId: REGION,
      AccountId: ACCOUNT,
      ResourceType: param("ResourceType"),
      ResourceId: param("ResourceId"),
    }),
  ],
  contextKeys: TAG_MUTATING_KEYS,
  description,
  decision:
    "no API action checks this name: denying it blocks nothing, the tag APIs check ecs:TagResources, ecs:UntagResources, ecs:AddTags and ecs:RemoveTags",
});

export const ecsNameOnlyActions: readonly CatalogEntry[] = [
  nameOnly("CreateTags", "recognised RAM action name for adding tags; no API action checks it"),
  nameOnly("DeleteTags", "recognised RAM action name for removing tags; no API action checks it"),
];
