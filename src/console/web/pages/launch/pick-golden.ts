import type { ImageRow } from "../images/image-row.js";

// "Switch to a golden image": the replacement for a refused image is the newest golden image of the
// same operating system (platform, e.g. Ubuntu), so the instance is what the user meant to launch;
// failing that, the newest golden image of the same OS type and architecture; failing that, none —
// a Linux workload is never silently moved to Windows or to another architecture.
// Deprecated golden images are passed over while an Available one fits.

export interface GoldenPick {
  readonly image: ImageRow;
  /** Why this one, in words: "the newest golden Ubuntu image". */
  readonly why: string;
}

export function pickGoldenReplacement(
  refused: ImageRow | undefined,
  golden: readonly ImageRow[],
  options: { readonly keepSame?: boolean } = {},
): GoldenPick | undefined {
  // A refused image is never its own replacement; an instance already on a golden image may stay on it.
  const usable =
    options.keepSame === true ? golden : golden.filter((image) => image.imageId !== refused?.imageId);
  const ranked = [...usable].sort(newestAvailableFirst);
  if (refused === undefined) {
    const any = ranked[0];
    return any === undefined ? undefined : { image: any, why: "the newest golden image" };
  }
  const samePlatform = ranked.find(
    (image) =>
      refused.platform !== "" && image.platform === refused.platform && sameArchitecture(image, refused),
  );
  if (samePlatform !== undefined) {
    return { image: samePlatform, why: `the newest golden ${refused.platform} image` };
  }
  const sameOs = ranked.find(
    (image) => image.osType !== "" && image.osType === refused.osType && sameArchitecture(image, refused),
  );
  if (sameOs !== undefined) {
    return {
      image: sameOs,
      why: `the newest golden ${refused.osType} image (no golden ${refused.platform || "image of the same system"} exists)`,
    };
  }
  return undefined;
}

function sameArchitecture(a: ImageRow, b: ImageRow): boolean {
  return a.architecture === "" || b.architecture === "" || a.architecture === b.architecture;
}

function newestAvailableFirst(a: ImageRow, b: ImageRow): number {
  const rank = (image: ImageRow) => (image.status === "Available" ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return (Date.parse(b.creationTime) || 0) - (Date.parse(a.creationTime) || 0);
}
