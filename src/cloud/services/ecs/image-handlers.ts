import type { ActionHandler } from "../handler.js";
import { copyImage } from "./images/copy-image.js";
import { createImage } from "./images/create-image.js";
import { deleteImage } from "./images/delete-image.js";
import { describeImageSharePermission } from "./images/describe-image-share-permission.js";
import { describeImages } from "./images/describe-images.js";
import { importImage } from "./images/import-image.js";
import { modifyImageAttribute } from "./images/modify-image-attribute.js";
import { modifyImageSharePermission } from "./images/modify-image-share-permission.js";
import { addTags } from "./tags/add-tags.js";
import { describeTags } from "./tags/describe-tags.js";
import { listTagResources } from "./tags/list-tag-resources.js";
import { removeTags } from "./tags/remove-tags.js";
import { tagResources } from "./tags/tag-resources.js";
import { untagResources } from "./tags/untag-resources.js";

// ECS images and ECS's tag APIs: one handler per action.
export const imageHandlers: readonly ActionHandler[] = [
  describeImages,
  createImage,
  copyImage,
  importImage,
  deleteImage,
  modifyImageAttribute,
  modifyImageSharePermission,
  describeImageSharePermission,
  tagResources,
  untagResources,
  listTagResources,
  addTags,
  removeTags,
  describeTags,
];

export { seedSystemImages, ensureSystemImages } from "./images/system-images.js";
