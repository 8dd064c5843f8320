import { CloudError } from "../../http/index.js";
import type { Problem } from "../../../policy/index.js";

// RAM's own error codes (2015-05-01), with Alibaba's wording and statuses, from RAM's published error
// list: SDK users and Terraform match on them (`EntityNotExist` to treat a delete as done,
// `DeleteConflict.*` to retry after detaching, and so on).

export type RamEntity = "User" | "Group" | "Role" | "Policy";

const ENTITY_WORD: Readonly<Record<RamEntity, string>> = {
  User: "user",
  Group: "group",
  Role: "role",
  Policy: "policy",
};

/** `EntityNotExist.User` 404 and its siblings. */
export function entityNotExist(entity: RamEntity, name: string): CloudError {
  return new CloudError(
    `EntityNotExist.${entity}`,
    404,
    `The ${ENTITY_WORD[entity]} does not exist: ${name}.`,
  );
}

/** `EntityAlreadyExists.User` 409 and its siblings. */
export function entityAlreadyExists(entity: RamEntity, name: string): CloudError {
  return new CloudError(
    `EntityAlreadyExists.${entity}`,
    409,
    `The ${ENTITY_WORD[entity]} does already EXIST: ${name}.`,
  );
}

export function policyVersionNotExist(versionId: string): CloudError {
  return new CloudError(
    "EntityNotExist.Policy.Version",
    404,
    `The policy version does not exist: ${versionId}.`,
  );
}

export function accessKeyNotExist(accessKeyId: string): CloudError {
  return new CloudError(
    "EntityNotExist.User.AccessKey",
    404,
    `The user access key does not exist: ${accessKeyId}.`,
  );
}

export function userNotInGroup(userName: string, groupName: string): CloudError {
  return new CloudError(
    "EntityNotExist.User.Group",
    404,
    `The user has not joined the group: ${userName} is not a member of ${groupName}.`,
  );
}

export function userAlreadyInGroup(userName: string, groupName: string): CloudError {
  return new CloudError(
    "EntityAlreadyExists.User.Group",
    409,
    `The user has already joined the group: ${userName} is a member of ${groupName}.`,
  );
}

/** `EntityNotExist.User.Policy` (and `.Group.Policy`, `.Role.Policy`): the policy is not attached. */
export function attachmentNotExist(principal: "User" | "Group" | "Role", policyName: string): CloudError {
  return new CloudError(
    `EntityNotExist.${principal}.Policy`,
    404,
    `The indicate policy of the ${ENTITY_WORD[principal]} does not exist: ${policyName} is not attached.`,
  );
}

/** `EntityAlreadyExists.User.Policy` (and `.Group.Policy`, `.Role.Policy`). */
export function attachmentAlreadyExists(
  principal: "User" | "Group" | "Role",
  policyName: string,
): CloudError {
  return new CloudError(
    `EntityAlreadyExists.${principal}.Policy`,
    409,
    `The ${ENTITY_WORD[principal]} has already been attached this policy: ${policyName}.`,
  );
}

/** `DeleteConflict.User.AccessKey` and the other conflicts RAM reports before a delete. */
export function deleteConflict(code: string, message: string): CloudError {
  return new CloudError(`DeleteConflict.${code}`, 409, message);
}

/** `LimitExceeded.User`, `LimitExceeded.Policy.Version`, …: one of RAM's quotas is reached. */
export function limitExceeded(code: string, message: string): CloudError {
  return new CloudError(`LimitExceeded.${code}`, 409, message);
}

/** `InvalidParameter.UserName.InvalidChars`, `InvalidParameter.PolicyType`, …. */
export function invalidRamParameter(suffix: string, message: string): CloudError {
  return new CloudError(`InvalidParameter.${suffix}`, 400, message);
}

/**
 * `MalformedPolicyDocument` 400. Alibaba puts "the error details" in the message; ours are the
 * policy module's problems, each with its path and line:column, so the caller can fix the document
 * without a second round trip.
 */
export function malformedPolicyDocument(parameter: string, problems: readonly Problem[]): CloudError {
  return new CloudError("MalformedPolicyDocument", 400, describeProblems(parameter, problems));
}

/** One line per error, `path (line:column): message; help`, warnings left out. */
export function describeProblems(parameter: string, problems: readonly Problem[]): string {
  const errors = problems.filter((problem) => problem.severity === "error");
  const listed = errors.map((problem) => {
    const where = problem.path === "" ? "document" : problem.path;
    const help = problem.help === undefined ? "" : ` (${problem.help})`;
    return `${where} at ${problem.line}:${problem.column}: ${problem.message}${help}`;
  });
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  return `The policy document in ${parameter} is malformed, ${count}: ${listed.join("; ")}`;
}
