import { CloudError } from "../../http/index.js";

// Error codes of the Tag service (2018-08-28). Request-level problems fail the call; a resource
// that cannot be tagged is reported in the response's `FailedResources` with one of the
// per-resource results below, while the other resources of the request are tagged — that is how
// the Tag service answers a batch.

export const missingTags = (): CloudError =>
  new CloudError("MissingParameter.Tags", 400, "The parameter Tags is required.");

export const invalidTags = (why: string): CloudError =>
  new CloudError("InvalidParameter.Tags", 400, `The specified value of parameter Tags is not valid. ${why}`);

export const tooManyTags = (max: number): CloudError =>
  new CloudError(
    "NumberExceed.Tags",
    400,
    `The maximum number of Tags is exceeded. The maximum value is ${max}.`,
  );

export const missingResourceArn = (): CloudError =>
  new CloudError("MissingParameter.ResourceARN", 400, "The parameter ResourceARN is required.");

export const tooManyResourceArns = (max: number): CloudError =>
  new CloudError(
    "NumberExceed.ResourceIds",
    400,
    `The maximum number of ResourceIds is exceeded. The maximum value is ${max}.`,
  );

export const invalidResourceArn = (param: string, why: string): CloudError =>
  new CloudError("InvalidParameter.ResourceARN", 400, `The specified ${param} is not valid. ${why}`);

export const missingTagKey = (): CloudError =>
  new CloudError("MissingParameter.TagKey", 400, "The parameter TagKey is required.");

export const invalidCategory = (): CloudError =>
  new CloudError(
    "InvalidParameter.Category",
    400,
    "The specified Category is invalid. Valid values are Custom, System and All.",
  );

export const invalidNextToken = (): CloudError =>
  new CloudError("InvalidParameter.NextToken", 400, "The parameter NextToken is invalid.");

/** One resource's failure, as `FailedResources.FailedResource[].Result` reports it. */
export interface FailedResult {
  readonly Code: string;
  readonly Message: string;
}

export const resourceNotFoundResult: FailedResult = {
  Code: "InvalidResourceId.NotFound",
  Message: "The specified resource does not exist in your account and region.",
};

export const tagsPerResourceResult: FailedResult = {
  Code: "QuotaExceed.TagsPerResource",
  Message: "The maximum number of tags for each resource is exceeded.",
};
