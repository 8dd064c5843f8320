import { CloudError } from "../../http/index.js";

// STS's error codes (2015-04-01), with Alibaba's wording, from the AssumeRole error table.

export function missingStsParameter(name: string): CloudError {
  return new CloudError(`MissingParameter.${name}`, 400, `Parameter ${name} is required.`);
}

export function invalidStsParameter(name: string, message: string): CloudError {
  return new CloudError(`InvalidParameter.${name}`, 400, message);
}

export function roleNotExist(roleArn: string): CloudError {
  return new CloudError("EntityNotExist.Role", 404, `The specified Role not exists: ${roleArn}.`);
}

/**
 * The account's own AccessKey cannot assume a role: Alibaba's STS documents that only RAM users and
 * RAM roles may call AssumeRole, and answers the root identity with this message.
 */
export function rootCannotAssumeRole(): CloudError {
  return new CloudError(
    "NoPermission",
    403,
    "Roles may not be assumed by root accounts. Call AssumeRole as a RAM user or a RAM role.",
  );
}
