import { invalidParameter } from "../../http/index.js";
import type { ActionHandler } from "../handler.js";
import { ensureDefaultNetwork } from "./defaults.js";
import { VPC_LIMITS } from "./limits.js";
import { renderVpc } from "./render.js";
import { listAll, offsetPageOf, readOffsetPaging } from "./support/paging.js";
import { acceptedParameters } from "./support/parameters.js";
import { readTagFilters } from "./support/tags.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "VpcId",
  "VpcName",
  "IsDefault",
  "VpcOwnerId",
  "EnableIpv6",
  "Tag.N.Key",
  "Tag.N.Value",
  "PageNumber",
  "PageSize",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  ResourceGroupId: "resource groups are not modelled",
  DhcpOptionsSetId: "DHCP options sets are not modelled",
};

// DescribeVpcs: the caller's VPCs in the region, its default VPC included (made on first use).
// `VpcId` takes up to 20 comma-separated ids; `IsDefault` narrows to the default VPC (true) or to
// the others (false); `VpcName` matches the whole name. An account's VPCs in a region are few (10
// besides the default), so they are filtered and paged in memory.
export const describeVpcs: ActionHandler = {
  product: "vpc",
  action: "DescribeVpcs",
  access: "read",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED);
    const vpcIds = readVpcIds(ctx.params.optStr("VpcId"));
    const isDefault = ctx.params.optBool("IsDefault");
    const vpcName = ctx.params.optStr("VpcName") || undefined;
    const ownerId = ctx.params.optStr("VpcOwnerId") || undefined;
    const ipv6 = ctx.params.optBool("EnableIpv6");
    const tags = readTagFilters(ctx);
    const paging = readOffsetPaging(ctx, VPC_LIMITS.pageSize);
    ctx.finishDryRun();

    const { accountId } = ctx.caller;
    const regionId = ctx.regionId;
    await ensureDefaultNetwork(ctx.store, accountId, regionId, ctx.now);
    const matching = (
      await listAll((p) =>
        ctx.store.network.vpcs.list(
          {
            accountId,
            regionId,
            ...(vpcIds === undefined ? {} : { vpcIds }),
            ...(isDefault === undefined ? {} : { isDefault }),
            ...(tags.length === 0 ? {} : { tags }),
          },
          p,
        ),
      )
    ).filter(
      (vpc) =>
        (vpcName === undefined || vpc.vpcName === vpcName) &&
        // Only the account's own VPCs are modelled (no VPC sharing), none with IPv6.
        (ownerId === undefined || ownerId === accountId) &&
        ipv6 !== true,
    );
    const page = offsetPageOf(matching, paging);
    const ids = page.items.map((vpc) => vpc.vpcId);
    const vpcTags = await ctx.store.tags.listForResources(regionId, "vpc", ids);
    const rendered = [];
    for (const vpc of page.items) {
      const vSwitches = await listAll((p) =>
        ctx.store.network.vSwitches.list({ accountId, regionId, vpcId: vpc.vpcId }, p),
      );
      rendered.push(
        renderVpc(
          vpc,
          vSwitches.map((vSwitch) => vSwitch.vSwitchId),
          vpcTags.get(vpc.vpcId),
        ),
      );
    }
    return {
      TotalCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      Vpcs: { Vpc: rendered },
    };
  },
};

function readVpcIds(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length > VPC_LIMITS.vpcIdsPerQuery) {
    throw invalidParameter("VpcId", `It takes at most ${VPC_LIMITS.vpcIdsPerQuery} VPC IDs.`);
  }
  return ids;
}
