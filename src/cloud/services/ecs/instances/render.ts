import { findInstanceType } from "../../../model/index.js";
import type { Image, Instance, Tag } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { isoMinutes } from "../../vpc/support/format.js";
import { ecsTags } from "../../vpc/support/tags.js";

// An instance as @alicloud/ecs20140526 models it (DescribeInstancesResponseBodyInstancesInstance).
// The operating system fields come from the image the system disk was written from; features the
// local cloud does not model (EIPs, dedicated hosts, spot, ENIs beyond the primary one) show as
// Alibaba shows them when unused.

/** Pay-as-you-go instances do not expire; Alibaba shows this date for them. */
const NEVER_EXPIRES = "2099-12-31T15:59Z";

export function renderInstance(
  instance: Instance,
  image: Image | undefined,
  tags: readonly Tag[] | undefined,
) {
  const type = findInstanceType(instance.instanceType);
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    HostName: instance.hostName ?? "",
    Description: instance.description ?? "",
    RegionId: instance.regionId,
    ZoneId: instance.zoneId,
    Status: instance.status,
    // Alibaba reports the stop mode of a stopped instance; the local cloud stops every instance in
    // standard mode (see stop-instance.ts).
    StoppedMode: instance.status === "Stopped" ? "KeepCharging" : "Not-applicable",
    InstanceType: instance.instanceType,
    InstanceTypeFamily: type?.instanceTypeFamily ?? "",
    Cpu: type?.cpuCoreCount ?? 0,
    Memory: (type?.memorySize ?? 0) * 1024,
    GPUAmount: type?.gpuAmount ?? 0,
    GPUSpec: type?.gpuSpec ?? "",
    ImageId: instance.imageId,
    OSType: image?.osType ?? "",
    OSName: image?.osName ?? "",
    OSNameEn: image?.osNameEn ?? "",
    InstanceNetworkType: "vpc",
    VpcAttributes: {
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      PrivateIpAddress: {
        IpAddress: instance.privateIpAddress === undefined ? [] : [instance.privateIpAddress],
      },
      NatIpAddress: "",
    },
    SecurityGroupIds: { SecurityGroupId: [...instance.securityGroupIds] },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: instance.publicIpAddress === undefined ? [] : [instance.publicIpAddress] },
    EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "" },
    InternetChargeType: "PayByTraffic",
    InternetMaxBandwidthOut: instance.internetMaxBandwidthOut,
    InstanceChargeType: instance.instanceChargeType,
    SpotStrategy: "NoSpot",
    IoOptimized: true,
    KeyPairName: instance.keyPairName ?? "",
    DeletionProtection: instance.deletionProtection,
    DeviceAvailable: true,
    Recyclable: false,
    CreationTime: isoMinutes(instance.createdAt),
    StartTime: instance.startedAt === undefined ? "" : isoMinutes(instance.startedAt),
    ExpiredTime: NEVER_EXPIRES,
    OperationLocks: { LockReason: [] },
    Tags: ecsTags(tags),
  };
}

/** Renders a page of instances with their images and tags, reading each image once. */
export async function renderInstances(store: Store, instances: readonly Instance[]) {
  const images = new Map<string, Image | undefined>();
  const imageOf = async (instance: Instance) => {
    const key = `${instance.regionId}/${instance.imageId}`;
    if (!images.has(key)) images.set(key, await store.images.get(instance.regionId, instance.imageId));
    return images.get(key);
  };
  const byRegion = new Map<string, string[]>();
  for (const instance of instances) {
    byRegion.set(instance.regionId, [...(byRegion.get(instance.regionId) ?? []), instance.instanceId]);
  }
  const tags = new Map<string, readonly Tag[]>();
  for (const [regionId, ids] of byRegion) {
    for (const [id, list] of await store.tags.listForResources(regionId, "instance", ids)) tags.set(id, list);
  }
  const rendered = [];
  for (const instance of instances) {
    rendered.push(renderInstance(instance, await imageOf(instance), tags.get(instance.instanceId)));
  }
  return rendered;
}
