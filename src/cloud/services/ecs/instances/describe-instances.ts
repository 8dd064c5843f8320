import { invalidParameter } from "../../../http/index.js";
import type { Instance, InstanceStatus } from "../../../model/index.js";
import { findInstanceType } from "../../../model/index.js";
import type { InstanceFilter } from "../../../store/store.js";
import type { ActionHandler, CallContext } from "../../handler.js";
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
import { renderInstances } from "./render.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "InstanceIds",
  "InstanceIds.N",
  "ImageId",
  "Status",
  "ZoneId",
  "VpcId",
  "VSwitchId",
  "SecurityGroupId",
  "InstanceName",
  "InstanceType",
  "InstanceTypeFamily",
  "KeyPairName",
  "InstanceChargeType",
  "InstanceNetworkType",
  "IoOptimized",
  "PrivateIpAddresses",
  "PrivateIpAddresses.N",
  "PublicIpAddresses",
  "PublicIpAddresses.N",
  "Tag.N.Key",
  "Tag.N.Value",
  "PageNumber",
  "PageSize",
  "NextToken",
  "MaxResults",
);

const STATUSES: readonly InstanceStatus[] = ["Pending", "Running", "Starting", "Stopping", "Stopped"];

/** `InstanceIds`, `PrivateIpAddresses` and `PublicIpAddresses` take up to 100 values (JSON arrays). */
const MAX_IDS = 100;

// DescribeInstances: the caller's live instances in the region, newest first. Filters the store
// indexes (ids, image, status, zone, VPC, vSwitch, security group, type, tags) are applied by the
// store, which pages the result. The others (an InstanceName with `*` wildcards, key pair, type
// family, addresses) need each row: the account's instances of the region (bounded by the vCPU
// quota) are then read, filtered and paged here.
//
// Paging: PageNumber/PageSize (1..100, default 10) or NextToken/MaxResults; MaxResults below 10 is
// taken as 10 and above 100 as 100, as the DescribeInstances reference says. Alibaba calls TotalCount
// meaningless with NextToken; the local cloud still gives the true count.
export const describeInstances: ActionHandler = {
  product: "ecs",
  action: "DescribeInstances",
  access: "read",
  async handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud does not model it");
    const status = readChoice(ctx, "Status", STATUSES, () =>
      invalidParameter("Status", `Valid values are ${STATUSES.join(", ")}.`),
    );
    const instanceIds = readJsonList(ctx, "InstanceIds");
    const chargeType = readChoice(ctx, "InstanceChargeType", ["PostPaid", "PrePaid"], () =>
      invalidParameter("InstanceChargeType", "Valid values are PostPaid and PrePaid."),
    );
    const networkType = readChoice(ctx, "InstanceNetworkType", ["vpc", "classic"], () =>
      invalidParameter("InstanceNetworkType", "Valid values are vpc and classic."),
    );
    const ioOptimized = ctx.params.optBool("IoOptimized");
    const name = ctx.params.optStr("InstanceName") || undefined;
    const keyPairName = ctx.params.optStr("KeyPairName") || undefined;
    const family = ctx.params.optStr("InstanceTypeFamily") || undefined;
    const privateIps = readJsonList(ctx, "PrivateIpAddresses");
    const publicIps = readJsonList(ctx, "PublicIpAddresses");
    const tags = readTagFilters(ctx);
    const byToken = wantsTokenPaging(ctx);
    const offsetPaging = byToken ? undefined : readOffsetPaging(ctx, { defaultSize: 10, maxSize: MAX_IDS });
    const maxResults = Math.min(100, Math.max(10, ctx.params.optInt("MaxResults") ?? 10));
    ctx.finishDryRun();

    const filter: InstanceFilter = {
      accountId: ctx.caller.accountId,
      regionId: ctx.regionId,
      ...optional("instanceIds", instanceIds),
      ...optional("imageId", ctx.params.optStr("ImageId") || undefined),
      ...(status === undefined ? {} : { statuses: [status] }),
      ...optional("zoneId", ctx.params.optStr("ZoneId") || undefined),
      ...optional("vpcId", ctx.params.optStr("VpcId") || undefined),
      ...optional("vSwitchId", ctx.params.optStr("VSwitchId") || undefined),
      ...optional("securityGroupId", ctx.params.optStr("SecurityGroupId") || undefined),
      ...optional("instanceType", ctx.params.optStr("InstanceType") || undefined),
      ...(tags.length === 0 ? {} : { tags }),
      // The store matches a substring, case-insensitively: the longest literal run of the pattern
      // narrows the rows, and `matchesName` below decides.
      ...optional("instanceNameContains", name === undefined ? undefined : longestLiteral(name)),
    };
    // Every local instance is pay-as-you-go, in a VPC and I/O optimized.
    const nothing = chargeType === "PrePaid" || networkType === "classic" || ioOptimized === false;
    const inMemory = [name, keyPairName, family, privateIps, publicIps].some((value) => value !== undefined);
    const keep = (instance: Instance): boolean =>
      (name === undefined || matchesName(instance.instanceName, name)) &&
      (keyPairName === undefined || instance.keyPairName === keyPairName) &&
      (family === undefined || findInstanceType(instance.instanceType)?.instanceTypeFamily === family) &&
      (privateIps === undefined || privateIps.includes(instance.privateIpAddress ?? "")) &&
      (publicIps === undefined || publicIps.includes(instance.publicIpAddress ?? ""));

    const store = ctx.store;
    const all = async () =>
      nothing ? [] : (await listAll((paging) => store.instances.list(filter, paging))).filter(keep);
    if (offsetPaging !== undefined) {
      const page =
        nothing || inMemory
          ? offsetPageOf(await all(), offsetPaging)
          : await store.instances.list(filter, offsetPaging);
      return {
        TotalCount: page.totalCount,
        PageNumber: page.pageNumber,
        PageSize: page.pageSize,
        Instances: { Instance: await renderInstances(store, page.items) },
      };
    }
    const paging = tokenPaging(ctx, maxResults);
    let items: readonly Instance[];
    let nextToken: string | undefined;
    let totalCount: number;
    if (nothing || inMemory) {
      const matching = await all();
      ({ items, nextToken } = tokenPageOf(matching, paging));
      totalCount = matching.length;
    } else {
      ({ items, nextToken } = await store.instances.list(filter, paging));
      totalCount = await store.instances.count(filter);
    }
    return {
      TotalCount: totalCount,
      NextToken: nextToken ?? "",
      Instances: { Instance: await renderInstances(store, items) },
    };
  },
};

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readJsonList(ctx: CallContext, name: string): string[] | undefined {
  if (
    (ctx.params.optStr(name) ?? "") === "" &&
    !Object.keys(ctx.rawParams).some((key) => key.startsWith(`${name}.`))
  ) {
    return undefined;
  }
  return ctx.params.list(name, { max: MAX_IDS });
}

/** `InstanceName` matches the whole name; `*` stands for any run of characters. */
function matchesName(instanceName: string, pattern: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[\\^$.+?()[\]{}|]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s").test(instanceName);
}

function longestLiteral(pattern: string): string | undefined {
  const longest = pattern.split("*").reduce((a, b) => (b.length > a.length ? b : a), "");
  return longest === "" ? undefined : longest;
}
