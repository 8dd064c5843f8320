import { newRegionalId } from "../../model/index.js";
import type { Vpc } from "../../model/index.js";
import type { ActionHandler } from "../handler.js";
import {
  cidrMalformed,
  vpcCidrInvalid,
  vpcDescriptionMalformed,
  vpcNameMalformed,
  vpcQuotaExceeded,
} from "./errors.js";
import { VPC_LIMITS } from "./limits.js";
import { routeTableIdOf } from "./render.js";
import { formatCidr, isReserved, parseCidr } from "./support/cidr.js";
import { VPC_DESCRIPTION, VPC_NAME, readName } from "./support/names.js";
import { acceptedParameters, unsupportedValue } from "./support/parameters.js";
import { readTagsToSet } from "./support/tags.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "CidrBlock",
  "VpcName",
  "Description",
  "Tag.N.Key",
  "Tag.N.Value",
  "ClientToken",
  "EnableIpv6",
  "EnableDnsHostname",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  UserCidr: "user CIDR blocks are not modelled",
  Ipv6CidrBlock: "IPv6 is not modelled",
  Ipv6CidrMask: "IPv6 is not modelled",
  Ipv6Isp: "IPv6 is not modelled",
  Ipv6IpamPoolId: "IPAM pools are not modelled",
  Ipv4IpamPoolId: "IPAM pools are not modelled",
  Ipv4CidrMask: "IPAM pools are not modelled, give CidrBlock",
  ResourceGroupId: "resource groups are not modelled",
};

// CreateVpc: a VPC in the request's region. Alibaba creates it Pending and makes it Available within
// seconds; the local cloud's VPC is Available when the call returns, so nobody has to poll.
export const createVpc: ActionHandler = {
  product: "vpc",
  action: "CreateVpc",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED);
    if (ctx.params.optBool("EnableIpv6") === true) {
      throw unsupportedValue("EnableIpv6", "true", "IPv6 is not modelled");
    }
    if (ctx.params.optBool("EnableDnsHostname") === true) {
      throw unsupportedValue("EnableDnsHostname", "true", "DNS hostnames are not modelled");
    }
    const cidrText = ctx.params.optStr("CidrBlock") || VPC_LIMITS.defaultVpcCidr;
    const cidr = parseCidr(cidrText);
    if (cidr === undefined) throw cidrMalformed();
    if (cidr.prefix < VPC_LIMITS.vpcMinPrefix || cidr.prefix > VPC_LIMITS.vpcMaxPrefix) {
      throw vpcCidrInvalid(
        `a VPC mask is ${VPC_LIMITS.vpcMinPrefix} to ${VPC_LIMITS.vpcMaxPrefix} bits long`,
      );
    }
    if (isReserved(cidr)) throw vpcCidrInvalid(`\`${cidrText}\` overlaps a range Alibaba Cloud reserves`);
    const vpcName = readName(ctx, "VpcName", VPC_NAME, vpcNameMalformed);
    const description = readName(ctx, "Description", VPC_DESCRIPTION, vpcDescriptionMalformed);
    const tags = readTagsToSet(ctx);

    const { accountId } = ctx.caller;
    const regionId = ctx.regionId;
    const custom = await ctx.store.network.vpcs.list(
      { accountId, regionId, isDefault: false },
      { pageNumber: 1, pageSize: 1 },
    );
    if (custom.totalCount >= VPC_LIMITS.vpcsPerRegion) throw vpcQuotaExceeded(VPC_LIMITS.vpcsPerRegion);
    ctx.finishDryRun();

    const vpc: Vpc = {
      vpcId: newRegionalId("vpc", regionId),
      accountId,
      regionId,
      ...(vpcName === undefined ? {} : { vpcName }),
      ...(description === undefined ? {} : { description }),
      cidrBlock: formatCidr(cidr),
      isDefault: false,
      status: "Available",
      vRouterId: newRegionalId("vrouter", regionId),
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.network.vpcs.insert(vpc);
    await ctx.store.tags.set({ regionId, resourceType: "vpc", resourceId: vpc.vpcId }, accountId, tags);
    return { VpcId: vpc.vpcId, VRouterId: vpc.vRouterId, RouteTableId: routeTableIdOf(vpc) };
  },
};
