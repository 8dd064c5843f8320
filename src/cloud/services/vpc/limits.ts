// VPC quotas and shapes the local cloud enforces, from Alibaba's VPC documentation.

export const VPC_LIMITS = {
  /** Custom VPCs per account and region (the default VPC does not count). */
  vpcsPerRegion: 10,
  /** Custom vSwitches per VPC (default vSwitches do not count). */
  vSwitchesPerVpc: 150,
  /** CreateVpc: the block Alibaba uses when none is given. */
  defaultVpcCidr: "172.16.0.0/12",
  /** CreateVpc accepts masks of 8 (10.0.0.0/8) to 28 bits. */
  vpcMinPrefix: 8,
  vpcMaxPrefix: 28,
  /** CreateVSwitch accepts masks of 16 to 29 bits. */
  vSwitchMinPrefix: 16,
  vSwitchMaxPrefix: 29,
  /** DescribeVpcs and DescribeVSwitches: PageSize 1..50, 10 by default. */
  pageSize: { defaultSize: 10, maxSize: 50 },
  /** DescribeVpcs `VpcId` takes up to 20 comma-separated ids. */
  vpcIdsPerQuery: 20,
} as const;

/**
 * The default network of an account in a region ("Default VPCs and default vSwitches"): a /16 VPC,
 * one /20 vSwitch per zone, carved from the start of the VPC's block in zone order.
 */
export const DEFAULT_NETWORK = {
  vpcCidr: "172.31.0.0/16",
  vSwitchPrefix: 20,
  /** The security group the local cloud makes in the default VPC, found again by name and description. */
  securityGroupName: "default",
  securityGroupDescription: "System created security group.",
} as const;
