import { invalidParameter } from "../../../http/index.js";
import type { SecurityGroup } from "../../../model/index.js";
import type { ActionHandler, CallContext } from "../../handler.js";
import { ensureDefaultNetwork } from "../../vpc/defaults.js";
import {
  listAll,
  offsetPageOf,
  readOffsetPaging,
  tokenPageOf,
  tokenPaging,
  wantsTokenPaging,
} from "../../vpc/support/paging.js";
import { acceptedParameters, readChoice } from "../../vpc/support/parameters.js";
import { readTagFilters } from "../../vpc/support/tags.js";
import { renderSecurityGroup } from "./render.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "SecurityGroupId",
  "SecurityGroupIds",
  "SecurityGroupIds.N",
  "SecurityGroupName",
  "SecurityGroupType",
  "VpcId",
  "NetworkType",
  "ServiceManaged",
  "IsQueryEcsCount",
  "FuzzyQuery",
  "Tag.N.Key",
  "Tag.N.Value",
  "PageNumber",
  "PageSize",
  "NextToken",
  "MaxResults",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  ResourceGroupId: "resource groups are not modelled",
};

/** `SecurityGroupIds` takes up to 100 ids (a JSON array). */
const MAX_IDS = 100;

// DescribeSecurityGroups: the caller's security groups in the region, its default group included
// (made on first use). Names and types are matched whole. The account's groups of the region are
// read, filtered and paged in memory; EcsCount and AvailableInstanceAmount are always filled (the
// deprecated IsQueryEcsCount asked for them), and FuzzyQuery, deprecated too, changes nothing.
// Paging: PageNumber/PageSize (1..50, default 10) or NextToken/MaxResults (1..100, default 10).
export const describeSecurityGroups: ActionHandler = {
  product: "ecs",
  action: "DescribeSecurityGroups",
  access: "read",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED, "the local cloud does not model it");
    const ids = readIds(ctx);
    const name = ctx.params.optStr("SecurityGroupName") || undefined;
    const type = readChoice(ctx, "SecurityGroupType", ["normal", "enterprise"], () =>
      invalidParameter("SecurityGroupType", "Valid values are normal and enterprise."),
    );
    const vpcId = ctx.params.optStr("VpcId") || undefined;
    const networkType = readChoice(ctx, "NetworkType", ["vpc", "classic"], () =>
      invalidParameter("NetworkType", "Valid values are vpc and classic."),
    );
    const serviceManaged = ctx.params.optBool("ServiceManaged");
    ctx.params.optBool("IsQueryEcsCount");
    ctx.params.optBool("FuzzyQuery");
    const tags = readTagFilters(ctx);
    const byToken = wantsTokenPaging(ctx);
    const offsetPaging = byToken ? undefined : readOffsetPaging(ctx, { defaultSize: 10, maxSize: 50 });
    const maxResults = byToken ? (ctx.params.optInt("MaxResults", { min: 1, max: 100 }) ?? 10) : 10;
    ctx.finishDryRun();

    const { accountId } = ctx.caller;
    const regionId = ctx.regionId;
    await ensureDefaultNetwork(ctx.store, accountId, regionId, ctx.now);
    // Every local group is in a VPC and none is managed by a service.
    const nothing = networkType === "classic" || serviceManaged === true;
    const groups = nothing
      ? []
      : (
          await listAll((paging) =>
            ctx.store.network.securityGroups.list(
              {
                accountId,
                regionId,
                ...(vpcId === undefined ? {} : { vpcId }),
                ...(ids === undefined ? {} : { securityGroupIds: ids }),
                ...(tags.length === 0 ? {} : { tags }),
              },
              paging,
            ),
          )
        ).filter(
          (group) =>
            (name === undefined || group.securityGroupName === name) &&
            (type === undefined || group.securityGroupType === type),
        );

    const render = async (page: readonly SecurityGroup[]) => {
      const groupTags = await ctx.store.tags.listForResources(
        regionId,
        "securitygroup",
        page.map((group) => group.securityGroupId),
      );
      const rendered = [];
      for (const group of page) {
        const ecsCount = await ctx.store.instances.count({
          accountId,
          regionId,
          securityGroupId: group.securityGroupId,
        });
        rendered.push(renderSecurityGroup(group, ecsCount, groupTags.get(group.securityGroupId)));
      }
      return { SecurityGroup: rendered };
    };
    if (offsetPaging !== undefined) {
      const page = offsetPageOf(groups, offsetPaging);
      return {
        RegionId: regionId,
        TotalCount: page.totalCount,
        PageNumber: page.pageNumber,
        PageSize: page.pageSize,
        SecurityGroups: await render(page.items),
      };
    }
    const page = tokenPageOf(groups, tokenPaging(ctx, maxResults));
    return {
      RegionId: regionId,
      TotalCount: groups.length,
      NextToken: page.nextToken ?? "",
      SecurityGroups: await render(page.items),
    };
  },
};

/** `SecurityGroupId` and `SecurityGroupIds` (a JSON array) together name the groups wanted. */
function readIds(ctx: CallContext): string[] | undefined {
  const single = ctx.params.optStr("SecurityGroupId") || undefined;
  const listed =
    (ctx.params.optStr("SecurityGroupIds") ?? "") !== "" ||
    Object.keys(ctx.rawParams).some((key) => key.startsWith("SecurityGroupIds."))
      ? ctx.params.list("SecurityGroupIds", { max: MAX_IDS })
      : undefined;
  if (single === undefined && listed === undefined) return undefined;
  return [...(single === undefined ? [] : [single]), ...(listed ?? [])];
}
