import type { Timestamp } from "./common.js";

/** `Deleted` instances stay as rows (with `deletedAt`) so scans and audits can still name them. */
export type InstanceStatus = "Pending" | "Starting" | "Running" | "Stopping" | "Stopped" | "Deleted";
export type InstanceChargeType = "PostPaid" | "PrePaid";
export type DiskCategory =
  "cloud" | "cloud_efficiency" | "cloud_ssd" | "cloud_essd" | "cloud_auto" | "cloud_essd_entry";

export interface SystemDisk {
  /** `d-` + 20 characters. */
  readonly diskId: string;
  readonly category: DiskCategory;
  readonly sizeGiB: number;
  /** The image the disk was written from: changes with ReplaceSystemDisk. */
  readonly imageId: string;
}

export interface Instance {
  /** `i-` + 20 characters. */
  readonly instanceId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly instanceName: string;
  readonly hostName?: string;
  readonly description?: string;
  readonly status: InstanceStatus;
  readonly instanceType: string;
  readonly imageId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  /** In the order given at creation (an instance is in 1..5 security groups). */
  readonly securityGroupIds: readonly string[];
  readonly keyPairName?: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  readonly instanceChargeType: InstanceChargeType;
  readonly internetMaxBandwidthOut: number;
  readonly systemDisk: SystemDisk;
  readonly deletionProtection: boolean;
  readonly createdAt: Timestamp;
  readonly startedAt?: Timestamp;
  readonly deletedAt?: Timestamp;
}
