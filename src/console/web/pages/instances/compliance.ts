import type { ScanVerdict } from "../../../../guardrail/index.js";
import { goldenGaps, describeGap, type RequiredTag } from "../images/golden-tags.js";
import type { ImageRow } from "../images/image-row.js";

// An instance's compliance badge, judged in the browser from its image as DescribeImages shows it
// to the signed-in account, with the scan's verdict names and labels (src/guardrail/scan/verdicts.ts;
// a test keeps the labels equal). Only the criteria an image listing shows are judged here: the
// required tags, and the trusted owners and allowed sources when the guardrail spec names them.
// Age and deprecation grace are the scan's (they need the spec's clock and dates): the Compliance
// page has the full verdict.

export interface GoldenCriteriaView {
  readonly requiredTags: readonly RequiredTag[];
  readonly trustedOwners?: readonly string[];
  /** `System`, `Self`, `Others`, `Marketplace`. */
  readonly allowedSources?: readonly string[];
}

export type BadgeVerdict = Extract<
  ScanVerdict,
  "compliant" | "image-deleted" | "untrusted-owner" | "disallowed-source" | "missing-tag"
>;

/** The scan's labels (VERDICT_INFO[verdict].label). */
export const VERDICT_LABELS: Readonly<Record<BadgeVerdict, string>> = {
  compliant: "compliant",
  "image-deleted": "image deleted",
  "untrusted-owner": "untrusted owner",
  "disallowed-source": "disallowed source",
  "missing-tag": "image lacks required tags",
};

export interface Compliance {
  readonly verdict: BadgeVerdict | "unknown";
  readonly label: string;
  /** Every reason, in words. */
  readonly reasons: readonly string[];
}

const SOURCE_OF: Readonly<Record<string, string>> = {
  self: "Self",
  others: "Others",
  system: "System",
  marketplace: "Marketplace",
};

/** Alibaba-provided images have no owner; an allowed such source vouches for them (as golden.ts does). */
const OWNERLESS = ["System", "Marketplace"];

/**
 * `image` is the instance's image as listed; `undefined` when DescribeImages (every owner alias and
 * status) does not know it, i.e. deleted; `"unknown"` when the images could not be read at all.
 */
export function judgeImage(
  image: ImageRow | undefined | "unknown",
  criteria: GoldenCriteriaView,
): Compliance {
  if (image === "unknown") {
    return { verdict: "unknown", label: "not judged", reasons: ["the instance's image could not be read"] };
  }
  if (image === undefined) {
    return {
      verdict: "image-deleted",
      label: VERDICT_LABELS["image-deleted"],
      reasons: ["the instance's image no longer exists, so it cannot be shown to be golden"],
    };
  }
  const found: { verdict: BadgeVerdict; reason: string }[] = [];
  const source = SOURCE_OF[image.ownerAlias] ?? image.ownerAlias;
  const owner = image.ownerId === "" ? undefined : image.ownerId;
  if (
    criteria.trustedOwners !== undefined &&
    !(owner !== undefined && criteria.trustedOwners.includes(owner))
  ) {
    const vouched = OWNERLESS.some((s) => s === source && criteria.allowedSources?.includes(s) === true);
    if (!vouched) {
      found.push({
        verdict: "untrusted-owner",
        reason:
          owner === undefined
            ? `the image has no owner account (source ${source})`
            : `the image's owner ${owner} is not a trusted owner`,
      });
    }
  }
  if (criteria.allowedSources !== undefined && !criteria.allowedSources.includes(source)) {
    found.push({ verdict: "disallowed-source", reason: `image source ${source} is not allowed` });
  }
  for (const gap of goldenGaps(image.tags, criteria.requiredTags)) {
    found.push({ verdict: "missing-tag", reason: `the image ${describeGap(gap)}` });
  }
  const first = found[0];
  if (first === undefined) return { verdict: "compliant", label: VERDICT_LABELS.compliant, reasons: [] };
  return {
    verdict: first.verdict,
    label: VERDICT_LABELS[first.verdict],
    reasons: found.map((f) => f.reason),
  };
}
