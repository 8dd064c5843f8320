import type { EffectScope } from "../../../policy/index.js";
import type { ParamReader } from "../../http/index.js";
import { invalidRdParameter, missingRdParameter } from "./errors.js";
import { RD_LENGTHS } from "./limits.js";

// The name rules of Resource Directory's parameters, from each parameter's description in the API
// reference, each refused with the code Alibaba lists for that action.

/** Letters of any script Alibaba names ("Chinese characters, letters"), digits, `_`, `.`, `-`. */
const FOLDER_NAME = /^[\p{Script=Han}A-Za-z0-9_.-]+$/u;
/** As a folder name, plus spaces. */
const DISPLAY_NAME = /^[\p{Script=Han}A-Za-z0-9_. -]+$/u;
/** Starts and ends with a letter or digit; `_`, `.`, `-` never two in a row. */
const ACCOUNT_NAME_PREFIX = /^[A-Za-z0-9](?:[_.-]?[A-Za-z0-9])*$/;
/** Starts with a letter; letters, digits and `-`. */
const POLICY_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

const length = (text: string): number => [...text].length;

function present(params: ParamReader, name: string): string | undefined {
  const value = params.optStr(name);
  return value === undefined || value === "" ? undefined : value;
}

/** CreateFolder's FolderName, UpdateFolder's NewFolderName. */
export function readFolderName(params: ParamReader, name: "FolderName" | "NewFolderName"): string {
  const value = present(params, name);
  if (value === undefined) throw missingRdParameter("Folder.Name", "the resource folder name");
  const { min, max } = RD_LENGTHS.folderName;
  if (length(value) < min || length(value) > max) {
    throw invalidRdParameter(
      "Folder.Name.Length",
      `The Name of folder exceeds the length limit: \`${value}\` has ${length(value)} characters, ${min} to ${max} are allowed.`,
    );
  }
  if (!FOLDER_NAME.test(value)) {
    throw invalidRdParameter(
      "Folder.Name",
      `The Name of folder is invalid: \`${value}\`. Use letters, digits, Chinese characters, underscores (_), periods (.) and hyphens (-).`,
    );
  }
  return value;
}

export function readDisplayName(params: ParamReader): string {
  const value = present(params, "DisplayName");
  if (value === undefined) throw missingRdParameter("Account.DisplayName", "DisplayName");
  const { min, max } = RD_LENGTHS.displayName;
  if (length(value) < min || length(value) > max) {
    throw invalidRdParameter(
      "Account.DisplayName.Length",
      `The DisplayName of the account exceeds the length limit: \`${value}\` has ${length(value)} characters, ${min} to ${max} are allowed.`,
    );
  }
  if (!DISPLAY_NAME.test(value)) {
    throw invalidRdParameter(
      "Account.DisplayName",
      `The DisplayName of account is invalid: \`${value}\`. Use letters, digits, Chinese characters, underscores (_), periods (.), hyphens (-) and spaces.`,
    );
  }
  return value;
}

export function readAccountNamePrefix(params: ParamReader): string | undefined {
  const value = present(params, "AccountNamePrefix");
  if (value === undefined) return undefined;
  const { min, max } = RD_LENGTHS.accountNamePrefix;
  if (value.length < min || value.length > max) {
    throw invalidRdParameter(
      "Account.AccountNamePrefix.Length",
      `The account name prefix exceeds the length limit: \`${value}\` has ${value.length} characters, ${min} to ${max} are allowed.`,
    );
  }
  if (!ACCOUNT_NAME_PREFIX.test(value)) {
    throw invalidRdParameter(
      "Account.AccountNamePrefix",
      `The account name prefix is invalid: \`${value}\`. Use letters, digits, underscores (_), periods (.) and hyphens (-), start and end with a letter or digit, and do not put two special characters in a row.`,
    );
  }
  return value;
}

/** CreateControlPolicy's PolicyName (required), UpdateControlPolicy's NewPolicyName (optional). */
export function readPolicyName(params: ParamReader, name: "PolicyName"): string;
export function readPolicyName(params: ParamReader, name: "NewPolicyName"): string | undefined;
export function readPolicyName(
  params: ParamReader,
  name: "PolicyName" | "NewPolicyName",
): string | undefined {
  const value = present(params, name);
  if (value === undefined) {
    if (name === "PolicyName") throw missingRdParameter("PolicyName", "PolicyName");
    return undefined;
  }
  const { min, max } = RD_LENGTHS.policyName;
  if (value.length < min || value.length > max || !POLICY_NAME.test(value)) {
    throw invalidRdParameter(
      name,
      `The ${name} is invalid: \`${value}\`. It must be ${min} to ${max} characters, start with a letter, and contain only letters, digits and hyphens (-).`,
    );
  }
  return value;
}

/**
 * CreateControlPolicy's Description, UpdateControlPolicy's NewDescription: up to 1,024 characters.
 * [decision] Alibaba's parameter description also says "must start with a letter and contain only
 * letters, digits, `_` and `-`", which would refuse every description with a space in it; the
 * console accepts such descriptions, so only the length is enforced.
 */
export function readPolicyDescription(
  params: ParamReader,
  name: "Description" | "NewDescription",
): string | undefined {
  const value = present(params, name);
  if (value === undefined) return undefined;
  const { max } = RD_LENGTHS.policyDescription;
  if (length(value) > max) {
    throw invalidRdParameter(
      `${name}.Length`,
      `The ${name} exceeds the length limit: ${length(value)} characters, at most ${max} are allowed.`,
    );
  }
  return value;
}

/** `RAM` (RAM users and roles; the default) or `All` (also the accounts' root identities). */
export function readEffectScope(params: ParamReader): EffectScope {
  const value = present(params, "EffectScope");
  if (value === undefined) return "RAM";
  if (value === "RAM" || value === "All") return value;
  throw invalidRdParameter(
    "EffectScope",
    `The EffectScope is invalid: \`${value}\`. Valid values: RAM, All.`,
  );
}

export type Language = "zh-CN" | "en" | "ja";

/** The language of system control policies' descriptions; default `zh-CN`. */
export function readLanguage(params: ParamReader): Language {
  const value = present(params, "Language");
  if (value === undefined) return "zh-CN";
  if (value === "zh-CN" || value === "en" || value === "ja") return value;
  throw invalidRdParameter("Language", `The Language is invalid: \`${value}\`. Valid values: zh-CN, en, ja.`);
}
