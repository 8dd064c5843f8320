// Who launches: in every benchmark account, a RAM user `launcher` with the product brief's golden-image
// policy (RunInstances/CreateInstance only from images tagged environment=production; no tag
// changes on images) and read access to ECS, made through the official RAM SDK as the account's root
// identity. Every call the benchmark measures is then decided by the policy engine over a user's
// policies with a condition on the image's tags, not waved through as root.
import * as EcsModule from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import * as RamModule from "@alicloud/ram20150501";
import type { SigningKey } from "./signed-request.js";

/** The SDK packages are CommonJS compiled from ESM: the class sits one or two `default`s deep. */
function commonJsDefault<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}
const EcsClient = commonJsDefault(EcsModule);
const RamClient = commonJsDefault(RamModule);

export const GOLDEN_LAUNCH_POLICY = JSON.stringify({
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
  ],
});

export const ECS_READ_POLICY = JSON.stringify({
  Version: "1",
  Statement: [{ Effect: "Allow", Action: ["ecs:Describe*", "ecs:List*"], Resource: "*" }],
});

export interface Launcher extends SigningKey {
  readonly accountId: string;
  /** The account's default security group in the launch region. */
  readonly securityGroupId: string;
}

function config(endpoint: string, key: SigningKey, regionId: string): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint,
    protocol: "http",
    regionId,
  });
}

export async function createLauncher(
  endpoint: string,
  account: SigningKey & { readonly accountId: string },
  regionId: string,
): Promise<Launcher> {
  const ram = new RamClient(config(endpoint, account, regionId));
  const userName = "launcher";
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  const created = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }));
  for (const [policyName, policyDocument] of [
    ["golden-image-launch", GOLDEN_LAUNCH_POLICY],
    ["ecs-read", ECS_READ_POLICY],
  ] as const) {
    await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument }));
    await ram.attachPolicyToUser(
      new RamModule.AttachPolicyToUserRequest({ policyName, policyType: "Custom", userName }),
    );
  }
  const key: SigningKey = {
    accessKeyId: created.body?.accessKey?.accessKeyId ?? "",
    accessKeySecret: created.body?.accessKey?.accessKeySecret ?? "",
  };
  // The default security group is made on first use of the region, as Alibaba makes it.
  const groups = await new EcsClient(config(endpoint, key, regionId)).describeSecurityGroups(
    new EcsModule.DescribeSecurityGroupsRequest({ regionId, securityGroupName: "default" }),
  );
  const securityGroupId = groups.body?.securityGroups?.securityGroup?.[0]?.securityGroupId;
  if (key.accessKeyId === "" || securityGroupId === undefined) {
    throw new Error(`could not set up the launcher of account ${account.accountId}`);
  }
  return { ...key, accountId: account.accountId, securityGroupId };
}
