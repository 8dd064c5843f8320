// An image judged against the golden criteria, exactly as the scan judges it (the same function and
// the same precedence), so a plan never disagrees with the scan about what is golden.
import { evaluateGoldenCriteria } from "../golden.js";
import type { GuardrailSpec } from "../spec/types.js";
import type { ScanFailure } from "../scan/types.js";
import { VERDICT_PRECEDENCE } from "../scan/verdicts.js";
import type { ImageFacts, ImageLookup } from "./types.js";

/** Every failure, most serious first; empty when golden. */
export function judgeImage(spec: GuardrailSpec, image: ImageFacts, now: Date): ScanFailure[] {
  const verdict = evaluateGoldenCriteria(
    spec,
    {
      imageId: image.imageId,
      tags: image.tags,
      ...(image.ownerId === undefined ? {} : { ownerId: image.ownerId }),
      source: image.source,
      createdAt: image.createdAt,
      ...(image.status === "Deprecated" ? { deprecated: true } : {}),
    },
    now,
  );
  return [...verdict.failures].sort(
    (a, b) => VERDICT_PRECEDENCE.indexOf(a.reason) - VERDICT_PRECEDENCE.indexOf(b.reason),
  );
}

export function judgeLookup(
  spec: GuardrailSpec,
  imageId: string,
  image: ImageLookup | undefined,
  now: Date,
): ScanFailure[] {
  if (image === undefined || image.state === "deleted") {
    return [
      {
        reason: "image-deleted",
        imageId,
        message:
          imageId === ""
            ? "the instance reports no image, so its image cannot be shown to be golden"
            : `image \`${imageId}\` no longer exists, so it cannot be shown to be golden`,
      },
    ];
  }
  return judgeImage(spec, image, now);
}
