import type { Timestamp } from "./common.js";

export type NetworkStatus = "Pending" | "Available";

export interface Vpc {
  /** `vpc-` + 21 characters. */
  readonly vpcId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcName?: string;
  readonly description?: string;
  readonly cidrBlock: string;
  /** At most one default VPC per account and region (the store enforces it). */
  readonly isDefault: boolean;
  readonly status: NetworkStatus;
  readonly vRouterId: string;
  readonly createdAt: Timestamp;
}

export interface VSwitch {
  /** `vsw-` + 21 characters. */
  readonly vSwitchId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly vSwitchName?: string;
  readonly description?: string;
  readonly cidrBlock: string;
  /** At most one default vSwitch per account, region and zone (the store enforces it). */
  readonly isDefault: boolean;
  readonly status: NetworkStatus;
  readonly createdAt: Timestamp;
}

export type SecurityGroupType = "normal" | "enterprise";

export interface SecurityGroup {
  /** `sg-` + 20 characters. */
  readonly securityGroupId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly securityGroupName?: string;
  readonly description?: string;
  readonly securityGroupType: SecurityGroupType;
  readonly createdAt: Timestamp;
}
