// The guardrail spec (imageguard.yaml) as data, after validation: every field has its default
// filled in and every reference is checked, so generation, the scan and remediation never re-check.
import type { ImageSource } from "../../catalog/index.js";
import type { Problem } from "../../policy/index.js";

export type ScopeMode = "audit" | "enforce";

/** Where a scope, an exemption or a finding sits in imageguard.yaml: for messages only. */
export interface SpecPosition {
  /** Path in the syntax of problems: `exemptions[1]`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A Resource Directory node, named by id (`r-…` Root, `fd-…` folder, digits a member account) or by
 * the names on the way down from Root (`Root/Production/app-payments`).
 */
export type ScopeSelector =
  | { readonly kind: "folder"; readonly id: string }
  | { readonly kind: "account"; readonly id: string }
  | { readonly kind: "path"; readonly path: string; readonly names: readonly string[] };

export interface GuardrailScope {
  /** The id or the path exactly as written: how exemptions and plans refer to the scope. */
  readonly key: string;
  readonly selector: ScopeSelector;
  readonly mode: ScopeMode;
  readonly description?: string;
  readonly at: SpecPosition;
}

export interface RequiredTag {
  readonly key: string;
  /** Any one of these values makes the image pass this criterion; case-sensitive, like tag values. */
  readonly values: readonly string[];
}

export interface GoldenCriteria {
  /** Every key must be present with one of its values (in the order written). */
  readonly requiredTags: readonly RequiredTag[];
  /** Account ids whose images may be golden; absent means any owner. */
  readonly trustedOwners?: readonly string[];
  /** Image sources that may be golden; absent means any source. */
  readonly allowedSources?: readonly ImageSource[];
  /** Older images are not golden; absent means no age limit. */
  readonly maxImageAgeDays?: number;
  /** Days a deprecated image stays golden after its deprecation; 0 when not written. */
  readonly deprecationGraceDays: number;
  /** Tag keys only the pipeline may set or remove on images; defaults to the required tags' keys. */
  readonly protectedTagKeys: readonly string[];
}

/** A RAM role named in the spec, and the `acs:PrincipalARN` pattern that matches its sessions. */
export interface RoleRef {
  readonly written: string;
  /** `acs:ram:*:<account or *>:role/<lower-case name>`: RAM writes role names in lower case in ARNs. */
  readonly principalPattern: string;
  /** Absent when the role may be in any account. */
  readonly accountId?: string;
  readonly roleName: string;
}

export type ExemptionTarget =
  | { readonly kind: "scope" }
  | { readonly kind: "account"; readonly accountId: string }
  | { readonly kind: "image"; readonly imageId: string }
  | { readonly kind: "instance"; readonly instanceId: string };

export interface Exemption {
  /** Unique within the spec; also the value of the exemption tag on an exempted image. */
  readonly id: string;
  /** The key of the scope it applies in; absent: every scope. */
  readonly scope?: string;
  readonly target: ExemptionTarget;
  readonly reason: string;
  readonly approver: string;
  /** As written: `2026-09-30` or an ISO 8601 date-time with offset. */
  readonly expiresAt: string;
  /** The first instant the exemption no longer holds (ISO 8601, UTC); a bare date holds all day. */
  readonly endsAt: string;
  readonly at: SpecPosition;
}

export type EffectScopeChoice = "RAM" | "All";

export interface GuardrailSpec {
  readonly version: 1;
  readonly golden: GoldenCriteria;
  readonly scopes: readonly GuardrailScope[];
  readonly pipeline: {
    readonly roles: readonly RoleRef[];
    /** Whether the pipeline roles may also launch from non-golden images (builders from base images). */
    readonly launchExempt: boolean;
  };
  readonly breakGlass: { readonly roles: readonly RoleRef[] };
  readonly exemptions: readonly Exemption[];
  /** The tag key whose value names the exemption an image is launched under. */
  readonly exemptionTagKey: string;
  readonly generation: {
    /** Control policies' `EffectScope`; `All` also holds member accounts' root identities. */
    readonly effectScope: EffectScopeChoice;
    /** Generated policy names start with it. */
    readonly namePrefix: string;
  };
}

export type GuardrailSpecResult =
  | { readonly ok: true; readonly spec: GuardrailSpec; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly spec?: undefined; readonly problems: readonly Problem[] };

export interface ParseSpecOptions {
  /** When given, exemptions that have expired by then are reported (`exemption-expired`, a warning). */
  readonly now?: Date;
}
