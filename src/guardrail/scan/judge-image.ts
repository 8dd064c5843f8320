// An image judged against the golden criteria: the one function the scan and remediation both call
// (evaluateGoldenCriteria, failures in the verdicts' precedence), so a plan never disagrees with the
// scan about what is golden.
import { evaluateGoldenCriteria } from "../golden.js";
import type { GoldenImageFacts } from "../golden.js";
import type { GuardrailSpec } from "../spec/types.js";
import type { ScanFailure } from "./types.js";
import { VERDICT_PRECEDENCE } from "./verdicts.js";

/** What judging an image reads: the facts DescribeImages gives, with the status as the API spells it. */
export type JudgedImage = Omit<GoldenImageFacts, "deprecated"> & { readonly status: string };

/** Every failure, most serious first; empty when golden. */
export function judgeImage(spec: GuardrailSpec, image: JudgedImage, now: Date): ScanFailure[] {
  const verdict = evaluateGoldenCriteria(
    spec,
    {
      imageId: image.imageId,
      tags: image.tags,
      ...(image.ownerId === undefined ? {} : { ownerId: image.ownerId }),
      source: image.source,
      createdAt: image.createdAt,
      ...(image.deprecatedAt === undefined ? {} : { deprecatedAt: image.deprecatedAt }),
      ...(image.status === "Deprecated" ? { deprecated: true } : {}),
    },
    now,
  );
  // A stable sort keeps the spec's order within one reason (the missing tags as listed).
  return [...verdict.failures].sort(
    (a, b) => VERDICT_PRECEDENCE.indexOf(a.reason) - VERDICT_PRECEDENCE.indexOf(b.reason),
  );
}

/** The failures of an instance's image: deleted (or none reported), else as judgeImage judges it. */
export function judgeInstanceImage(
  spec: GuardrailSpec,
  imageId: string,
  image: ({ readonly state: "found" } & JudgedImage) | { readonly state: "deleted" } | undefined,
  now: Date,
): ScanFailure[] {
  if (image === undefined || image.state === "deleted") return [deletedFailure(imageId)];
  return judgeImage(spec, image, now);
}

function deletedFailure(imageId: string): ScanFailure {
  return {
    reason: "image-deleted",
    imageId,
    message:
      imageId === ""
        ? "the instance reports no image, so its image cannot be shown to be golden"
        : `image \`${imageId}\` no longer exists, so it cannot be shown to be golden`,
  };
}
