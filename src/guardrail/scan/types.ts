// The scan as data: what was collected from the cloud (the inventory), and what the scan made of it
// (a verdict per instance, a summary, and which account-regions were seen completely). The inventory
// is plain data so the verdicts can be decided, tested and replayed without a cloud.
import type { ImageSource } from "../../catalog/index.js";
import type { GoldenFailure, GoldenFailureReason } from "../golden.js";
import type { ScopeMode } from "../spec/types.js";

/** Why an account or a region could not be collected; its findings then stay as they were. */
export interface CollectionFailure {
  /** Alibaba's error code, or the client's (`root-cannot-assume-role`, `ConnectionRefused`, …). */
  readonly code: string;
  readonly message: string;
  readonly help?: string;
}

export interface InventoryFolder {
  readonly folderId: string;
  readonly name: string;
}

/** An image an instance uses, as DescribeImages showed it to the instance's account. */
export interface FoundImage {
  readonly state: "found";
  readonly imageId: string;
  readonly name?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The owning account; absent for Alibaba-provided (System, Marketplace) images. */
  readonly ownerId?: string;
  /** Relative to the instance's account, as `ecs:ImageSource` is at launch. */
  readonly source: ImageSource;
  /** `Available`, `Deprecated`, `UnAvailable`, … as the API spells it. */
  readonly status: string;
  /** ISO 8601; `""` when the cloud did not say. */
  readonly createdAt: string;
  /** When it was deprecated, if the cloud says (Alibaba's API does not: a deprecated image's grace is then over). */
  readonly deprecatedAt?: string;
}

/** An image id an instance reports that DescribeImages no longer knows under any owner alias. */
export interface DeletedImage {
  readonly state: "deleted";
  readonly imageId: string;
}

export type InventoryImage = FoundImage | DeletedImage;

export interface InventoryInstance {
  readonly instanceId: string;
  readonly name: string;
  /** `""` when the cloud reported none. */
  readonly imageId: string;
  readonly status: string;
}

export interface InventoryRegion {
  readonly regionId: string;
  /** Present when the region could not be listed to its end: what was listed is judged, nothing is resolved. */
  readonly error?: CollectionFailure;
  readonly instances: readonly InventoryInstance[];
  /** Every image the instances use; an id missing here is judged deleted (fail closed). */
  readonly images: readonly InventoryImage[];
}

export interface InventoryAccount {
  readonly accountId: string;
  /** The display name, which scope paths end with (`Root/Production/app-payments`). */
  readonly name: string;
  /** The folders that hold the account, Root first; empty without a Resource Directory. */
  readonly folders: readonly InventoryFolder[];
  readonly management: boolean;
  /** Present when the account could not be reached at all (AssumeRole refused, regions unreadable). */
  readonly error?: CollectionFailure;
  readonly regions: readonly InventoryRegion[];
}

export interface ScanInventory {
  readonly accounts: readonly InventoryAccount[];
}

/** Image deleted, or one of the golden criteria. */
export type FailureVerdict = "image-deleted" | GoldenFailureReason;

export type ScanVerdict = "compliant" | FailureVerdict | "exempt";

/** `unscoped`: the account is in no scope of the spec; it is reported but never fails the scan. */
export type ScanMode = ScopeMode | "unscoped";

export type ScanFailure =
  GoldenFailure | { readonly reason: "image-deleted"; readonly imageId: string; readonly message: string };

/** An exemption as a finding shows it. */
export interface ExemptionRef {
  readonly id: string;
  readonly reason: string;
  readonly approver: string;
  /** As written in the spec. */
  readonly expiresAt: string;
  /** The first instant it no longer holds (ISO 8601). */
  readonly endsAt: string;
}

/** An image's exemption tag that does not do what it claims (see `checkExemptionTag`). */
export interface ExemptionTagProblem {
  readonly kind: "unknown-exemption" | "not-an-image-exemption" | "other-image" | "expired";
  readonly value: string;
  readonly message: string;
}

export interface ImageSummary {
  readonly name?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly ownerId?: string;
  readonly source: ImageSource;
  readonly status: string;
  readonly createdAt: string;
}

/** Which instance, in which account and region: what a finding, a remediation target and its plan item share. */
export interface InstanceRef {
  /** `<account>/<region>/<instance>`: the finding's identity across scans. */
  readonly key: string;
  readonly accountId: string;
  /** The account's display name. */
  readonly accountName: string;
  readonly regionId: string;
  readonly instanceId: string;
  readonly instanceName: string;
}

export interface InstanceVerdict extends InstanceRef {
  /** `acs:ecs:<region>:<account>:instance/<id>`. */
  readonly arn: string;
  readonly instanceStatus: string;
  readonly imageId: string;
  /** Absent when the image is deleted. */
  readonly image?: ImageSummary;
  /** Keys of the spec's scopes that hold the account. */
  readonly scopes: readonly string[];
  readonly mode: ScanMode;
  readonly verdict: ScanVerdict;
  /** Every reason the image is not golden, most serious first; empty when compliant. */
  readonly failures: readonly ScanFailure[];
  /** When exempt: the verdict it would have, and the exemptions that hold it off. */
  readonly exemption?: {
    readonly verdict: FailureVerdict;
    /** The latest end among the active exemptions (ISO 8601). */
    readonly until: string;
    /** That exemption's `expiresAt` as written (a bare date holds through that day). */
    readonly expiresAt: string;
    readonly exemptions: readonly ExemptionRef[];
  };
  /** Exemptions that would cover it but have expired: the finding stands, and says so. */
  readonly expiredExemptions: readonly ExemptionRef[];
  readonly exemptionTag?: ExemptionTagProblem;
  /** One line: the deciding failure's message, or why it is compliant or exempt. */
  readonly message: string;
}

export interface AccountSummary {
  readonly accountId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly mode: ScanMode;
  readonly instances: number;
  readonly compliant: number;
  /** Not compliant and not exempt. */
  readonly findings: number;
  readonly exempt: number;
}

/** Where the inventory is incomplete. */
export interface Incomplete {
  readonly accountId: string;
  readonly accountName: string;
  /** Absent when the whole account failed. */
  readonly regionId?: string;
  readonly error: CollectionFailure;
}

export interface ScanSummary {
  readonly accounts: number;
  /** Account-regions listed completely. */
  readonly regionsScanned: number;
  readonly instances: number;
  readonly compliant: number;
  /** Not compliant and not exempt. */
  readonly findings: number;
  readonly exempt: number;
  /** Findings in enforce-mode scopes: any makes the scan fail. */
  readonly enforcedFindings: number;
  /** Findings that an expired exemption used to cover. */
  readonly expiredExemptions: number;
  /** Every verdict, zero counts included, in precedence order after `compliant`. */
  readonly byVerdict: Readonly<Record<ScanVerdict, number>>;
  readonly byAccount: readonly AccountSummary[];
}

export interface ScanResult {
  /** The instant verdicts and exemptions were judged at (ISO 8601). */
  readonly judgedAt: string;
  /** Every instance, ordered by account name, region and instance id. */
  readonly instances: readonly InstanceVerdict[];
  readonly summary: ScanSummary;
  /** Account-regions listed to their end: a finding there that was not seen again is resolved. */
  readonly complete: readonly { readonly accountId: string; readonly regionId: string }[];
  readonly incomplete: readonly Incomplete[];
}
