// Shared steps of the image and tag tests. Everything a test asks of the cloud goes through the
// official SDKs; the store is written directly only for what no API of the local cloud makes (a
// second account) or makes only slowly and indirectly (instances in a chosen state, thousands of
// images for the scale tests), as a seed would.
import {
  newRegionalId,
  type Image,
  type InstanceStatus,
  type TagPair,
} from "../../../src/cloud/model/index.js";
import { RamModule, startTestCloud, type Credentials, type TestCloud } from "../harness.js";
import { newAccount, policyDoc } from "../ram/helpers.js";

export { newAccount, policyDoc };

export const REGION = "cn-hangzhou";
export const UBUNTU = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
export const UBUNTU_ARM = "ubuntu_22_04_arm64_20G_alibase_20240130.vhd";
export const WINDOWS = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd";

/** A local cloud with every product's handlers, as users get it. */
export function startCloud(): Promise<TestCloud> {
  return startTestCloud();
}

export interface InstanceOptions {
  readonly regionId?: string;
  readonly imageId?: string;
  readonly status?: InstanceStatus;
  readonly instanceType?: string;
}

/** An instance of `accountId`, written as a seed would (RunInstances belongs to the instance handlers). */
export async function addInstance(
  t: TestCloud,
  accountId: string,
  options: InstanceOptions = {},
): Promise<string> {
  const regionId = options.regionId ?? REGION;
  const instanceId = newRegionalId("instance", regionId);
  const imageId = options.imageId ?? UBUNTU;
  await t.cloud.store.instances.insertMany([
    {
      instanceId,
      accountId,
      regionId,
      zoneId: `${regionId}-b`,
      instanceName: `instance-${instanceId}`,
      status: options.status ?? "Running",
      instanceType: options.instanceType ?? "ecs.g6.large",
      imageId,
      vpcId: newRegionalId("vpc", regionId),
      vSwitchId: newRegionalId("vswitch", regionId),
      securityGroupIds: [newRegionalId("securitygroup", regionId)],
      instanceChargeType: "PostPaid",
      internetMaxBandwidthOut: 0,
      systemDisk: { diskId: newRegionalId("disk", regionId), category: "cloud_essd", sizeGiB: 40, imageId },
      deletionProtection: false,
      createdAt: new Date().toISOString(),
    },
  ]);
  return instanceId;
}

/** `count` custom images of `accountId`, the i-th tagged `tagsOf(i)`, written in one transaction. */
export async function addImages(
  t: TestCloud,
  accountId: string,
  count: number,
  tagsOf: (i: number) => readonly TagPair[],
  regionId = REGION,
): Promise<string[]> {
  const base = Date.parse("2025-01-01T00:00:00.000Z");
  const ids: string[] = [];
  await t.cloud.store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const imageId = newRegionalId("image", regionId);
      const image: Image = {
        imageId,
        regionId,
        ownerAccountId: accountId,
        imageOwnerAlias: "self",
        imageName: `bulk-${String(i).padStart(6, "0")}`,
        status: "Available",
        osType: "linux",
        osName: "Ubuntu  22.04 64位",
        osNameEn: "Ubuntu  22.04 64 bit",
        platform: "Ubuntu",
        architecture: "x86_64",
        sizeGiB: 20,
        source: { type: "instance", instanceId: "i-seed" },
        // One second apart, so newest-first order is known: image i is newer than image i-1.
        createdAt: new Date(base + i * 1000).toISOString(),
      };
      await tx.images.insert(image);
      const tags = tagsOf(i);
      if (tags.length > 0)
        await tx.tags.set({ regionId, resourceType: "image", resourceId: imageId }, accountId, tags);
      ids.push(imageId);
    }
  });
  return ids;
}

/** A RAM user of the account `creds` belong to, with an AccessKey and `document` attached, through the RAM API. */
export async function userWithPolicy(
  t: TestCloud,
  userName: string,
  document: string,
  creds: Credentials = t.root,
): Promise<Credentials> {
  const ram = t.ram(creds);
  await ram.createUser(new RamModule.CreateUserRequest({ userName }));
  const key = await ram.createAccessKey(new RamModule.CreateAccessKeyRequest({ userName }));
  const policyName = `${userName}-policy`;
  await ram.createPolicy(new RamModule.CreatePolicyRequest({ policyName, policyDocument: document }));
  await ram.attachPolicyToUser(
    new RamModule.AttachPolicyToUserRequest({ policyName, policyType: "Custom", userName }),
  );
  return {
    accessKeyId: key.body?.accessKey?.accessKeyId ?? "",
    accessKeySecret: key.body?.accessKey?.accessKeySecret ?? "",
  };
}
