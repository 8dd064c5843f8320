// Deploying the generated guardrail: what is observed in a cloud, what the spec wants there, the
// steps between the two, and what happened when they ran. Plain data throughout, so a plan can be
// printed, saved to a file, checked again before it is applied, and shown by the console.
import type { Problem } from "../../policy/index.js";
import type { GuardrailTarget } from "../generate/types.js";
import type { ScopeSelector } from "../spec/types.js";

export type DeployTargetKind = GuardrailTarget["kind"];

/** `auto`: control policies when the caller manages a Resource Directory, RAM policies when it is in none. */
export type DeployTargetChoice = DeployTargetKind | "auto";

/** A problem that stops a plan from being applied, or that the operator must know about. */
export interface DeployIssue {
  readonly code: DeployIssueCode;
  readonly message: string;
  readonly help: string;
}

export type DeployIssueCode =
  /** A scope names no folder or account of the directory. */
  | "scope-not-found"
  /** A path scope names two nodes (an account and a folder of the same name). */
  | "scope-ambiguous"
  /** Control policies never hold the management account. */
  | "management-account-scope"
  /** A node would hold more than 10 control policies, or an identity more than 10 custom RAM policies. */
  | "node-full"
  | "identity-full"
  /** A policy imageguard does not manage already has the name a generated policy needs. */
  | "name-taken"
  /** The Control Policy feature is being disabled. */
  | "control-policy-pending-disable"
  /** RAM target: the credentials' account is no scope of the spec. */
  | "account-not-in-spec"
  /** RAM target: an enforce scope names another account than the credentials'. */
  | "account-not-reached"
  /** A node has no room for old and new policies at once: they are swapped with a gap. */
  | "no-room-for-overlap";

// ---- what is observed ---------------------------------------------------------------------------

export interface ObservedControlPolicy {
  readonly policyId: string;
  readonly policyName: string;
  readonly description: string;
  readonly effectScope: string;
  /** As the cloud returned it. */
  readonly document: string;
  /** Node ids it is attached to (read for managed policies only), sorted. */
  readonly targets: readonly string[];
}

export interface ObservedNodeAttachment {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
}

export interface ObservedNode {
  readonly nodeId: string;
  readonly kind: "root" | "folder" | "account";
  /** `Root/Production` or `Root/Production/app-payments`. */
  readonly path: string;
  /** The policies attached to the node itself, sorted by name. */
  readonly attached: readonly ObservedNodeAttachment[];
}

export interface ObservedFolder {
  readonly folderId: string;
  readonly name: string;
  readonly parentFolderId?: string;
  /** `Root/Production`. */
  readonly path: string;
}

export interface ObservedAccount {
  readonly accountId: string;
  readonly displayName: string;
  readonly folderId: string;
}

export interface ObservedDirectory {
  readonly kind: "resource-directory";
  readonly directoryId: string;
  readonly rootFolderId: string;
  readonly managementAccountId: string;
  readonly controlPolicyStatus: "Enabled" | "Disabled" | "PendingEnable" | "PendingDisable";
  readonly folders: readonly ObservedFolder[];
  readonly accounts: readonly ObservedAccount[];
  /** Custom control policies that carry an imageguard marker, start with the prefix, or have a generated name. */
  readonly policies: readonly ObservedControlPolicy[];
  /** The scope nodes and every node a managed policy is attached to. */
  readonly nodes: readonly ObservedNode[];
}

export type PrincipalKind = "user" | "group" | "role";

export interface ObservedIdentity {
  readonly kind: PrincipalKind;
  readonly name: string;
  /** Roles only. */
  readonly arn?: string;
  /** Policies attached to it, sorted by type and name. */
  readonly attached: readonly { readonly policyName: string; readonly policyType: "System" | "Custom" }[];
}

export interface ObservedRamPolicy {
  readonly policyName: string;
  readonly description: string;
  readonly defaultVersion: string;
  /** The default version's document, as the cloud returned it. */
  readonly document: string;
  /** Oldest first. */
  readonly versions: readonly { readonly versionId: string; readonly isDefault: boolean }[];
}

export interface ObservedRamAccount {
  readonly kind: "ram";
  readonly accountId: string;
  /** Custom policies that carry an imageguard marker, start with the prefix, or have a generated name. */
  readonly policies: readonly ObservedRamPolicy[];
  /** Every user, group and role, sorted by kind and name. */
  readonly identities: readonly ObservedIdentity[];
}

export type ObservedState = ObservedDirectory | ObservedRamAccount;

/** What to read: enough to observe the same things again when a saved plan is applied. */
export interface ObserveRequest {
  readonly target: DeployTargetKind;
  readonly namePrefix: string;
  /** Generated policy names: a foreign policy with one of them is a conflict. */
  readonly policyNames: readonly string[];
  /** The spec's scopes (RD target), to read their nodes' attachments. */
  readonly scopes: readonly ScopeSelector[];
}

// ---- what the spec wants -------------------------------------------------------------------------

export interface DesiredPolicy {
  readonly name: string;
  readonly kind: "control" | "ram";
  /** Compact JSON, as deployed. */
  readonly document: string;
  /** The ownership marker (see marker.ts). */
  readonly description: string;
  readonly effectScope?: "RAM" | "All";
  readonly summary: string;
  readonly size: number;
  readonly sizeLimit: number;
}

export type DesiredTarget =
  | {
      readonly kind: "node";
      readonly nodeId: string;
      /** `Root/Production`, for people. */
      readonly label: string;
      /** The spec's scope keys that resolved to it. */
      readonly scopes: readonly string[];
    }
  | { readonly kind: "identity"; readonly principal: PrincipalKind; readonly name: string };

export interface DesiredAttachment {
  readonly target: DesiredTarget;
  readonly policies: readonly string[];
  readonly exemptUntil?: string;
}

export interface ExcludedIdentity {
  readonly principal: PrincipalKind;
  readonly name: string;
  readonly reason: string;
}

export interface DesiredState {
  readonly target: DeployTargetKind;
  readonly namePrefix: string;
  readonly policies: readonly DesiredPolicy[];
  readonly attachments: readonly DesiredAttachment[];
  /** RAM target: identities that get nothing, and why. */
  readonly excluded: readonly ExcludedIdentity[];
}

// ---- the steps -----------------------------------------------------------------------------------

export type StepTarget =
  | { readonly kind: "node"; readonly nodeId: string; readonly label: string }
  | { readonly kind: "identity"; readonly principal: PrincipalKind; readonly name: string };

export type DeployStep =
  | { readonly kind: "enable-control-policy" }
  | {
      readonly kind: "rename-policy";
      readonly policy: string;
      readonly policyId: string;
      readonly newName: string;
      readonly reason: string;
    }
  | {
      readonly kind: "create-policy";
      readonly policy: string;
      readonly policyKind: "control" | "ram";
      readonly document: string;
      readonly description: string;
      readonly effectScope?: "RAM" | "All";
    }
  | {
      readonly kind: "update-policy";
      readonly policy: string;
      readonly policyKind: "control" | "ram";
      /** Control policies only. */
      readonly policyId?: string;
      readonly document: string;
      readonly description?: string;
    }
  | {
      readonly kind: "delete-policy-version";
      readonly policy: string;
      readonly versionId: string;
    }
  | {
      readonly kind: "attach";
      readonly policy: string;
      readonly policyKind: "control" | "ram";
      /** Absent when the policy is created by an earlier step. */
      readonly policyId?: string;
      readonly target: StepTarget;
    }
  | {
      readonly kind: "detach";
      readonly policy: string;
      readonly policyKind: "control" | "ram";
      readonly policyId?: string;
      readonly target: StepTarget;
    }
  | {
      readonly kind: "delete-policy";
      readonly policy: string;
      readonly policyKind: "control" | "ram";
      readonly policyId?: string;
    };

export type DeployStepKind = DeployStep["kind"];

// ---- the plan ------------------------------------------------------------------------------------

export interface DiffLine {
  readonly op: " " | "+" | "-";
  readonly text: string;
}

export type PolicyAction = "create" | "update" | "replace" | "delete" | "keep";

export interface PolicyChange {
  readonly name: string;
  readonly action: PolicyAction;
  /** Why, for people: "the spec generates it", "changed outside imageguard since the last apply". */
  readonly reason: string;
  readonly summary?: string;
  readonly size?: number;
  readonly sizeLimit?: number;
  /** The document, observed → generated, as +/- lines of the formatted JSON (updates and creates). */
  readonly diff?: readonly DiffLine[];
  /** How the observed document differs, when it does (drift detail). */
  readonly drift?: DocumentDrift;
}

/**
 * Why a deployed document differs from the generated one. `changed-outside`: its text no longer has
 * the digest imageguard wrote into its description (control policies only: RAM descriptions cannot
 * be updated with a new version). `outdated`: it is what imageguard deployed, and the spec (or the
 * clock, for exemptions) now generates something else. `differs`: RAM, cause unknown.
 */
export type DocumentDrift = "changed-outside" | "outdated" | "differs";

export interface AttachmentChange {
  readonly target: StepTarget;
  readonly keep: readonly string[];
  readonly attach: readonly string[];
  readonly detach: readonly string[];
  /** Policies the node or identity holds that imageguard does not manage. */
  readonly foreign: readonly string[];
  readonly slots?: { readonly now: number; readonly after: number; readonly limit: number };
  readonly exemptUntil?: string;
}

export interface ForeignPolicy {
  readonly name: string;
  readonly why: string;
}

export interface PlanSummary {
  readonly enable: number;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly attach: number;
  readonly detach: number;
}

export const PLAN_FORMAT = "imageguard-guardrail-plan";

export interface DeployPlan {
  readonly format: typeof PLAN_FORMAT;
  readonly version: 1;
  readonly target: DeployTargetKind;
  /** Where it applies: the directory and its management account, or the account. */
  readonly where: { readonly accountId: string; readonly directoryId?: string };
  readonly namePrefix: string;
  /** When the plan was made (ISO 8601). */
  readonly createdAt: string;
  /** The instant exemptions were judged at. */
  readonly judgedAt: string;
  readonly observe: ObserveRequest;
  /** sha256 of what was observed: applying a saved plan refuses when it changed. */
  readonly observedDigest: string;
  readonly desired: DesiredState;
  readonly policies: readonly PolicyChange[];
  readonly attachments: readonly AttachmentChange[];
  readonly steps: readonly DeployStep[];
  readonly summary: PlanSummary;
  readonly foreign: readonly ForeignPolicy[];
  /** Errors: the plan cannot be applied while there is one. */
  readonly conflicts: readonly DeployIssue[];
  readonly warnings: readonly DeployIssue[];
  /** From generation: what the policies leave to the scan. */
  readonly notes: readonly string[];
  /** Generation problems (positioned in the spec). */
  readonly problems: readonly Problem[];
  readonly ok: boolean;
}

// ---- applying ------------------------------------------------------------------------------------

export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  readonly requestId?: string;
}

export type StepStatus = "done" | "failed" | "not-run";

export interface StepOutcome {
  readonly step: DeployStep;
  readonly status: StepStatus;
  readonly error?: StepError;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly outcomes: readonly StepOutcome[];
}

// ---- drift ---------------------------------------------------------------------------------------

export type DriftKind =
  | "control-policy-disabled"
  | "policy-missing"
  | "document-changed"
  | "document-outdated"
  | "attachment-missing"
  | "extra-attachment"
  | "orphaned-policy"
  | "effect-scope-changed";

export interface DriftItem {
  readonly kind: DriftKind;
  readonly policy?: string;
  readonly target?: StepTarget;
  readonly message: string;
  readonly diff?: readonly DiffLine[];
}

export type DeploymentState = "in-sync" | "drifted" | "not-deployed";

export interface DriftReport {
  readonly state: DeploymentState;
  readonly target: DeployTargetKind;
  readonly where: DeployPlan["where"];
  readonly judgedAt: string;
  readonly items: readonly DriftItem[];
  /** Managed policies and attachments that match the spec. */
  readonly inSync: { readonly policies: number; readonly attachments: number };
  readonly conflicts: readonly DeployIssue[];
  readonly foreign: readonly ForeignPolicy[];
}
