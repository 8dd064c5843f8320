// Exemptions: which apply to a resource, and whether they still hold. Pure: `now` is passed in, so
// the scan, remediation and policy generation all judge expiry at the same instant.
import type { Exemption, GuardrailSpec } from "./spec/types.js";

export type ExemptionState = "active" | "expired";

/** An exemption holds until `endsAt` (exclusive); a bare date in the spec holds through that day. */
export function exemptionState(exemption: Exemption, now: Date): ExemptionState {
  return now.getTime() < Date.parse(exemption.endsAt) ? "active" : "expired";
}

export function activeExemptions(exemptions: readonly Exemption[], now: Date): Exemption[] {
  return exemptions.filter((exemption) => exemptionState(exemption, now) === "active");
}

/** What the scan knows about a finding: where it is, and which resources it concerns. */
export interface ExemptionSubject {
  readonly accountId?: string;
  /** Keys of the spec's scopes that contain the account (the scan resolves them in the directory). */
  readonly scopeKeys: readonly string[];
  readonly imageId?: string;
  readonly instanceId?: string;
}

export interface ExemptionMatch {
  /** Exemptions that cover the subject and hold at `now`: the finding is exempted. */
  readonly active: readonly Exemption[];
  /** Exemptions that would cover it but have expired: the finding stands, and says so. */
  readonly expired: readonly Exemption[];
}

/**
 * The exemptions that cover a subject: a scope exemption covers everything in its scope; an
 * account, image or instance exemption covers that resource, in its scope when it names one and
 * anywhere otherwise. An image exemption covers instances running the image too.
 */
export function matchExemptions(
  exemptions: readonly Exemption[],
  subject: ExemptionSubject,
  now: Date,
): ExemptionMatch {
  const covering = exemptions.filter((exemption) => covers(exemption, subject));
  return {
    active: covering.filter((exemption) => exemptionState(exemption, now) === "active"),
    expired: covering.filter((exemption) => exemptionState(exemption, now) === "expired"),
  };
}

function covers(exemption: Exemption, subject: ExemptionSubject): boolean {
  const inScope = exemption.scope === undefined || subject.scopeKeys.includes(exemption.scope);
  if (!inScope) return false;
  const target = exemption.target;
  switch (target.kind) {
    case "scope":
      return exemption.scope !== undefined;
    case "account":
      return subject.accountId === target.accountId;
    case "image":
      return subject.imageId === target.imageId;
    case "instance":
      return subject.instanceId === target.instanceId;
  }
}

/**
 * What an image's exemption tag says. Generated launch policies trust the tag (they cannot name
 * image ids), so the scan checks that each tag is on the image its exemption names and still holds.
 */
export type ExemptionTagVerdict =
  | { readonly kind: "none" }
  | { readonly kind: "valid"; readonly exemption: Exemption }
  | { readonly kind: "unknown-exemption"; readonly value: string }
  | { readonly kind: "not-an-image-exemption"; readonly exemption: Exemption }
  | { readonly kind: "other-image"; readonly exemption: Exemption }
  | { readonly kind: "expired"; readonly exemption: Exemption };

export function checkExemptionTag(
  spec: GuardrailSpec,
  image: { readonly imageId: string; readonly tags: Readonly<Record<string, string>> },
  now: Date,
): ExemptionTagVerdict {
  const value = Object.hasOwn(image.tags, spec.exemptionTagKey)
    ? image.tags[spec.exemptionTagKey]
    : undefined;
  if (value === undefined) return { kind: "none" };
  const exemption = spec.exemptions.find((candidate) => candidate.id === value);
  if (exemption === undefined) return { kind: "unknown-exemption", value };
  if (exemption.target.kind !== "image") return { kind: "not-an-image-exemption", exemption };
  if (exemption.target.imageId !== image.imageId) return { kind: "other-image", exemption };
  if (exemptionState(exemption, now) === "expired") return { kind: "expired", exemption };
  return { kind: "valid", exemption };
}
