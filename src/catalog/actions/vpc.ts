// VPC (2016-04-28). ARN forms from Alibaba's ECS/VPC RAM resource table (`vpc/{vpcId}`,
// `vswitch/{vswitchId}`); parameter names from @alicloud/vpc20160428.
import { PRODUCT_VERSIONS } from "../products.js";
import type { CatalogEntry } from "../types.js";
import {
  ACCOUNT,
  REGION,
  REQUEST_TAGS,
  RESOURCE_TAGS,
  TAG_KEYS,
  TAG_PAIRS,
  arn,
  param,
  present,
} from "./build.js";

type VpcFields = Omit<CatalogEntry, "product" | "version" | "ramAction" | "docs"> & {
  readonly apiAction: string;
};

function vpc(fields: VpcFields): CatalogEntry {
  return {
    product: "Vpc",
    version: PRODUCT_VERSIONS.Vpc,
    ramAction: `vpc:${fields.apiAction}`,
    docs: `https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-${fields.apiAction.toLowerCase()}`,
    ...fields,
  };
}

const vpcs = arn("acs:vpc:{RegionId}:{AccountId}:vpc/*", { RegionId: REGION, AccountId: ACCOUNT });
const vswitches = arn("acs:vpc:{RegionId}:{AccountId}:vswitch/*", { RegionId: REGION, AccountId: ACCOUNT });

export const vpcActions: readonly CatalogEntry[] = [
  vpc({
    apiAction: "DescribeVpcs",
    access: "list",
    checkKind: "list",
    resources: [
      vpcs,
      arn(
        "acs:vpc:{RegionId}:{AccountId}:vpc/{VpcId}",
        { RegionId: REGION, AccountId: ACCOUNT, VpcId: param("VpcId", "comma") },
        { when: present("VpcId") },
      ),
    ],
    contextKeys: [],
    description: "list VPCs",
    decision: "the list rule of spec §6 applied to VPCs: `vpc/*` plus each VPC the request filters on",
  }),
  vpc({
    apiAction: "DescribeVSwitches",
    access: "list",
    checkKind: "list",
    resources: [
      vswitches,
      arn(
        "acs:vpc:{RegionId}:{AccountId}:vswitch/{VSwitchId}",
        { RegionId: REGION, AccountId: ACCOUNT, VSwitchId: param("VSwitchId") },
        { when: present("VSwitchId") },
      ),
    ],
    contextKeys: [],
    description: "list vSwitches",
    decision:
      "the list rule of spec §6 applied to vSwitches: `vswitch/*` plus the vSwitch the request filters on",
  }),
  vpc({
    apiAction: "CreateVpc",
    access: "write",
    checkKind: "per-resource",
    resources: [vpcs],
    contextKeys: [REQUEST_TAGS, TAG_KEYS],
    requestTags: TAG_PAIRS,
    description: "create a VPC",
    decision: "checks `vpc/*` for the new VPC, by analogy with ECS create actions",
  }),
  vpc({
    apiAction: "CreateVSwitch",
    access: "write",
    checkKind: "per-resource",
    resources: [
      vswitches,
      arn(
        "acs:vpc:{RegionId}:{AccountId}:vpc/{VpcId}",
        { RegionId: REGION, AccountId: ACCOUNT, VpcId: param("VpcId") },
        { target: "VpcId" },
      ),
    ],
    contextKeys: [RESOURCE_TAGS, REQUEST_TAGS, TAG_KEYS],
    requestTags: TAG_PAIRS,
    description: "create a vSwitch in a VPC",
    decision:
      "checks `vswitch/*` for the new vSwitch and the VPC it goes into, by analogy with ECS CreateSecurityGroup",
  }),
];
