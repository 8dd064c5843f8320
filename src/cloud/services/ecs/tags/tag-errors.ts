import { CloudError } from "../../../http/index.js";

// Error codes of ECS's tag APIs (TagResources, UntagResources, ListTagResources, AddTags,
// RemoveTags, DescribeTags) as Alibaba documents them, statuses included (Alibaba answers a
// missing `ResourceType` or tag list with 404, and so does this).

export const resourceNotFound = (): CloudError =>
  new CloudError(
    "InvalidResourceId.NotFound",
    404,
    "The specified ResourceIds are not found in our records.",
  );

export const resourceTypeNotFound = (): CloudError =>
  new CloudError(
    "InvalidResourceType.NotFound",
    404,
    "The ResourceType provided does not exist in our records.",
  );

export const missingResourceType = (): CloudError =>
  new CloudError("MissingParameter.ResourceType", 404, "The parameter - ResourceType should not be null");

export const missingTags = (): CloudError =>
  new CloudError("MissingParameter.Tags", 404, "The parameter - Tags should not be null");

export const tooManyResourceIds = (max: number): CloudError =>
  new CloudError(
    "NumberExceed.ResourceIds",
    400,
    `The ResourceIds parameter's number is exceed , Valid : ${max}`,
  );

export const duplicateTagKey = (): CloudError =>
  new CloudError("Duplicate.TagKey", 400, "The Tag.N.Key contain duplicate key.");

export const tagQuotaExceeded = (): CloudError =>
  new CloudError(
    "OperationDenied.QuotaExceed",
    400,
    "The quota of tags on resource is beyond permitted range.",
  );

export const tagValueWithoutKey = (): CloudError =>
  new CloudError("InvalidParameter.TagValue", 400, "The specified Tag.N.Value needs a Tag.N.Key.");
