// Remediation as data: what the cloud looked like (facts), what to do about each finding (a plan of
// ordered steps, each one API call), and what happened when the plan ran (a run, every step recorded).
// Plans are plain JSON so they can be saved, reviewed, diffed and applied later exactly as written.
import type { ImageSource } from "../../catalog/index.js";
import type {
  CollectionFailure,
  DeletedImage,
  ExemptionRef,
  FailureVerdict,
  FoundImage,
  InstanceRef,
  InventoryAccount,
  ScanFailure,
  ScanMode,
  ScanVerdict,
} from "../scan/types.js";

/** What can be done about a finding. Releasing is never chosen automatically. */
export type RemediationStrategy = "replace-disk" | "stop" | "release" | "approve-and-tag";

/** `auto`: by verdict (approve-and-tag only for an image named by `approveImages`, else replace-disk). */
export type StrategyChoice = RemediationStrategy | "auto";

/**
 * One finding as the plan starts from it: the latest scan's view of the instance. Its scopes and
 * mode are what the scan recorded; the planner works them out again from the spec and the
 * directory of now (facts.accounts) and never acts on these.
 */
export interface RemediationTarget extends InstanceRef {
  /** The image the scan saw. */
  readonly imageId: string;
  readonly scopes: readonly string[];
  readonly mode: ScanMode;
  readonly verdict: ScanVerdict;
  /** For an exempt finding, the verdict it would have. */
  readonly exemptVerdict?: FailureVerdict;
}

/** Which findings to remediate; every filter given must match. */
export interface RemediationSelection {
  /** Account ids or display names. */
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  readonly instances?: readonly string[];
  /** Matches the finding's verdict, or an exempt finding's underlying one. */
  readonly verdicts?: readonly FailureVerdict[];
  /** Scope keys as written in the spec. */
  readonly scopes?: readonly string[];
  /** Audit-mode and unscoped accounts too (default: enforce scopes only). */
  readonly includeAudit: boolean;
  /** Images the caller explicitly approves for tagging as golden. Nothing is ever approved implicitly. */
  readonly approveImages: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Facts: what the cloud says now, read through src/client (see gather-facts.ts).

/** An image as one account sees it in one region: as the scan sees it, and what tells its OS family. */
export interface ImageFacts extends Omit<FoundImage, "state"> {
  /** `Ubuntu  22.04 64 bit`. */
  readonly osName?: string;
  readonly platform?: string;
  /** `x86_64`, `arm64`, `i386`. */
  readonly architecture?: string;
}

export type ImageLookup = ({ readonly state: "found" } & ImageFacts) | DeletedImage;

export interface InstanceFacts {
  readonly instanceId: string;
  readonly status: string;
  /** `""` when the instance reports none. */
  readonly imageId: string;
  readonly instanceType: string;
  /** The OS of the image the system disk came from, as the instance reports it. */
  readonly osName?: string;
  /** Of the instance type (`x86_64` / `arm64`), looked up when the image is gone. */
  readonly architecture?: string;
}

/** One account's view of one region: the targets' instances, their images, and the golden candidates. */
export interface PlaceFacts {
  readonly accountId: string;
  readonly regionId: string;
  /** Present when the place could not be read: its findings are blocked, never guessed at. */
  readonly error?: CollectionFailure;
  /** The targets' instances; a target missing here no longer exists. */
  readonly instances: readonly InstanceFacts[];
  readonly images: readonly ImageLookup[];
  /** Images visible to the account that may replace a system disk (Available; every allowed source). */
  readonly candidates: readonly ImageFacts[];
  /** Present when the candidates could not be listed. */
  readonly candidatesError?: CollectionFailure;
}

/**
 * Where an account sits in the organisation now: what its scopes and mode are worked out from, by
 * the scan's own rule (scopesOfAccount), whatever a findings record or a saved plan says they were.
 */
export type AccountPlacement = Pick<InventoryAccount, "accountId" | "name" | "folders">;

export interface RemediationFacts {
  readonly places: readonly PlaceFacts[];
  /** Every account of the organisation as its directory lists them now. */
  readonly accounts: readonly AccountPlacement[];
  /** Present when the directory could not be read: no finding is planned, its scope being unknown. */
  readonly accountsError?: CollectionFailure;
}

// ---------------------------------------------------------------------------------------------
// The plan.

export type RemediationStepKind =
  "stop-instance" | "replace-system-disk" | "start-instance" | "delete-instance" | "tag-image";

export interface RemediationStepRisk {
  /** `data-loss` and `irreversible` are printed in capitals: nobody should miss them. */
  readonly level: "data-loss" | "irreversible" | "downtime" | "approval";
  readonly message: string;
}

/** One API call, made with the credentials of `accountId`, and what it waits for afterwards. */
export interface RemediationStep {
  readonly kind: RemediationStepKind;
  /** The ECS API action: `StopInstance`. */
  readonly action: string;
  readonly accountId: string;
  readonly regionId: string;
  /** The call's parameters as the API names them (a ClientToken is added when it is sent). */
  readonly params: Readonly<Record<string, string>>;
  /** What the step waits for after the call, e.g. `Stopped`. */
  readonly waitFor?: string;
  readonly preconditions: readonly string[];
  readonly risks: readonly RemediationStepRisk[];
  /** One line for people. */
  readonly summary: string;
}

/**
 * `planned`: steps to run. `skipped`: exempt, or an audit scope without `includeAudit`.
 * `blocked`: nothing safe can be done (no golden image of the family, unreadable account, an
 * instance in transition); `help` says what to do. `refused`: the strategy asked for is not
 * allowed for it (approve-and-tag without explicit approval, or of an image that fails more than
 * its tags). `nothing-to-do`: already golden, already stopped, or gone.
 */
export type RemediationItemStatus = "planned" | "skipped" | "blocked" | "refused" | "nothing-to-do";

/** An OS family: the OS as the image names it, and the CPU architecture. */
export interface OsFamily {
  /** `Ubuntu 22.04 64 bit` (spaces collapsed). */
  readonly os: string;
  readonly architecture: string;
  readonly platform?: string;
}

export interface TargetImage {
  readonly imageId: string;
  readonly name?: string;
  readonly ownerId?: string;
  readonly source: ImageSource;
  readonly createdAt: string;
}

export interface RemediationItem extends InstanceRef {
  readonly scopes: readonly string[];
  readonly mode: ScanMode;
  /** As judged when planning (facts of now, spec, exemptions at `createdAt`); the finding's when unreadable. */
  readonly verdict: ScanVerdict;
  readonly failures: readonly ScanFailure[];
  readonly imageId: string;
  readonly status: RemediationItemStatus;
  readonly strategy?: RemediationStrategy;
  /** Why this strategy, or why not. */
  readonly reason: string;
  /** What a person can do, for blocked, refused and skipped items. */
  readonly help?: string;
  readonly steps: readonly RemediationStep[];
  /** The instance when planned: a saved plan is stale once it looks different. */
  readonly observed?: { readonly instanceStatus: string; readonly imageId: string };
  readonly family?: OsFamily;
  /** The golden image a system disk is replaced with. */
  readonly targetImage?: TargetImage;
  /** The tags approve-and-tag sets. */
  readonly approvedTags?: Readonly<Record<string, string>>;
  /** The item whose steps resolve this one too (one image tagged for several instances). */
  readonly resolvedBy?: string;
  /** Active exemptions (a skipped item). */
  readonly exemptions: readonly ExemptionRef[];
  /** Exemptions that covered it and have expired: flagged, never honoured. */
  readonly expiredExemptions: readonly ExemptionRef[];
  /** The scan saw another image or state than the cloud shows now. */
  readonly drift?: string;
}

export interface RemediationPlanProblem {
  readonly code: "approve-image-unused" | "approve-image-with-strategy";
  readonly message: string;
  readonly help: string;
}

export interface RemediationPlanSummary {
  readonly findings: number;
  readonly planned: number;
  readonly skipped: number;
  readonly blocked: number;
  readonly refused: number;
  readonly nothingToDo: number;
  readonly steps: number;
  /** Instances whose system disk is replaced: their system disk data is lost. */
  readonly systemDisksReplaced: number;
  readonly instancesReleased: number;
  readonly imagesTagged: number;
}

export const REMEDIATION_PLAN_FORMAT = "imageguard.remediation-plan";

export interface RemediationPlan {
  readonly format: typeof REMEDIATION_PLAN_FORMAT;
  readonly version: 1;
  /** The instant the plan was judged at (exemptions, image age): ISO 8601. */
  readonly createdAt: string;
  readonly strategy: StrategyChoice;
  readonly selection: RemediationSelection;
  /** Which scan the findings came from. */
  readonly source: {
    readonly kind: "findings" | "scan";
    readonly scanId?: number;
    readonly scannedAt?: string;
  };
  readonly items: readonly RemediationItem[];
  readonly summary: RemediationPlanSummary;
  /** Options that would otherwise be silently ignored: any problem stops the plan from being applied. */
  readonly problems: readonly RemediationPlanProblem[];
}

// ---------------------------------------------------------------------------------------------
// The run.

export interface RemediationStepError {
  /** Alibaba's error code, or the client's (`WaitTimedOut`, `ConnectionRefused`, …). */
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  /** Alibaba's AccessDeniedDetail, for a denial: who denied, which policy type. */
  readonly accessDeniedDetail?: Readonly<Record<string, unknown>>;
  readonly help?: string;
}

export type RemediationStepOutcome = "running" | "succeeded" | "failed" | "not-run";

export interface RemediationStepRecord {
  readonly key: string;
  /** 1-based position in its item. */
  readonly index: number;
  readonly kind: RemediationStepKind;
  readonly action: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly instanceId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly outcome: RemediationStepOutcome;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly requestId?: string;
  readonly error?: RemediationStepError;
  /** What the call returned worth keeping (the new system disk's id). */
  readonly note?: string;
}

/** The instance as it was looked at after its steps, or `gone`. */
export interface RemediatedState {
  readonly status: string;
  readonly imageId: string;
}

export type RemediationRunItemOutcome = "succeeded" | "failed";

export interface RemediationRunItem extends InstanceRef {
  readonly strategy: RemediationStrategy;
  readonly outcome: RemediationRunItemOutcome;
  readonly steps: readonly RemediationStepRecord[];
  /** After a failure: where the instance was left, why, and how to restore it. */
  readonly explanation?: string;
  /** Looked at after a failure; `gone` when DescribeInstances no longer lists it. */
  readonly state?: RemediatedState | "gone";
  readonly resolvedBy?: string;
}

export type RemediationVerificationStatus = "resolved" | "open" | "exempt" | "unverified";

export interface RemediationVerifiedItem {
  readonly key: string;
  readonly instanceId: string;
  readonly status: RemediationVerificationStatus;
  /** The verdict the re-scan gave (absent when the instance is gone or could not be scanned). */
  readonly verdict?: ScanVerdict;
  readonly message: string;
}

export interface RemediationVerification {
  readonly scanId?: number;
  readonly judgedAt: string;
  readonly items: readonly RemediationVerifiedItem[];
}

export interface RemediationRun {
  /** The run's id in the findings database, when recorded. */
  readonly runId?: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `failed` when any step failed. */
  readonly status: "succeeded" | "failed";
  readonly items: readonly RemediationRunItem[];
  readonly verification?: RemediationVerification;
  /** Why the re-scan did not happen or failed. */
  readonly verificationError?: string;
  /** Recording problems: the steps ran, but the database does not have all of them. */
  readonly recordingErrors: readonly string[];
  readonly summary: {
    readonly instances: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly stepsSucceeded: number;
    readonly stepsFailed: number;
    readonly stepsNotRun: number;
  };
}
