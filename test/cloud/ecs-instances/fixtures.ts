// Shared steps of the instance, security group and region tests. Everything goes through the
// official SDKs against a real local cloud; the store is written directly only for what no API
// makes (a second account, an image stuck in `Creating`), as a seed would.
import { EcsModule, sdkError, startTestCloud, type Credentials, type TestCloud } from "../harness.js";
import { allow, deny, newAccount, policyDoc, userWithKey } from "../ram/helpers.js";

export { allow, deny, newAccount, policyDoc, sdkError, userWithKey };

export const REGION = "cn-hangzhou";
export const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
export const UBUNTU_ARM = "ubuntu_22_04_arm64_20G_alibase_20240130.vhd";
export const WINDOWS = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd";
export const ALINUX = "aliyun_3_x64_20G_alibase_20240819.vhd";

export type Account = Credentials & { readonly accountId: string };

export function startCloud(): Promise<TestCloud> {
  return startTestCloud();
}

/** The management account's root identity, with its account id. */
export function rootOf(t: TestCloud): Account {
  return { ...t.root, accountId: t.cloud.managementAccount.accountId };
}

/** The account's default security group in `regionId` (made on first use by the cloud). */
export async function defaultSecurityGroup(
  t: TestCloud,
  creds: Credentials,
  regionId = REGION,
): Promise<string> {
  const body = (
    await t
      .ecs(creds)
      .describeSecurityGroups(
        new EcsModule.DescribeSecurityGroupsRequest({ regionId, securityGroupName: "default" }),
      )
  ).body!;
  const id = body.securityGroups?.securityGroup?.[0]?.securityGroupId;
  if (id === undefined) throw new Error("no default security group");
  return id;
}

type RunFields = ConstructorParameters<typeof EcsModule.RunInstancesRequest>[0];

/** RunInstances of one ecs.g7.large from Ubuntu in the default security group, with `fields` on top. */
export async function run(t: TestCloud, creds: Credentials, fields: RunFields = {}): Promise<string[]> {
  const securityGroupId =
    fields.securityGroupId === undefined && fields.securityGroupIds === undefined
      ? await defaultSecurityGroup(t, creds, fields.regionId ?? REGION)
      : undefined;
  const response = await t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId: fields.imageFamily === undefined ? UBUNTU : undefined,
      instanceType: "ecs.g7.large",
      ...(securityGroupId === undefined ? {} : { securityGroupId }),
      ...fields,
    }),
  );
  return response.body?.instanceIdSets?.instanceIdSet ?? [];
}

type DescribeFields = ConstructorParameters<typeof EcsModule.DescribeInstancesRequest>[0];

export async function describeInstances(t: TestCloud, creds: Credentials, fields: DescribeFields = {}) {
  return (
    await t
      .ecs(creds)
      .describeInstances(
        new EcsModule.DescribeInstancesRequest({ regionId: REGION, pageSize: 100, ...fields }),
      )
  ).body!;
}

/** One instance as DescribeInstances shows it to `creds`, or undefined. */
export async function instance(t: TestCloud, creds: Credentials, instanceId: string) {
  const body = await describeInstances(t, creds, { instanceIds: JSON.stringify([instanceId]) });
  return body.instances?.instance?.[0];
}

/** A custom image of the caller made from one of its instances, through CreateImage. */
export async function imageFrom(
  t: TestCloud,
  creds: Credentials,
  instanceId: string,
  fields: Omit<ConstructorParameters<typeof EcsModule.CreateImageRequest>[0], "instanceId"> = {},
): Promise<string> {
  const response = await t
    .ecs(creds)
    .createImage(new EcsModule.CreateImageRequest({ regionId: REGION, instanceId, ...fields }));
  return response.body!.imageId!;
}

export const tags = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([key, value]) => new EcsModule.RunInstancesRequestTag({ key, value }));
