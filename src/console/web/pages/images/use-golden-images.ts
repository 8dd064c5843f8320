import { api } from "../../lib/api.js";
import { judgeImage } from "../instances/compliance.js";
import { goldenFilter } from "./golden-tags.js";
import { describeImagesParams, readImagesPage, type ImageRow } from "./image-row.js";
import type { GoldenState } from "./use-golden-criteria.js";
import { useLoad, type Loaded } from "./use-load.js";

// The region's golden images: Available, carrying the golden tags (asked of DescribeImages) and
// judged golden by the full criteria (which a tag filter cannot express, e.g. the owner). What the
// launch page offers and the instances page proposes as replacements; the first 100.

export function useGoldenImages(regionId: string, golden: GoldenState): Loaded<ImageRow[] | undefined> {
  const tags = goldenFilter(golden.criteria.requiredTags);
  return useLoad(
    () =>
      golden.loading
        ? Promise.resolve(undefined)
        : api
            .call(
              "Ecs",
              "DescribeImages",
              describeImagesParams({ regionId, status: "Available", tags, pageSize: 100 }),
            )
            .then((body) =>
              readImagesPage(body).images.filter(
                (image) => judgeImage(image, golden.criteria).verdict === "compliant",
              ),
            ),
    [regionId, tags.map((t) => `${t.key}=${t.value ?? ""}`).join("&"), golden.loading],
  );
}
