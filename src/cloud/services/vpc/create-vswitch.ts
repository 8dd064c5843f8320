import { findZone, newRegionalId } from "../../model/index.js";
import type { VSwitch } from "../../model/index.js";
import type { ActionHandler } from "../handler.js";
import {
  cidrMalformed,
  cidrNotInVpc,
  cidrOverlapped,
  vSwitchDescriptionMalformed,
  vSwitchMaskLength,
  vSwitchNameMalformed,
  vSwitchQuotaExceeded,
  vpcNotFound,
  zoneNotFound,
} from "./errors.js";
import { VPC_LIMITS } from "./limits.js";
import { ownedVpc } from "./network.js";
import { contains, formatCidr, overlaps, parseCidr } from "./support/cidr.js";
import { VPC_DESCRIPTION, VPC_NAME, readName } from "./support/names.js";
import { listAll } from "./support/paging.js";
import { acceptedParameters } from "./support/parameters.js";
import { readTagsToSet } from "./support/tags.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "VpcId",
  "ZoneId",
  "CidrBlock",
  "VSwitchName",
  "Description",
  "Tag.N.Key",
  "Tag.N.Value",
  "ClientToken",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  Ipv6CidrBlock: "IPv6 is not modelled",
  VpcIpv6CidrBlock: "IPv6 is not modelled",
  Ipv6CidrMask: "IPv6 is not modelled",
  CidrMask: "IPAM pools are not modelled, give CidrBlock",
};

// CreateVSwitch: a subnet of a VPC in one zone. Alibaba's rules: the block lies inside the VPC's,
// its mask is 16 to 29 bits, it overlaps no other vSwitch of the VPC (a vSwitch as large as its VPC
// is then the VPC's only one), and a VPC holds at most 150 vSwitches.
export const createVSwitch: ActionHandler = {
  product: "vpc",
  action: "CreateVSwitch",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED);
    const vpcId = ctx.params.str("VpcId");
    const zoneId = ctx.params.str("ZoneId");
    const cidrText = ctx.params.str("CidrBlock");
    const vSwitchName = readName(ctx, "VSwitchName", VPC_NAME, vSwitchNameMalformed);
    const description = readName(ctx, "Description", VPC_DESCRIPTION, vSwitchDescriptionMalformed);
    const tags = readTagsToSet(ctx);

    const { accountId } = ctx.caller;
    const vpc = await ownedVpc(ctx.store, accountId, vpcId);
    // Without RegionId the request is about the VPC's region, as Alibaba resolves it from the VPC.
    if (vpc === undefined || (ctx.params.has("RegionId") && vpc.regionId !== ctx.regionId))
      throw vpcNotFound();
    const regionId = vpc.regionId;
    if (findZone(regionId, zoneId) === undefined) throw zoneNotFound();

    const cidr = parseCidr(cidrText);
    if (cidr === undefined) throw cidrMalformed();
    if (cidr.prefix < VPC_LIMITS.vSwitchMinPrefix || cidr.prefix > VPC_LIMITS.vSwitchMaxPrefix) {
      throw vSwitchMaskLength();
    }
    const vpcCidr = parseCidr(vpc.cidrBlock);
    if (vpcCidr === undefined || !contains(vpcCidr, cidr)) throw cidrNotInVpc();
    const siblings = await listAll((paging) =>
      ctx.store.network.vSwitches.list({ accountId, regionId, vpcId }, paging),
    );
    const clash = siblings.find((sibling) => {
      const other = parseCidr(sibling.cidrBlock);
      return other !== undefined && overlaps(other, cidr);
    });
    if (clash !== undefined) throw cidrOverlapped(clash.cidrBlock);
    if (siblings.filter((sibling) => !sibling.isDefault).length >= VPC_LIMITS.vSwitchesPerVpc) {
      throw vSwitchQuotaExceeded(VPC_LIMITS.vSwitchesPerVpc);
    }
    ctx.finishDryRun();

    const vSwitch: VSwitch = {
      vSwitchId: newRegionalId("vswitch", regionId),
      accountId,
      regionId,
      vpcId,
      zoneId,
      ...(vSwitchName === undefined ? {} : { vSwitchName }),
      ...(description === undefined ? {} : { description }),
      cidrBlock: formatCidr(cidr),
      isDefault: false,
      status: "Available",
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.network.vSwitches.insert(vSwitch);
    await ctx.store.tags.set(
      { regionId, resourceType: "vswitch", resourceId: vSwitch.vSwitchId },
      accountId,
      tags,
    );
    return { VSwitchId: vSwitch.vSwitchId };
  },
};
