import type { Vpc } from "../../model/index.js";
import type { ActionHandler } from "../handler.js";
import { ensureDefaultNetwork } from "./defaults.js";
import { VPC_LIMITS } from "./limits.js";
import { availableAddressCount, ownedVpc } from "./network.js";
import { renderVSwitch, routeTableIdOf } from "./render.js";
import { listAll, offsetPageOf, readOffsetPaging } from "./support/paging.js";
import { acceptedParameters } from "./support/parameters.js";
import { readTagFilters } from "./support/tags.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "VpcId",
  "ZoneId",
  "VSwitchId",
  "VSwitchName",
  "IsDefault",
  "RouteTableId",
  "VSwitchOwnerId",
  "EnableIpv6",
  "Tag.N.Key",
  "Tag.N.Value",
  "PageNumber",
  "PageSize",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  ResourceGroupId: "resource groups are not modelled",
};

// DescribeVSwitches: the caller's vSwitches in a region, or in one VPC (whose region is then the
// request's when RegionId is absent, as Alibaba allows). Every vSwitch uses its VPC's system route
// table, so `RouteTableId` filters by VPC. Paged in memory: vSwitches per VPC are bounded (150).
export const describeVSwitches: ActionHandler = {
  product: "vpc",
  action: "DescribeVSwitches",
  access: "read",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED);
    const vpcId = ctx.params.optStr("VpcId") || undefined;
    const zoneId = ctx.params.optStr("ZoneId") || undefined;
    const vSwitchId = ctx.params.optStr("VSwitchId") || undefined;
    const vSwitchName = ctx.params.optStr("VSwitchName") || undefined;
    const isDefault = ctx.params.optBool("IsDefault");
    const routeTableId = ctx.params.optStr("RouteTableId") || undefined;
    const ownerId = ctx.params.optStr("VSwitchOwnerId") || undefined;
    const ipv6 = ctx.params.optBool("EnableIpv6");
    const tags = readTagFilters(ctx);
    const paging = readOffsetPaging(ctx, VPC_LIMITS.pageSize);
    ctx.finishDryRun();

    const { accountId } = ctx.caller;
    const namedVpc = vpcId === undefined ? undefined : await ownedVpc(ctx.store, accountId, vpcId);
    const regionId = !ctx.params.has("RegionId") && namedVpc !== undefined ? namedVpc.regionId : ctx.regionId;
    await ensureDefaultNetwork(ctx.store, accountId, regionId, ctx.now);

    // Another account's VPC, or one in another region, has no vSwitches this caller can see.
    const noneVisible = vpcId !== undefined && (namedVpc === undefined || namedVpc.regionId !== regionId);
    const listed = noneVisible
      ? []
      : await listAll((p) =>
          ctx.store.network.vSwitches.list(
            {
              accountId,
              regionId,
              ...(vpcId === undefined ? {} : { vpcId }),
              ...(zoneId === undefined ? {} : { zoneId }),
              ...(vSwitchId === undefined ? {} : { vSwitchIds: [vSwitchId] }),
              ...(isDefault === undefined ? {} : { isDefault }),
              ...(tags.length === 0 ? {} : { tags }),
            },
            p,
          ),
        );
    const vpcs = new Map<string, Vpc | undefined>();
    const vpcOf = async (id: string) => {
      if (!vpcs.has(id)) vpcs.set(id, await ownedVpc(ctx.store, accountId, id));
      return vpcs.get(id);
    };
    const matching = [];
    for (const vSwitch of listed) {
      if (vSwitchName !== undefined && vSwitch.vSwitchName !== vSwitchName) continue;
      // Only the account's own vSwitches are modelled (no sharing), none with IPv6.
      if ((ownerId !== undefined && ownerId !== accountId) || ipv6 === true) continue;
      const vpc = await vpcOf(vSwitch.vpcId);
      if (routeTableId !== undefined && (vpc === undefined || routeTableIdOf(vpc) !== routeTableId)) continue;
      matching.push(vSwitch);
    }
    const page = offsetPageOf(matching, paging);
    const vSwitchTags = await ctx.store.tags.listForResources(
      regionId,
      "vswitch",
      page.items.map((vSwitch) => vSwitch.vSwitchId),
    );
    const rendered = [];
    for (const vSwitch of page.items) {
      rendered.push(
        renderVSwitch(
          vSwitch,
          await vpcOf(vSwitch.vpcId),
          await availableAddressCount(ctx.store, vSwitch),
          vSwitchTags.get(vSwitch.vSwitchId),
        ),
      );
    }
    return {
      TotalCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      VSwitches: { VSwitch: rendered },
    };
  },
};
