// The local cloud's data model: plain data, one file per aggregate, plus static catalogues.
export type * from "./common.js";
export type * from "./account.js";
export type * from "./ram.js";
export type * from "./sts.js";
export type * from "./resource-directory.js";
export type * from "./image.js";
export type * from "./instance.js";
export type * from "./network.js";
export type * from "./tag.js";
export type * from "./idempotency.js";
export type * from "./audit.js";

export { REGIONS, findRegion, findZone } from "./regions.js";
export type { Region, Zone } from "./regions.js";
export { INSTANCE_TYPES, findInstanceType } from "./instance-types.js";
export type { InstanceTypeSpec } from "./instance-types.js";
export { SYSTEM_IMAGES } from "./system-images.js";
export type { SystemImageSpec } from "./system-images.js";
export {
  newAccountId,
  newRamUserId,
  newRamGroupId,
  newRamRoleId,
  newAccessKeyId,
  newAccessKeySecret,
  newStsAccessKeyId,
  newSecurityToken,
  newRegionalId,
  newDirectoryId,
  newRootFolderId,
  newFolderId,
  newControlPolicyId,
  newEventId,
} from "./ids.js";
export type { RegionalIdKind } from "./ids.js";
