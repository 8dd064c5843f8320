import { CloudError } from "../../../http/index.js";

// ECS instance error codes (2014-05-26) with the statuses and wording of Alibaba's API reference
// for RunInstances, CreateInstance, StartInstance, StopInstance, DeleteInstance and
// ReplaceSystemDisk. Where Alibaba's message is a bare `%s`, the message is ours.

export function instanceNotFound(): CloudError {
  return new CloudError("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist.");
}

export function imageNotFound(): CloudError {
  return new CloudError("InvalidImageId.NotFound", 404, "The specified ImageId does not exist.");
}

export function imageFamilyWithoutImage(): CloudError {
  return new CloudError(
    "InvalidImageFamily.MissingAvailableImage",
    403,
    "There is no available image related to the specified image family.",
  );
}

export function imageIdAndFamily(): CloudError {
  return new CloudError(
    "UnexpectedImageFamily.ImageIdSupplied",
    400,
    "The input parameter ImageFamily must be null when image id is set.",
  );
}

export function instanceTypeNotSupported(): CloudError {
  return new CloudError(
    "InvalidInstanceType.ValueNotSupported",
    400,
    "The specified InstanceType beyond the permitted range.",
  );
}

/** An arm64 image on an x86 type, or the other way round. */
export function imageNotForInstanceType(): CloudError {
  return new CloudError(
    "ImageNotSupportInstanceType",
    403,
    "The specified image does not support the specified InstanceType.",
  );
}

export function securityGroupNotFound(): CloudError {
  return new CloudError(
    "InvalidSecurityGroupId.NotFound",
    404,
    "The SecurityGroupId provided does not exist in our records.",
  );
}

export function securityGroupSingleAndMulti(): CloudError {
  return new CloudError(
    "InvalidSecurityGroupId.SingleIdAndMultiIdConflict",
    400,
    "Specify the security group with either SecurityGroupId or SecurityGroupIds.N, not both.",
  );
}

export function securityGroupRepeated(id: string): CloudError {
  return new CloudError(
    "InvalidParameter.SecurityGroupIdRepeated",
    400,
    `The security group \`${id}\` is specified more than once.`,
  );
}

export function securityGroupsInDifferentVpcs(): CloudError {
  return new CloudError(
    "InvalidSecurityGroup.VpcMismatch",
    400,
    "The specified security groups do not belong to the same VPC.",
  );
}

export function tooManySecurityGroups(limit: number): CloudError {
  return new CloudError(
    "JoinedGroupLimitExceed",
    400,
    `An instance can belong to at most ${limit} security groups.`,
  );
}

export function mixedSecurityGroupTypes(): CloudError {
  return new CloudError(
    "EnterpriseGroupLimited.MutliGroupType",
    403,
    "The specified instance can't join multi SecurityGroup types.",
  );
}

export function vSwitchNotFound(): CloudError {
  return new CloudError("InvalidVSwitchId.NotFound", 404, "Specified virtual switch does not exist.");
}

export function securityGroupAndVSwitchMismatch(): CloudError {
  return new CloudError(
    "InvalidParameter.Mismatch",
    400,
    "Specified security group and virtual switch are not in the same VPC.",
  );
}

export function vSwitchNotInZone(): CloudError {
  return new CloudError(
    "InvalidParameter.Mismatch",
    400,
    "Specified virtual switch is not in the specified zone.",
  );
}

/** A security group outside the default VPC needs a vSwitch of its VPC. */
export function vSwitchNecessary(): CloudError {
  return new CloudError(
    "InvalidVSwitchId.Necessary",
    400,
    "The VSwitchId is necessary: the security group is not in the default VPC.",
  );
}

export function zoneNotFound(): CloudError {
  return new CloudError("InvalidZoneId.NotFound", 404, "The ZoneId provided does not exist in our records.");
}

export function instanceNameMalformed(): CloudError {
  return new CloudError(
    "InvalidInstanceName.Malformed",
    400,
    'The specified parameter "InstanceName" is not valid.',
  );
}

export function instanceNameCustomMalformed(): CloudError {
  return new CloudError(
    "InvalidInstanceName.CustomMalformed",
    400,
    "Customized section of instance or host name is invalid, please use valid format: [], [,], [m,], [,n], [m,n].",
  );
}

export function instanceNameTooLongForSuffix(): CloudError {
  return new CloudError(
    "InvalidParams.InstanceNameExceed",
    403,
    "The uniqueSuffix takes three naming places, please shorten your InstanceName.",
  );
}

export function hostNameMalformed(): CloudError {
  return new CloudError("InvalidHostName.Malformed", 400, 'The specified parameter "HostName" is not valid.');
}

export function hostNameTooLongForSuffix(): CloudError {
  return new CloudError(
    "InvalidParams.HostnameExceed",
    403,
    "The uniqueSuffix takes three naming places, please shorten your Hostname.",
  );
}

export function descriptionMalformed(): CloudError {
  return new CloudError(
    "InvalidDescription.Malformed",
    400,
    'The specified parameter "Description" is not valid.',
  );
}

export function systemDiskCategoryNotSupported(): CloudError {
  return new CloudError(
    "InvalidSystemDiskCategory.ValueNotSupported",
    400,
    'The specified parameter "SystemDisk.Category" is not valid.',
  );
}

export function systemDiskSmallerThanImage(): CloudError {
  return new CloudError(
    "InvalidSystemDiskSize.LessThanImageSize",
    404,
    "The specified parameter SystemDisk.Size is less than the image size.",
  );
}

export function systemDiskBelowMinimum(min: number): CloudError {
  return new CloudError(
    "InvalidSystemDiskSize.LessThanMinSize",
    404,
    `The specified parameter SystemDisk.Size is less than the min size (${min} GiB for this disk category).`,
  );
}

export function systemDiskAboveMaximum(max: number): CloudError {
  return new CloudError(
    "InvalidSystemDiskSize.MoreThanMaxSize",
    404,
    `The specified parameter SystemDisk.Size is more than the max size (${max} GiB for this disk category).`,
  );
}

/** The account's vCPU quota for pay-as-you-go instances in the region is used up (capacity.ts). */
export function elasticQuotaExceeded(detail: string): CloudError {
  return new CloudError(
    "QuotaExceed.ElasticQuota",
    403,
    `No additional quota is available for the specified ECS instance type: ${detail}.`,
  );
}

export function minAmountMalformed(): CloudError {
  return new CloudError("InvalidMinAmount.Malformed", 400, "The specified parameter MinAmount is not valid.");
}

export function keyPairOnWindows(): CloudError {
  return new CloudError(
    "DependencyViolation.WindowsInstance",
    403,
    "The instance creating is window, cannot use ssh key pair to login.",
  );
}

export function passwordMalformed(): CloudError {
  return new CloudError("InvalidPassword.Malformed", 400, 'The specified parameter "Password" is not valid.');
}

export function passwordWithInherit(): CloudError {
  return new CloudError(
    "InvalidPasswordParam.Mismatch",
    400,
    "The input password should be null when passwdInherit is true.",
  );
}

export function internetChargeTypeNotSupported(): CloudError {
  return new CloudError(
    "InvalidInternetChargeType.ValueNotSupported",
    400,
    "The specified InternetChargeType is not valid.",
  );
}

export function instanceChargeTypeNotFound(): CloudError {
  return new CloudError(
    "InvalidInstanceChargeType.NotFound",
    404,
    "The InstanceChargeType does not exist in our records.",
  );
}

export function ioOptimizedNotSupported(): CloudError {
  return new CloudError("InvalidIoOptimize.ValueNotSupported", 400, "The specified IoOptimize is not valid.");
}

export function autoPayRequired(): CloudError {
  return new CloudError(
    "InvalidAutoPay.PostPaidUnsupported",
    400,
    "The specified parameter AutoPay must be set as true for postpaid instance.",
  );
}

export function privateAddressesExhausted(): CloudError {
  return new CloudError(
    "QuotaExceeded.PrivateIpAddress",
    400,
    "Don't have enough private IPs in this switch.",
  );
}

export function deletionProtected(): CloudError {
  return new CloudError(
    "InvalidOperation.DeletionProtection",
    403,
    "The instance is protected from release: turn DeletionProtection off first.",
  );
}
