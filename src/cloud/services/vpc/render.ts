import type { Tag, Vpc, VSwitch } from "../../model/index.js";
import { isoSeconds, ownerIdNumber } from "./support/format.js";
import { vpcTags } from "./support/tags.js";

// VPC and vSwitch as @alicloud/vpc20160428 models them (DescribeVpcsResponseBodyVpcsVpc,
// DescribeVSwitchesResponseBodyVSwitchesVSwitch). Features the local cloud does not model (IPv6,
// secondary blocks, NAT gateways, DHCP options) show as Alibaba shows them when unused.

/**
 * The VPC's system route table. The local cloud keeps no route tables; the id is derived from the
 * vRouter's, so it is the same in CreateVpc's answer and in every later description.
 */
export function routeTableIdOf(vpc: Vpc): string {
  return `vtb-${vpc.vRouterId.replace(/^vrt-/, "")}`;
}

export function renderVpc(vpc: Vpc, vSwitchIds: readonly string[], tags: readonly Tag[] | undefined) {
  return {
    VpcId: vpc.vpcId,
    RegionId: vpc.regionId,
    Status: vpc.status,
    VpcName: vpc.vpcName ?? "",
    Description: vpc.description ?? "",
    CreationTime: isoSeconds(vpc.createdAt),
    CidrBlock: vpc.cidrBlock,
    VRouterId: vpc.vRouterId,
    IsDefault: vpc.isDefault,
    OwnerId: ownerIdNumber(vpc.accountId),
    EnabledIpv6: false,
    Ipv6CidrBlock: "",
    DnsHostnameStatus: "DISABLED",
    CenStatus: "Detached",
    VSwitchIds: { VSwitchId: [...vSwitchIds] },
    RouterTableIds: { RouterTableIds: [routeTableIdOf(vpc)] },
    UserCidrs: { UserCidr: [] },
    NatGatewayIds: { NatGatewayIds: [] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    Tags: vpcTags(tags),
  };
}

export function renderVSwitch(
  vSwitch: VSwitch,
  vpc: Vpc | undefined,
  availableIpAddressCount: number,
  tags: readonly Tag[] | undefined,
) {
  return {
    VSwitchId: vSwitch.vSwitchId,
    VpcId: vSwitch.vpcId,
    Status: vSwitch.status,
    CidrBlock: vSwitch.cidrBlock,
    ZoneId: vSwitch.zoneId,
    AvailableIpAddressCount: availableIpAddressCount,
    VSwitchName: vSwitch.vSwitchName ?? "",
    Description: vSwitch.description ?? "",
    CreationTime: isoSeconds(vSwitch.createdAt),
    IsDefault: vSwitch.isDefault,
    OwnerId: ownerIdNumber(vSwitch.accountId),
    EnabledIpv6: false,
    Ipv6CidrBlock: "",
    ...(vpc === undefined
      ? {}
      : { RouteTable: { RouteTableId: routeTableIdOf(vpc), RouteTableType: "System" } }),
    Tags: vpcTags(tags),
  };
}
