import type { DeclaredHandler } from "../declared-parameters.js";
import { tagServiceListTagResources } from "./list-tag-resources.js";
import { tagServiceTagResources } from "./tag-resources.js";
import { tagServiceUntagResources } from "./untag-resources.js";

// The Tag service (2018-08-28): tags any product's resources by ARN, over the same tag store as
// ECS's own tag APIs.
export const tagHandlers: readonly DeclaredHandler[] = [
  tagServiceTagResources,
  tagServiceUntagResources,
  tagServiceListTagResources,
];
