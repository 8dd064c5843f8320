import { randomInt } from "node:crypto";
import { newRegionalId } from "../../../model/index.js";
import type { Instance, InstanceStatus } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";
import type { LaunchPlan } from "./launch.js";

// Writing the instances of a launch, once every check has passed: ids, disks, addresses, names,
// tags. All instances of a batch are inserted together (the store's insertMany is all or none).

export interface NewInstances {
  readonly plan: LaunchPlan;
  readonly count: number;
  readonly status: Extract<InstanceStatus, "Running" | "Stopped">;
  readonly privateAddresses: readonly string[];
  /** One per instance, or none. */
  readonly publicAddresses: readonly string[];
  readonly nameOf: (index: number, instanceId: string) => string;
  readonly hostNameOf: (index: number, instanceId: string) => string;
}

export async function createInstances(ctx: CallContext, spec: NewInstances): Promise<Instance[]> {
  const { plan } = spec;
  const createdAt = ctx.now.toISOString();
  const instances: Instance[] = Array.from({ length: spec.count }, (_, index) => {
    const instanceId = newRegionalId("instance", plan.regionId);
    const privateIpAddress = spec.privateAddresses[index];
    const publicIpAddress = spec.publicAddresses[index];
    return {
      instanceId,
      accountId: ctx.caller.accountId,
      regionId: plan.regionId,
      zoneId: plan.vSwitch.zoneId,
      instanceName: spec.nameOf(index, instanceId),
      hostName: spec.hostNameOf(index, instanceId),
      ...(plan.description === undefined ? {} : { description: plan.description }),
      status: spec.status,
      instanceType: plan.instanceType.instanceTypeId,
      imageId: plan.image.imageId,
      vpcId: plan.vSwitch.vpcId,
      vSwitchId: plan.vSwitch.vSwitchId,
      securityGroupIds: plan.securityGroupIds,
      ...(plan.keyPairName === undefined ? {} : { keyPairName: plan.keyPairName }),
      ...(privateIpAddress === undefined ? {} : { privateIpAddress }),
      ...(publicIpAddress === undefined ? {} : { publicIpAddress }),
      instanceChargeType: "PostPaid",
      internetMaxBandwidthOut: plan.internetMaxBandwidthOut,
      systemDisk: {
        diskId: newRegionalId("disk", plan.regionId),
        category: plan.systemDisk.category,
        sizeGiB: plan.systemDisk.sizeGiB,
        imageId: plan.image.imageId,
      },
      deletionProtection: plan.deletionProtection,
      createdAt,
      ...(spec.status === "Running" ? { startedAt: createdAt } : {}),
    };
  });
  await ctx.store.instances.insertMany(instances);
  for (const instance of instances) {
    await ctx.store.tags.set(
      { regionId: instance.regionId, resourceType: "instance", resourceId: instance.instanceId },
      instance.accountId,
      plan.tags,
    );
  }
  return instances;
}

/**
 * The order Alibaba opens for a purchase. The local cloud bills nothing: the order number has
 * Alibaba's shape and the price is 0.
 */
export function orderFields(): { OrderId: string; TradePrice: number } {
  return {
    OrderId: String(randomInt(100_000_000, 999_999_999)) + String(randomInt(100_000, 999_999)),
    TradePrice: 0,
  };
}
