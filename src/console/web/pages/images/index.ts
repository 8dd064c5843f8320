// The pure helpers of the cloud pages' image handling, for their tests (pages import the files).
export {
  BRIEF_GOLDEN_TAGS,
  describeGap,
  goldenFilter,
  goldenGaps,
  isGolden,
  parseRequiredTags,
} from "./golden-tags.js";
export type { RequiredTag, TagFilter, TagGap } from "./golden-tags.js";
export { ageInDays, describeImagesParams, readImagesPage } from "./image-row.js";
export type { ImageRow, ImagesPage, ImagesQuery } from "./image-row.js";
