import type { Timestamp } from "./common.js";

/** A role session made by `sts:AssumeRole`: a temporary AccessKey bound to a role. */
export interface StsSession {
  /** `STS.` + 28 characters. */
  readonly accessKeyId: string;
  /** The role's account (the account the session acts in). */
  readonly accountId: string;
  readonly roleId: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  /** The ARN of the identity that called AssumeRole. */
  readonly callerArn: string;
  /** The session policy passed to AssumeRole, as text. */
  readonly sessionPolicy?: string;
  readonly sourceIdentity?: string;
  readonly createdAt: Timestamp;
  readonly expiresAt: Timestamp;
}

/** The session with its secrets, which are stored encrypted. */
export interface StsSessionWithSecrets extends StsSession {
  readonly accessKeySecret: string;
  readonly securityToken: string;
}
