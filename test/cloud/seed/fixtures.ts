// Shared steps of the demo seed's tests: everything asked of the seeded cloud goes through the
// official SDKs, with the personas' own keys from credentials.json.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AliyunConfig } from "../../../src/cloud/index.js";
import { readSeedState, type DemoOrganisation } from "../../../src/cloud/seed/index.js";
import { EcsModule, StsModule, type Credentials, type TestCloud } from "../harness.js";

export const REGION = "cn-hangzhou";

export async function readConfig(dataDir: string): Promise<AliyunConfig> {
  return JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8")) as AliyunConfig;
}

/** The keys of a profile in the cloud's credentials.json. */
export async function profileKeys(t: TestCloud, name: string): Promise<Credentials> {
  const profile = (await readConfig(t.cloud.dataDir)).profiles.find((p) => p.name === name);
  if (profile === undefined) throw new Error(`no profile ${name}`);
  return { accessKeyId: profile.access_key_id, accessKeySecret: profile.access_key_secret };
}

/** What the seed recorded it built. */
export async function organisationOf(t: TestCloud): Promise<DemoOrganisation> {
  const state = await readSeedState(t.cloud.dataDir);
  if (state?.state !== "complete") throw new Error(`the seed is ${state?.state ?? "absent"}`);
  return state.organisation;
}

export function accountIdOf(org: DemoOrganisation, name: string): string {
  const id = org.accounts.find((account) => account.name === name)?.accountId;
  if (id === undefined) throw new Error(`no account ${name}`);
  return id;
}

export function imageIdOf(org: DemoOrganisation, name: string, regionId = REGION): string {
  const id = org.images.find((image) => image.name === name && image.regionId === regionId)?.imageId;
  if (id === undefined) throw new Error(`no image ${name} in ${regionId}`);
  return id;
}

/** A session of a member's ResourceDirectoryAccountAccessRole, as `operator`. */
export async function accessRoleSession(
  t: TestCloud,
  operator: Credentials,
  accountId: string,
): Promise<Credentials> {
  const response = await t.sts(operator).assumeRole(
    new StsModule.AssumeRoleRequest({
      roleArn: `acs:ram::${accountId}:role/resourcedirectoryaccountaccessrole`,
      roleSessionName: "seed-test",
    }),
  );
  const c = response.body?.credentials;
  return {
    accessKeyId: c?.accessKeyId ?? "",
    accessKeySecret: c?.accessKeySecret ?? "",
    securityToken: c?.securityToken ?? "",
  };
}

export async function defaultSecurityGroup(t: TestCloud, creds: Credentials): Promise<string> {
  const response = await t
    .ecs(creds)
    .describeSecurityGroups(
      new EcsModule.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupName: "default" }),
    );
  return response.body?.securityGroups?.securityGroup?.[0]?.securityGroupId ?? "";
}

export async function launch(t: TestCloud, creds: Credentials, imageId: string): Promise<string> {
  const response = await t.ecs(creds).runInstances(
    new EcsModule.RunInstancesRequest({
      regionId: REGION,
      imageId,
      instanceType: "ecs.g7.large",
      securityGroupId: await defaultSecurityGroup(t, creds),
    }),
  );
  return response.body?.instanceIdSets?.instanceIdSet?.[0] ?? "";
}

/** Every instance the caller sees in the region, by name. */
export async function instancesOf(t: TestCloud, creds: Credentials) {
  const response = await t
    .ecs(creds)
    .describeInstances(new EcsModule.DescribeInstancesRequest({ regionId: REGION, pageSize: 100 }));
  return response.body?.instances?.instance ?? [];
}

type DescribeImagesFields = ConstructorParameters<typeof EcsModule.DescribeImagesRequest>[0];

export async function imagesSeenBy(t: TestCloud, creds: Credentials, fields: DescribeImagesFields) {
  const response = await t
    .ecs(creds)
    .describeImages(new EcsModule.DescribeImagesRequest({ regionId: REGION, pageSize: 100, ...fields }));
  return response.body?.images?.image ?? [];
}

export const tagFilter = (key: string, value: string) =>
  new EcsModule.DescribeImagesRequestTag({ key, value });

/** An image's tags as a plain record. */
export function tagsOf(image: { tags?: { tag?: { tagKey?: string; tagValue?: string }[] } }) {
  return Object.fromEntries((image.tags?.tag ?? []).map((tag) => [tag.tagKey ?? "", tag.tagValue ?? ""]));
}
