import { findInstanceType } from "../../../model/index.js";
import type { InstanceTypeSpec } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";

// What limits how many instances a RunInstances call can make. Alibaba's limit is "inventory": stock
// in the zone, and the account's elastic quota (vCPUs of pay-as-you-go instances in a region,
// `QuotaExceed.ElasticQuota`). The local cloud has unlimited stock, so its one limit is that quota:
// every live instance of the account in the region (any status but Deleted, because a stopped
// instance keeps its resources in the local cloud) counts with its type's vCPUs.
//
// [decision] 1,000 vCPUs per account and region: large enough for scans and benchmarks that launch
// hundreds of instances, small enough that a test reaches it with a few batches of 8-vCPU types.

export const VCPU_QUOTA_PER_REGION = 1000;

export interface Capacity {
  readonly vcpusInUse: number;
  /** How many more instances of `type` the quota allows. */
  readonly instancesLeft: number;
}

export async function capacityFor(
  store: Store,
  accountId: string,
  regionId: string,
  type: InstanceTypeSpec,
): Promise<Capacity> {
  // One count per instance type, kept by the store as instances change (not counted when asked):
  // a launch costs the same whether the account runs ten instances or ten thousand.
  const byType = await store.instances.countByType({ accountId, regionId });
  let vcpusInUse = 0;
  for (const [instanceType, count] of byType) {
    vcpusInUse += (findInstanceType(instanceType)?.cpuCoreCount ?? 0) * count;
  }
  const instancesLeft = Math.max(0, Math.floor((VCPU_QUOTA_PER_REGION - vcpusInUse) / type.cpuCoreCount));
  return { vcpusInUse, instancesLeft };
}
