import type { ParamReader } from "../../http/index.js";
import { invalidRamParameter } from "./errors.js";
import { RAM_LENGTHS } from "./limits.js";

// RAM's naming rules, from the per-API parameter tables of RAM 2015-05-01, each with the codes of
// RAM's error list (`InvalidParameter.UserName.InvalidChars`, `InvalidParameter.UserName.Length`).
// The parameter's own name goes into the code, as Alibaba does (`NewUserName`, `NewGroupName`).

interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  readonly allowed: string;
}

/** Letters, digits, periods, hyphens and underscores (CreateUser's `UserName`). */
const USER_NAME: NameRule = {
  max: RAM_LENGTHS.userName,
  pattern: /^[A-Za-z0-9._-]+$/,
  allowed: "letters, digits, periods (.), hyphens (-) and underscores (_)",
};

/** Letters, digits and hyphens (CreateGroup's `GroupName`). */
const GROUP_NAME: NameRule = {
  max: RAM_LENGTHS.groupName,
  pattern: /^[A-Za-z0-9-]+$/,
  allowed: "letters, digits and hyphens (-)",
};

/** Letters, digits, periods and hyphens (CreateRole's `RoleName`). */
const ROLE_NAME: NameRule = {
  max: RAM_LENGTHS.roleName,
  pattern: /^[A-Za-z0-9.-]+$/,
  allowed: "letters, digits, periods (.) and hyphens (-)",
};

/** Letters, digits and hyphens (CreatePolicy's `PolicyName`); system policy names fit too. */
const POLICY_NAME: NameRule = {
  max: RAM_LENGTHS.policyName,
  pattern: /^[A-Za-z0-9-]+$/,
  allowed: "letters, digits and hyphens (-)",
};

function checkName(parameter: string, value: string, rule: NameRule): string {
  if (value.length > rule.max) {
    throw invalidRamParameter(
      `${parameter}.Length`,
      `The parameter - "${parameter}" beyond the length limit. It must be 1 to ${rule.max} characters.`,
    );
  }
  if (!rule.pattern.test(value)) {
    throw invalidRamParameter(
      `${parameter}.InvalidChars`,
      `The parameter - "${parameter}" contains invalid chars. It may contain ${rule.allowed}.`,
    );
  }
  return value;
}

function required(params: ParamReader, parameter: string, rule: NameRule): string {
  return checkName(parameter, params.str(parameter), rule);
}

function optional(params: ParamReader, parameter: string, rule: NameRule): string | undefined {
  const value = params.optStr(parameter);
  return value === undefined || value === "" ? undefined : checkName(parameter, value, rule);
}

export const readUserName = (params: ParamReader, parameter = "UserName"): string =>
  required(params, parameter, USER_NAME);
export const readOptionalUserName = (params: ParamReader, parameter = "UserName"): string | undefined =>
  optional(params, parameter, USER_NAME);
export const readGroupName = (params: ParamReader, parameter = "GroupName"): string =>
  required(params, parameter, GROUP_NAME);
export const readRoleName = (params: ParamReader, parameter = "RoleName"): string =>
  required(params, parameter, ROLE_NAME);
export const readPolicyName = (params: ParamReader, parameter = "PolicyName"): string =>
  required(params, parameter, POLICY_NAME);

/** A free text of at most `max` characters (`Comments`, `Description`); absent or empty is undefined. */
export function readText(params: ParamReader, parameter: string, max: number): string | undefined {
  const value = params.optStr(parameter);
  if (value === undefined || value === "") return undefined;
  if ([...value].length > max) {
    throw invalidRamParameter(
      `${parameter}.Length`,
      `The parameter - "${parameter}" beyond the length limit. It must be at most ${max} characters.`,
    );
  }
  return value;
}

/** `<country code>-<number>`, e.g. `86-1868888****` with digits (RAM's `MobilePhone`). */
export function readMobilePhone(params: ParamReader, parameter: string): string | undefined {
  const value = params.optStr(parameter);
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,4}-\d{4,15}$/.test(value)) {
    throw invalidRamParameter(
      `${parameter}.Format`,
      `The format of the parameter - "${parameter}" is incorrect. Use <country code>-<number>, e.g. 86-18600008888.`,
    );
  }
  return value;
}

export function readEmail(params: ParamReader, parameter: string): string | undefined {
  const value = params.optStr(parameter);
  if (value === undefined || value === "") return undefined;
  if (value.length > 128 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw invalidRamParameter(
      `${parameter}.Format`,
      `The format of the parameter - "${parameter}" is incorrect.`,
    );
  }
  return value;
}
