import { invalidParameter, missingParameter } from "../../../http/index.js";
import { findInstanceType, findZone } from "../../../model/index.js";
import type {
  DiskCategory,
  Image,
  InstanceTypeSpec,
  SecurityGroup,
  TagPair,
  VSwitch,
} from "../../../model/index.js";
import type { CallContext } from "../../handler.js";
import { ensureDefaultNetwork } from "../../vpc/defaults.js";
import { ownedSecurityGroup, ownedVSwitch } from "../../vpc/network.js";
import { ECS_DESCRIPTION, ECS_NAME, followsRule, readName } from "../../vpc/support/names.js";
import { readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import { readTagsToSet } from "../../vpc/support/tags.js";
import { DISK_CATEGORIES } from "../regions/offerings.js";
import {
  autoPayRequired,
  descriptionMalformed,
  imageIdAndFamily,
  imageNotForInstanceType,
  instanceChargeTypeNotFound,
  instanceTypeNotSupported,
  internetChargeTypeNotSupported,
  ioOptimizedNotSupported,
  keyPairOnWindows,
  mixedSecurityGroupTypes,
  passwordMalformed,
  passwordWithInherit,
  securityGroupAndVSwitchMismatch,
  securityGroupNotFound,
  securityGroupRepeated,
  securityGroupSingleAndMulti,
  securityGroupsInDifferentVpcs,
  systemDiskAboveMaximum,
  systemDiskBelowMinimum,
  systemDiskCategoryNotSupported,
  systemDiskSmallerThanImage,
  tooManySecurityGroups,
  vSwitchNecessary,
  vSwitchNotFound,
  vSwitchNotInZone,
  zoneNotFound,
} from "./errors.js";
import { newestImageOfFamily, usableImageById } from "./images.js";

// What RunInstances and CreateInstance share: reading and checking the image, the instance type,
// the network (security groups, vSwitch, zone), the system disk, credentials and tags. Checks that
// need nothing but the request come first, then those that read the store, so a malformed request
// fails the same way whatever exists.

/** Parameters both launch actions understand (RunInstances adds its batch parameters). */
export const LAUNCH_PARAMETERS = [
  "RegionId",
  "ImageId",
  "ImageFamily",
  "InstanceType",
  "SecurityGroupId",
  "VSwitchId",
  "ZoneId",
  "InstanceName",
  "HostName",
  "Description",
  "Tag.N.Key",
  "Tag.N.Value",
  "ClientToken",
  "SystemDisk.Category",
  "SystemDisk.Size",
  "KeyPairName",
  "Password",
  "PasswordInherit",
  "InternetMaxBandwidthOut",
  "InternetChargeType",
  "InstanceChargeType",
  "DeletionProtection",
  "IoOptimized",
] as const;

/** Why the official parameters the local cloud does not model are refused, by parameter (or its first part). */
export const LAUNCH_NOT_MODELLED: Readonly<Record<string, string>> = {
  DataDisk: "data disks are not modelled",
  SystemDisk: "only SystemDisk.Category and SystemDisk.Size are modelled",
  NetworkInterface: "elastic network interfaces are not modelled",
  NetworkInterfaceQueueNumber: "elastic network interfaces are not modelled",
  PrivateIpAddress: "the local cloud assigns private addresses itself",
  Period: "subscription instances are not modelled",
  PeriodUnit: "subscription instances are not modelled",
  AutoRenew: "subscription instances are not modelled",
  AutoRenewPeriod: "subscription instances are not modelled",
  SpotStrategy: "preemptible instances are not modelled",
  SpotPriceLimit: "preemptible instances are not modelled",
  SpotDuration: "preemptible instances are not modelled",
  SpotInterruptionBehavior: "preemptible instances are not modelled",
  UserData: "user data is not modelled",
  RamRoleName: "instance RAM roles are not modelled",
  ResourceGroupId: "resource groups are not modelled",
  LaunchTemplateId: "launch templates are not modelled",
  LaunchTemplateName: "launch templates are not modelled",
  LaunchTemplateVersion: "launch templates are not modelled",
  DeploymentSetId: "deployment sets are not modelled",
  DeploymentSetGroupNo: "deployment sets are not modelled",
  DedicatedHostId: "dedicated hosts are not modelled",
  Affinity: "dedicated hosts are not modelled",
  Tenancy: "dedicated hosts are not modelled",
  SchedulerOptions: "dedicated hosts are not modelled",
  HostNames: "give HostName, numbered with name_prefix[begin,bits]name_suffix, instead",
  Ipv6Address: "IPv6 is not modelled",
  Ipv6AddressCount: "IPv6 is not modelled",
  InternetMaxBandwidthIn: "inbound bandwidth is not modelled",
  AutoReleaseTime: "automatic release is not modelled",
  SecurityEnhancementStrategy: "Security Center is not modelled",
  CreditSpecification: "burstable instance credits are not modelled",
  HttpEndpoint: "instance metadata options are not modelled",
  HttpTokens: "instance metadata options are not modelled",
  HttpPutResponseHopLimit: "instance metadata options are not modelled",
  UseAdditionalService: "instance system configuration is not modelled",
  StorageSetId: "storage sets are not modelled",
  StorageSetPartitionNumber: "storage sets are not modelled",
  HpcClusterId: "HPC clusters are not modelled",
  ClusterId: "clusters are not modelled",
  OwnerId: "the caller's own account is the owner",
  OwnerAccount: "the caller's own account is the owner",
  ResourceOwnerId: "the caller's own account is the owner",
  ResourceOwnerAccount: "the caller's own account is the owner",
};

/** An instance joins at most 5 security groups (Alibaba's default quota). */
export const MAX_SECURITY_GROUPS = 5;

/** System disk sizes in GiB by category; the last line of the table applies to every other category. */
const DISK_SIZE_LIMITS: Readonly<Partial<Record<DiskCategory, { min: number; max: number }>>> = {
  cloud: { min: 20, max: 500 },
  cloud_auto: { min: 1, max: 2048 },
};
const OTHER_DISK_SIZE = { min: 20, max: 2048 };
/** Default size: max{40, image size}. */
const DEFAULT_DISK_SIZE = 40;

export interface SystemDiskPlan {
  readonly category: DiskCategory;
  readonly sizeGiB: number;
}

export interface LaunchPlan {
  readonly regionId: string;
  readonly image: Image;
  readonly instanceType: InstanceTypeSpec;
  readonly vSwitch: VSwitch;
  readonly securityGroupIds: readonly string[];
  readonly systemDisk: SystemDiskPlan;
  readonly keyPairName?: string;
  readonly description?: string;
  readonly internetMaxBandwidthOut: number;
  readonly deletionProtection: boolean;
  readonly tags: readonly TagPair[];
}

export interface LaunchOptions {
  /** RunInstances also takes `SecurityGroupIds.N`; CreateInstance takes one group only. */
  readonly securityGroupList: boolean;
  /** RunInstances has `AutoPay`, which must stay true for pay-as-you-go. */
  readonly autoPay: boolean;
}

export async function planLaunch(ctx: CallContext, options: LaunchOptions): Promise<LaunchPlan> {
  const { params } = ctx;
  const regionId = ctx.regionId;

  // ---- from the request alone --------------------------------------------------------------------
  const imageId = params.optStr("ImageId") || undefined;
  const imageFamily = params.optStr("ImageFamily") || undefined;
  if (imageId !== undefined && imageFamily !== undefined) throw imageIdAndFamily();
  if (imageId === undefined && imageFamily === undefined) throw missingParameter("ImageId");
  const instanceType = findInstanceType(params.str("InstanceType"));
  if (instanceType === undefined) throw instanceTypeNotSupported();

  const chargeType = readChoice(
    ctx,
    "InstanceChargeType",
    ["PostPaid", "PrePaid"],
    instanceChargeTypeNotFound,
  );
  if (chargeType === "PrePaid") {
    throw unsupportedValue("InstanceChargeType", "PrePaid", "subscription instances are not modelled");
  }
  const internetChargeType = readChoice(
    ctx,
    "InternetChargeType",
    ["PayByTraffic", "PayByBandwidth"],
    internetChargeTypeNotSupported,
  );
  if (internetChargeType === "PayByBandwidth") {
    throw unsupportedValue("InternetChargeType", "PayByBandwidth", "only pay-by-traffic is modelled");
  }
  if (readChoice(ctx, "IoOptimized", ["optimized", "none"], ioOptimizedNotSupported) === "none") {
    // Every type of the local catalogue is I/O optimized, as every current Alibaba type is.
    throw ioOptimizedNotSupported();
  }
  if (options.autoPay && params.optBool("AutoPay") === false) throw autoPayRequired();
  const internetMaxBandwidthOut = params.optInt("InternetMaxBandwidthOut", { min: 0, max: 100 }) ?? 0;
  const deletionProtection = params.optBool("DeletionProtection") ?? false;
  const description = readName(ctx, "Description", ECS_DESCRIPTION, descriptionMalformed);
  const category = readDiskCategory(ctx, instanceType);
  const requestedSize = params.optInt("SystemDisk.Size", { min: 1 });
  const keyPairName = params.optStr("KeyPairName") || undefined;
  if (keyPairName !== undefined && !followsRule(keyPairName, ECS_NAME)) throw invalidParameter("KeyPairName");
  checkPassword(ctx);
  const tags = readTagsToSet(ctx);
  const zoneId = params.optStr("ZoneId") || undefined;
  if (zoneId !== undefined && findZone(regionId, zoneId) === undefined) throw zoneNotFound();
  const vSwitchId = params.optStr("VSwitchId") || undefined;
  const groupIds = readSecurityGroupIds(ctx, options.securityGroupList);

  // ---- from the store ----------------------------------------------------------------------------
  const { accountId } = ctx.caller;
  const image =
    imageId !== undefined
      ? await usableImageById(ctx.store, accountId, regionId, imageId)
      : await newestImageOfFamily(ctx.store, accountId, regionId, imageFamily ?? "");
  if (image.architecture !== instanceType.architecture) throw imageNotForInstanceType();
  if (keyPairName !== undefined && image.osType === "windows") throw keyPairOnWindows();

  const groups: SecurityGroup[] = [];
  for (const id of groupIds) {
    const group = await ownedSecurityGroup(ctx.store, accountId, id);
    if (group === undefined || group.regionId !== regionId) throw securityGroupNotFound();
    groups.push(group);
  }
  const vpcId = groups[0]!.vpcId;
  if (groups.some((group) => group.vpcId !== vpcId)) throw securityGroupsInDifferentVpcs();
  if (groups.some((group) => group.securityGroupType !== groups[0]!.securityGroupType)) {
    throw mixedSecurityGroupTypes();
  }

  let vSwitch: VSwitch | undefined;
  if (vSwitchId !== undefined) {
    vSwitch = await ownedVSwitch(ctx.store, accountId, vSwitchId);
    if (vSwitch === undefined || vSwitch.regionId !== regionId) throw vSwitchNotFound();
    if (zoneId !== undefined && vSwitch.zoneId !== zoneId) throw vSwitchNotInZone();
    if (vSwitch.vpcId !== vpcId) throw securityGroupAndVSwitchMismatch();
  } else {
    // [decision] Without a VSwitchId the instance goes to the default vSwitch of the zone (ZoneId,
    // else the region's first zone, where Alibaba picks one at random): only a security group of the
    // default VPC allows that, as only the default VPC has default vSwitches.
    const network = await ensureDefaultNetwork(ctx.store, accountId, regionId, ctx.now);
    if (network.vpc.vpcId !== vpcId) throw vSwitchNecessary();
    const zone = zoneId ?? network.vSwitches.keys().next().value;
    vSwitch = zone === undefined ? undefined : network.vSwitches.get(zone);
    if (vSwitch === undefined) throw vSwitchNecessary();
  }

  return {
    regionId,
    image,
    instanceType,
    vSwitch,
    securityGroupIds: groupIds,
    systemDisk: { category, sizeGiB: systemDiskSize(category, requestedSize, image) },
    ...(keyPairName === undefined ? {} : { keyPairName }),
    ...(description === undefined ? {} : { description }),
    internetMaxBandwidthOut,
    deletionProtection,
    tags,
  };
}

function readDiskCategory(ctx: CallContext, type: InstanceTypeSpec): DiskCategory {
  const category =
    readChoice(ctx, "SystemDisk.Category", DISK_CATEGORIES, systemDiskCategoryNotSupported) ??
    "cloud_efficiency";
  // "cloud_essd_entry is supported only when InstanceType is of the u1 or e family."
  if (category === "cloud_essd_entry" && !["ecs.u1", "ecs.e"].includes(type.instanceTypeFamily)) {
    throw systemDiskCategoryNotSupported();
  }
  return category;
}

/** Checks the size against the category's range and the image; the default is max{40, image size}. */
export function systemDiskSize(category: DiskCategory, requested: number | undefined, image: Image): number {
  if (requested === undefined) return Math.max(DEFAULT_DISK_SIZE, image.sizeGiB);
  const limits = DISK_SIZE_LIMITS[category] ?? OTHER_DISK_SIZE;
  if (requested < limits.min) throw systemDiskBelowMinimum(limits.min);
  if (requested > limits.max) throw systemDiskAboveMaximum(limits.max);
  if (requested < image.sizeGiB) throw systemDiskSmallerThanImage();
  return requested;
}

/**
 * `SecurityGroupId`, or `SecurityGroupIds.N` (RunInstances), never both; at least one group, no
 * repeats, at most MAX_SECURITY_GROUPS.
 */
function readSecurityGroupIds(ctx: CallContext, listAllowed: boolean): string[] {
  const single = ctx.params.optStr("SecurityGroupId") || undefined;
  const many = listAllowed ? ctx.params.list("SecurityGroupIds").filter((id) => id !== "") : [];
  if (single !== undefined && many.length > 0) throw securityGroupSingleAndMulti();
  const ids = single !== undefined ? [single] : many;
  if (ids.length === 0) throw missingParameter("SecurityGroupId");
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw securityGroupRepeated(id);
    seen.add(id);
  }
  if (ids.length > MAX_SECURITY_GROUPS) throw tooManySecurityGroups(MAX_SECURITY_GROUPS);
  return ids;
}

const PASSWORD_SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'\"<>,.?/";

/**
 * `Password` (8-30 characters of at least three kinds: upper case, lower case, digits, specials)
 * and `PasswordInherit`, which excludes it. The local cloud has no guest to log in to, so a valid
 * password is checked and then has nothing to apply to; it is never stored or echoed.
 */
export function checkPassword(ctx: CallContext): void {
  const password = ctx.params.optStr("Password") || undefined;
  const inherit = ctx.params.optBool("PasswordInherit") ?? false;
  if (password === undefined) return;
  if (inherit) throw passwordWithInherit();
  const chars = [...password];
  if (chars.length < 8 || chars.length > 30) throw passwordMalformed();
  if (!chars.every((c) => /[A-Za-z0-9]/.test(c) || PASSWORD_SPECIALS.includes(c))) throw passwordMalformed();
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password)).length;
  if (kinds < 3) throw passwordMalformed();
}
