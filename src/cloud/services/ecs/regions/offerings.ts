import type { CallContext } from "../../handler.js";
import { readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import { invalidParameter } from "../../../http/index.js";

// What every region and zone of the local cloud offers. Alibaba's offerings differ by zone and
// change with stock; the local cloud offers its whole static catalogue everywhere, so a choice never
// fails for want of stock (capacity is the account's vCPU quota, see instances/capacity.ts).

/** System disk categories RunInstances and CreateInstance accept (`cloud_essd_entry` only on ecs.e and ecs.u1). */
export const DISK_CATEGORIES = [
  "cloud",
  "cloud_efficiency",
  "cloud_ssd",
  "cloud_essd",
  "cloud_auto",
  "cloud_essd_entry",
] as const;

/** DescribeZones' `AvailableResourceCreation`: what can be made in a zone. */
export const RESOURCE_CREATION = ["VSwitch", "IoOptimized", "Instance", "Disk"] as const;

/**
 * `AcceptLanguage` of DescribeRegions and DescribeZones. The local cloud has the English names only
 * (Alibaba answers `zh-CN` by default): asking for another language is refused rather than answered
 * in English.
 */
export function checkAcceptLanguage(ctx: CallContext): void {
  const language = ctx.params.optStr("AcceptLanguage");
  if (language === undefined || language === "" || language === "en-US") return;
  if (language === "zh-CN" || language === "ja") {
    throw unsupportedValue(
      "AcceptLanguage",
      language,
      "the local cloud has English names only, ask for en-US",
    );
  }
  throw invalidParameter("AcceptLanguage", "Valid values are zh-CN, en-US and ja.");
}

/**
 * `InstanceChargeType` as a filter of DescribeRegions and DescribeZones: every region and zone
 * offers pay-as-you-go; subscriptions are not modelled.
 */
export function checkChargeTypeFilter(ctx: CallContext): void {
  const chargeType = readChoice(ctx, "InstanceChargeType", ["PostPaid", "PrePaid"], () =>
    invalidParameter("InstanceChargeType", "Valid values are PostPaid and PrePaid."),
  );
  if (chargeType === "PrePaid") {
    throw unsupportedValue("InstanceChargeType", "PrePaid", "subscription instances are not modelled");
  }
}
