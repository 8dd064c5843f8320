import { CloudError } from "../../../http/index.js";

// Security group error codes of ECS (2014-05-26), with the statuses and wording of Alibaba's
// CreateSecurityGroup and DeleteSecurityGroup references.

export function securityGroupNameMalformed(): CloudError {
  return new CloudError(
    "InvalidSecurityGroupName.Malformed",
    400,
    "Specified security group name is not valid.",
  );
}

export function securityGroupInUse(): CloudError {
  return new CloudError(
    "DependencyViolation",
    403,
    "There is still instance(s) in the specified security group.",
  );
}
