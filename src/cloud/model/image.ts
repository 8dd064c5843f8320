import type { Timestamp } from "./common.js";

/**
 * Who provides the image, as stored: Alibaba (`system`), the Marketplace, or the owning account
 * (`self`). `others` in DescribeImages is relative to the caller (an image shared with it), so it
 * is never stored.
 */
export type ImageOwnerAlias = "system" | "self" | "marketplace";

/** DescribeImages' `ImageOwnerAlias` filter values. */
export type ImageVisibility = ImageOwnerAlias | "others";

/** `Deprecated` is the deprecation state (ModifyImageAttribute `Status`); `deprecatedAt` says since when. */
export type ImageStatus =
  "Creating" | "Waiting" | "Available" | "UnAvailable" | "CreateFailed" | "Deprecated";

export type OsType = "linux" | "windows";
export type Architecture = "x86_64" | "arm64" | "i386";
export type BootMode = "BIOS" | "UEFI" | "UEFI-Preferred";

/** How a custom image came to be. */
export type ImageSource =
  | { readonly type: "instance"; readonly instanceId: string }
  | { readonly type: "snapshot"; readonly snapshotId: string }
  | { readonly type: "copy"; readonly sourceRegionId: string; readonly sourceImageId: string }
  | { readonly type: "import"; readonly ossBucket: string; readonly ossObject: string };

export interface Image {
  /**
   * `m-` + 20 characters for custom images; Alibaba's public ids such as
   * `ubuntu_22_04_x64_20G_alibase_20240130.vhd`, which repeat in every region.
   */
  readonly imageId: string;
  readonly regionId: string;
  /** Absent for system and marketplace images. */
  readonly ownerAccountId?: string;
  readonly imageOwnerAlias: ImageOwnerAlias;
  readonly imageName: string;
  readonly description?: string;
  readonly status: ImageStatus;
  readonly osType: OsType;
  /** e.g. `Ubuntu  22.04 64位`. */
  readonly osName: string;
  /** e.g. `Ubuntu  22.04 64 bit`. */
  readonly osNameEn: string;
  /** e.g. `Ubuntu`, `Aliyun`, `Windows Server 2022`. */
  readonly platform: string;
  readonly architecture: Architecture;
  readonly sizeGiB: number;
  readonly imageFamily?: string;
  readonly imageVersion?: string;
  readonly bootMode?: BootMode;
  readonly source?: ImageSource;
  readonly createdAt: Timestamp;
  readonly deprecatedAt?: Timestamp;
}

/** An image shared with another account (ModifyImageSharePermission). */
export interface ImageShare {
  readonly regionId: string;
  readonly imageId: string;
  readonly accountId: string;
  readonly sharedAt: Timestamp;
}
