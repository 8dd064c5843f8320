import { invalidParameter } from "../../../http/index.js";
import { newRegionalId } from "../../../model/index.js";
import type { SecurityGroup, SecurityGroupType } from "../../../model/index.js";
import type { ActionHandler } from "../../handler.js";
import { ensureDefaultNetwork } from "../../vpc/defaults.js";
import { vpcNotFound } from "../../vpc/errors.js";
import { ownedVpc } from "../../vpc/network.js";
import { ECS_DESCRIPTION, ECS_NAME, readName } from "../../vpc/support/names.js";
import { acceptedParameters, readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import { readTagsToSet } from "../../vpc/support/tags.js";
import { descriptionMalformed } from "../instances/errors.js";
import { securityGroupNameMalformed } from "./errors.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "VpcId",
  "SecurityGroupName",
  "Description",
  "SecurityGroupType",
  "ServiceManaged",
  "Tag.N.Key",
  "Tag.N.Value",
  "ClientToken",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  ResourceGroupId: "resource groups are not modelled",
};

// CreateSecurityGroup: a basic (`normal`, the default) or advanced (`enterprise`) group in a VPC of
// the region. [decision] Without VpcId Alibaba used to make a classic-network group; the classic
// network is retired and not modelled, so the group goes to the account's default VPC.
export const createSecurityGroup: ActionHandler = {
  product: "ecs",
  action: "CreateSecurityGroup",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED, "the local cloud does not model it");
    const securityGroupName = readName(ctx, "SecurityGroupName", ECS_NAME, securityGroupNameMalformed);
    const description = readName(ctx, "Description", ECS_DESCRIPTION, descriptionMalformed);
    const securityGroupType: SecurityGroupType =
      readChoice(ctx, "SecurityGroupType", ["normal", "enterprise"], () =>
        invalidParameter("SecurityGroupType", "Valid values are normal and enterprise."),
      ) ?? "normal";
    if (ctx.params.optBool("ServiceManaged") === true) {
      throw unsupportedValue("ServiceManaged", "true", "managed security groups are not modelled");
    }
    const tags = readTagsToSet(ctx);
    const vpcIdParam = ctx.params.optStr("VpcId") || undefined;

    const { accountId } = ctx.caller;
    const regionId = ctx.regionId;
    const named = vpcIdParam === undefined ? undefined : await ownedVpc(ctx.store, accountId, vpcIdParam);
    if (vpcIdParam !== undefined && (named === undefined || named.regionId !== regionId)) throw vpcNotFound();
    ctx.finishDryRun();
    const vpcId =
      named?.vpcId ?? (await ensureDefaultNetwork(ctx.store, accountId, regionId, ctx.now)).vpc.vpcId;

    const group: SecurityGroup = {
      securityGroupId: newRegionalId("securitygroup", regionId),
      accountId,
      regionId,
      vpcId,
      ...(securityGroupName === undefined ? {} : { securityGroupName }),
      ...(description === undefined ? {} : { description }),
      securityGroupType,
      createdAt: ctx.now.toISOString(),
    };
    await ctx.store.network.securityGroups.insert(group);
    await ctx.store.tags.set(
      { regionId, resourceType: "securitygroup", resourceId: group.securityGroupId },
      accountId,
      tags,
    );
    return { SecurityGroupId: group.securityGroupId };
  },
};
