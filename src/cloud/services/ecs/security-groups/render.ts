import type { SecurityGroup, SecurityGroupType, Tag } from "../../../model/index.js";
import { isoSeconds } from "../../vpc/support/format.js";
import { ecsTags } from "../../vpc/support/tags.js";

// A security group as @alicloud/ecs20140526 models it (DescribeSecurityGroupsResponseBody…
// SecurityGroup). The local cloud keeps no rules (AuthorizeSecurityGroup is not served), so
// RuleCount is 0, which is what a group without rules shows.

/** How many private addresses of instances a group holds: 2,000 for a basic group, 65,536 for an advanced one. */
const CAPACITY: Readonly<Record<SecurityGroupType, number>> = { normal: 2000, enterprise: 65536 };

export function renderSecurityGroup(
  group: SecurityGroup,
  ecsCount: number,
  tags: readonly Tag[] | undefined,
) {
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName ?? "",
    Description: group.description ?? "",
    SecurityGroupType: group.securityGroupType,
    VpcId: group.vpcId,
    CreationTime: isoSeconds(group.createdAt),
    EcsCount: ecsCount,
    AvailableInstanceAmount: Math.max(0, CAPACITY[group.securityGroupType] - ecsCount),
    RuleCount: 0,
    GroupToGroupRuleCount: 0,
    ServiceManaged: false,
    Tags: ecsTags(tags),
  };
}
