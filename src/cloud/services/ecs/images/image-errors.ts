import { CloudError } from "../../../http/index.js";

// ECS image error codes, statuses and messages as Alibaba documents them for DescribeImages,
// CreateImage, CopyImage, ImportImage, DeleteImage, ModifyImageAttribute and
// ModifyImageSharePermission (misspellings such as `Forbbiden` and `specifed` are Alibaba's own:
// SDK users match on these strings).

export const imageNotFound = (): CloudError =>
  new CloudError("InvalidImageId.NotFound", 404, "The specified ImageId does not exist.");

export const imageOwnerAliasNotSupported = (): CloudError =>
  new CloudError(
    "InvalidImageOwnerAlias.ValueNotSupported",
    400,
    "The specified ImageOwnerAlias value is not supported.",
  );

export const invalidOsType = (): CloudError =>
  new CloudError("InvalidOSType", 404, "The specifed OSType is not valid");

export const invalidArchitecture = (): CloudError =>
  new CloudError("InvalidArchitecture", 404, "The specifed Architecture is not valid");

export const invalidUsage = (): CloudError =>
  new CloudError("InvalidUsage", 404, "The specifed Usage is not valid");

export const invalidFilterKey = (key: string): CloudError =>
  new CloudError("InvalidFilterKey.NotFound", 404, `The specified filter key \`${key}\` is not supported.`);

export const invalidInstanceType = (): CloudError =>
  new CloudError(
    "InvalidInstanceType.ValueNotSupported",
    400,
    "The specified InstanceType does not exist or beyond the permitted range.",
  );

export const imageNameMalformed = (): CloudError =>
  new CloudError("InvalidImageName.Malformed", 400, "The specified Image name is wrongly formed.");

export const imageNameDuplicated = (): CloudError =>
  new CloudError("InvalidImageName.Duplicated", 400, "The specified Image name has already been used.");

export const descriptionMalformed = (): CloudError =>
  new CloudError("InvalidDescription.Malformed", 400, "The specified description is wrongly formed.");

export const imageFamilyMalformed = (): CloudError =>
  new CloudError("InvalidImageFamily.Malformed", 400, "The specified ImageFamily is wrongly formed.");

export const imageVersionMalformed = (): CloudError =>
  new CloudError("InvalidImageVersion.Malformed", 400, "The specified ImageVersion is wrongly formed.");

export const instanceNotFound = (): CloudError =>
  new CloudError("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist.");

export const snapshotNotFound = (): CloudError =>
  new CloudError("InvalidSnapshotId.NotFound", 404, "The specified SnapshotId does not exist.");

export const incorrectImageStatus = (): CloudError =>
  new CloudError("IncorrectImageStatus", 400, "The image not available.");

export const destinationRegionNotFound = (): CloudError =>
  new CloudError("DestinationRegion.NotFound", 400, "The destination region not found");

export const sharedImageSameRegionOnly = (): CloudError =>
  new CloudError(
    "OperationDenied.SameRegionOnly",
    403,
    "The image shared from others can not be copied to another region directly.",
  );

export const imageUsingByInstance = (): CloudError =>
  new CloudError(
    "ImageUsingByInstance",
    403,
    "The specified image has been used to create instances. You can use the DescribeInstances API to query these instances, or you can use the force parameter to proceed.",
  );

export const imageUseShared = (): CloudError =>
  new CloudError(
    "ImageUseShared",
    403,
    "The specified image has been shared to others. You can use the DescribeImageSharePermission API to query the users who have been shared.",
  );

export const imageIsCreating = (): CloudError =>
  new CloudError("ImageIsCreating", 403, "The specified image is being created.");

export const imageIsImporting = (): CloudError =>
  new CloudError("ImageIsImporting", 403, "The specified Image is importing.");

export const imageIsCopying = (): CloudError =>
  new CloudError(
    "OperationDenied.ImageCopying",
    403,
    "The image is being copied. Please use the CancelCopyImage API.",
  );

export const accountNotFound = (): CloudError =>
  new CloudError(
    "InvalidAccount.NotFound",
    404,
    'The specified parameter "AddAccount.n" or "RemoveAccount.n" does not exist.',
  );

export const shareWithSelf = (): CloudError =>
  new CloudError("InvalidAccount.Forbbiden", 404, "The specified Account does not yourself.");

export const shareQuotaExceeded = (): CloudError =>
  new CloudError("QuotaExceed.ShareImageUser", 403, "The shared Image user Quota exceeds.");

export const ossBucketNotFound = (): CloudError =>
  new CloudError("InvalidOSSBucket.NotFound", 400, "The specified OSS bucket does not exist in this region.");

export const ossObjectMalformed = (): CloudError =>
  new CloudError("InvalidOSSObject.Malformed", 400, "The specified OSS object is wrongly formed.");

export const imageFormatMalformed = (): CloudError =>
  new CloudError("InvalidImageFormat.Malformed", 400, "The specified Image Format is wrongly formed.");

export const platformMalformed = (): CloudError =>
  new CloudError("InvalidPlatform.Malformed", 400, "The specified Platform is wrongly formed.");

export const osTypeMalformed = (): CloudError =>
  new CloudError("InvalidOSType.Malformed", 400, "The specified OSType is wrongly formed.");

export const architectureMalformed = (): CloudError =>
  new CloudError("InvalidArchitecture.Malformed", 400, "The specified Architecture is wrongly formed.");

export const invalidImageSize = (): CloudError =>
  new CloudError(
    "InvalidImageSize",
    400,
    "The specified DiskDeviceMapping.1.DiskImageSize must be between 5 and 500 (GiB).",
  );

export const licenseTypeNotSupported = (): CloudError =>
  new CloudError("InvalidLicenseType.NotSupported", 400, "The specified LicenseType is not supported");
