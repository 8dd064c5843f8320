// The one error deployment throws: the target cannot be planned for at all (wrong account, no
// directory, an unreadable or stale plan file). Conflicts inside a plan are data, not errors.

export const DEPLOY_ERROR_CODES = [
  "no-resource-directory",
  "directory-unreadable",
  "not-management-account",
  "member-account",
  "plan-file-invalid",
  "stale-plan",
  "plan-not-applicable",
  "enable-timeout",
] as const;

export type DeployErrorCode = (typeof DEPLOY_ERROR_CODES)[number];

export class DeployError extends Error {
  override readonly name = "DeployError";
  readonly code: DeployErrorCode;
  readonly help: string;

  constructor(code: DeployErrorCode, message: string, help: string) {
    super(message);
    this.code = code;
    this.help = help;
  }
}

export function isDeployError(value: unknown): value is DeployError {
  return value instanceof DeployError;
}
