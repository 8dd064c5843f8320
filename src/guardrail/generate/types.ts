// What policy generation produces: policy documents, where each is attached, and what it could not
// express. Plain data, so the plan can print it, apply can deploy it and tests can compare it.
import type { Problem } from "../../policy/index.js";
import type { ScopeSelector } from "../spec/types.js";

export type GuardrailTarget =
  /** Control policies attached to the Resource Directory's enforce-mode scope nodes. */
  | { readonly kind: "resource-directory" }
  /** RAM policies for accounts without a Resource Directory: each enforce-mode account scope. */
  | { readonly kind: "ram" };

export interface GenerateOptions {
  /** Exemptions are honoured until they expire at this instant's measure. */
  readonly now: Date;
}

/**
 * The three bypass families of the brief, each closed by its own statements, and the protection of
 * the roles those statements exempt.
 */
export type GuardrailControl = "launch" | "tag-mutation" | "image-creation" | "exempt-roles";

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** A statement as it is written in the document. */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: "Deny";
  readonly Action: readonly string[];
  /** Images (one pattern), or the exempt roles' ARN patterns. */
  readonly Resource: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocumentJson {
  readonly Version: "1";
  readonly Statement: readonly PolicyStatementJson[];
}

export interface GeneratedPolicy {
  /** Letters, digits and hyphens: valid as a control policy and as a RAM policy name. */
  readonly name: string;
  readonly kind: "control" | "ram";
  /** What it denies, for people (the plan prints it). */
  readonly summary: string;
  /** For the API's `Description`: letters, digits, `_` and `-` only, as CreateControlPolicy demands. */
  readonly description: string;
  readonly document: PolicyDocumentJson;
  /** The document as it is deployed (two-space indented JSON). */
  readonly text: string;
  /** Characters as Alibaba counts them (whitespace outside strings left out). */
  readonly size: number;
  readonly sizeLimit: number;
  /** Control policies only. */
  readonly effectScope?: "RAM" | "All";
  /** Which bypass families its statements close. */
  readonly controls: readonly GuardrailControl[];
}

export type AttachmentTarget =
  | {
      readonly kind: "rd-node";
      /** The scope's key (its id or path as written in the spec). */
      readonly scope: string;
      readonly selector: ScopeSelector;
    }
  | {
      readonly kind: "ram-identities";
      readonly scope: string;
      readonly accountId: string;
      /** `acs:PrincipalARN` patterns of the roles that get nothing attached (break-glass). */
      readonly exceptRoles: readonly string[];
    };

export interface PolicyAttachment {
  readonly target: AttachmentTarget;
  /** Names of generated policies, in order. */
  readonly policies: readonly string[];
  /** Policies the node or identity holds with these: generated ones plus `FullAliyunAccess` on RD nodes. */
  readonly slotsUsed: number;
  readonly slotLimit: number;
  /** The scope is exempted as a whole until this instant (ISO 8601): its policies deny from then on. */
  readonly exemptUntil?: string;
}

export interface SkippedScope {
  readonly scope: string;
  readonly reason: "audit" | "not-applicable";
  readonly message: string;
}

export interface GeneratedPolicySet {
  /** False when a problem is an error: the set must not be deployed. */
  readonly ok: boolean;
  readonly target: GuardrailTarget["kind"];
  readonly policies: readonly GeneratedPolicy[];
  readonly attachments: readonly PolicyAttachment[];
  readonly skipped: readonly SkippedScope[];
  /** What the policies leave to the scan, and what the operator must know when deploying. */
  readonly notes: readonly string[];
  /** Positioned in imageguard.yaml, at the scope or field concerned. */
  readonly problems: readonly Problem[];
}
