// The replacement for a system disk: the newest image of the same OS family that the instance's
// account can use and that passes every golden criterion itself. Candidates come from
// DescribeImages as the instance's account (shared images show as `others`), Available only: a
// deprecated image, even within its grace period, is never chosen as a replacement.
import type { GuardrailSpec } from "../spec/types.js";
import { familyOfImage, sameFamily } from "./os-family.js";
import { judgeImage } from "../scan/judge-image.js";
import type { ImageFacts, OsFamily } from "./types.js";

export function newestGoldenImage(
  spec: GuardrailSpec,
  family: OsFamily,
  candidates: readonly ImageFacts[],
  now: Date,
): ImageFacts | undefined {
  const fitting = candidates.filter((image) => {
    if (image.status !== "Available") return false;
    const candidateFamily = familyOfImage(image);
    return (
      candidateFamily !== undefined &&
      sameFamily(candidateFamily, family) &&
      judgeImage(spec, image, now).length === 0
    );
  });
  // Newest by creation time; the image id breaks ties so the choice never depends on listing order.
  fitting.sort(
    (a, b) =>
      time(b.createdAt) - time(a.createdAt) || (a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0),
  );
  return fitting[0];
}

function time(iso: string): number {
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}
