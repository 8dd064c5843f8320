// The scan's verdicts as data: the order in which they win when an image fails several criteria,
// and the words every output format uses for them.
import type { FailureVerdict, ScanVerdict } from "./types.js";

/**
 * Most serious first; an instance's verdict is the first of its failures in this order. A deleted
 * image cannot be judged at all. An untrusted owner or a disallowed source cannot be fixed by
 * anyone's tagging (the image is not ours to approve); missing tags can, by the pipeline, after
 * review; deprecation and age are about an image that was golden once.
 */
export const VERDICT_PRECEDENCE: readonly FailureVerdict[] = [
  "image-deleted",
  "untrusted-owner",
  "disallowed-source",
  "missing-tag",
  "deprecated-past-grace",
  "too-old",
];

/** Every verdict, in the order reports list them. */
export const SCAN_VERDICTS: readonly ScanVerdict[] = ["compliant", ...VERDICT_PRECEDENCE, "exempt"];

export interface VerdictInfo {
  /** What a table or chart says. */
  readonly label: string;
  /** A SARIF rule name (PascalCase). */
  readonly ruleName: string;
  readonly description: string;
  /** What to do about it. */
  readonly help: string;
}

export const VERDICT_INFO: Readonly<Record<ScanVerdict, VerdictInfo>> = {
  compliant: {
    label: "compliant",
    ruleName: "Compliant",
    description: "the instance runs a golden image",
    help: "nothing to do",
  },
  "image-deleted": {
    label: "image deleted",
    ruleName: "ImageDeleted",
    description: "the instance's image no longer exists, so it cannot be shown to be golden",
    help: "replace the system disk from a golden image (ReplaceSystemDisk), or rebuild the instance from one",
  },
  "untrusted-owner": {
    label: "untrusted owner",
    ruleName: "UntrustedImageOwner",
    description: "the instance's image is not owned by a trusted image-owner account",
    help: "launch from a golden image of a trusted owner; tags on another account's image prove nothing",
  },
  "disallowed-source": {
    label: "disallowed source",
    ruleName: "DisallowedImageSource",
    description:
      "the instance's image comes from a source the spec does not allow (e.g. an Alibaba public image)",
    help: "launch from a golden image of an allowed source",
  },
  "missing-tag": {
    label: "image lacks required tags",
    ruleName: "ImageLacksRequiredTags",
    description: "the instance's image lacks a required tag, or has a value that is not allowed",
    help: "launch from a golden image; or have the image pipeline review this image and tag it",
  },
  "deprecated-past-grace": {
    label: "deprecated past grace",
    ruleName: "ImageDeprecatedPastGrace",
    description: "the instance's image was deprecated longer ago than the spec's grace period",
    help: "replace the system disk from the image family's current golden image",
  },
  "too-old": {
    label: "image too old",
    ruleName: "ImageTooOld",
    description: "the instance's image is older than the spec's maximum image age",
    help: "replace the system disk from a current golden image",
  },
  exempt: {
    label: "exempt",
    ruleName: "Exempt",
    description: "the instance is not golden, and an exemption in the spec holds it off until a date",
    help: "renew the exemption before it ends, or fix the instance",
  },
};
