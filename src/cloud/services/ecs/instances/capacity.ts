import { findInstanceType } from "../../../model/index.js";
import type { Instance, InstanceTypeSpec } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { listAll } from "../../vpc/support/paging.js";

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
  /** The account's live instances in the region, which the caller may need for more checks. */
  readonly live: readonly Instance[];
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
  const live = await listAll((paging) => store.instances.list({ accountId, regionId }, paging));
  const vcpusInUse = live.reduce(
    (sum, instance) => sum + (findInstanceType(instance.instanceType)?.cpuCoreCount ?? 0),
    0,
  );
  const instancesLeft = Math.max(0, Math.floor((VCPU_QUOTA_PER_REGION - vcpusInUse) / type.cpuCoreCount));
  return { live, vcpusInUse, instancesLeft };
}
