import type { ClientContext } from "./client-context.js";
import type { Credentials } from "./connection-types.js";
import { StsModule } from "./sdk.js";

// STS: who the credentials belong to, and role sessions.

/**
 * `root`: the account's own AccessKey (IdentityType `Account`); `user`: a RAM user (`RAMUser`);
 * `role-session`: an assumed role (`AssumedRoleUser`).
 */
export type IdentityKind = "root" | "user" | "role-session";

export interface CallerIdentity {
  readonly kind: IdentityKind;
  readonly accountId: string;
  /** `acs:ram::<acct>:root`, `acs:ram::<acct>:user/<name>`, `acs:ram::<acct>:assumed-role/<role>/<session>`. */
  readonly arn: string;
  readonly principalId: string;
  /** The account id for root, the user id for a RAM user. */
  readonly userId?: string;
  readonly roleId?: string;
}

export interface AssumeRoleOptions {
  readonly roleArn: string;
  readonly sessionName: string;
  /** 900 to the role's MaxSessionDuration; the cloud's default (3600) when absent. */
  readonly durationSeconds?: number;
  /** A session policy (at most 1,024 characters) that narrows the role's permissions. */
  readonly policy?: string;
}

export interface RoleSession {
  readonly credentials: Required<Credentials>;
  readonly expiresAt: Date;
  /** `acs:ram::<acct>:role/<role>/<session>`. */
  readonly arn: string;
}

export interface StsApi {
  getCallerIdentity(): Promise<CallerIdentity>;
  assumeRole(options: AssumeRoleOptions): Promise<RoleSession>;
}

const IDENTITY_KINDS: Readonly<Record<string, IdentityKind>> = {
  Account: "root",
  RAMUser: "user",
  AssumedRoleUser: "role-session",
};

export function createStsApi(ctx: ClientContext): StsApi {
  return {
    async getCallerIdentity() {
      const action = "GetCallerIdentity";
      const body = (await ctx.call("sts", action, { idempotent: true }, (sts) => sts.getCallerIdentity()))
        .body;
      const type = ctx.must(body?.identityType, "IdentityType", "sts", action);
      const kind = IDENTITY_KINDS[type];
      if (kind === undefined) {
        return ctx.unexpected(`an IdentityType it knows (got \`${type}\`)`, "sts", action);
      }
      return {
        kind,
        accountId: ctx.must(body?.accountId, "AccountId", "sts", action),
        arn: ctx.must(body?.arn, "Arn", "sts", action),
        principalId: body?.principalId ?? "",
        ...(body?.userId ? { userId: body.userId } : {}),
        ...(body?.roleId ? { roleId: body.roleId } : {}),
      };
    },

    async assumeRole(options) {
      const action = "AssumeRole";
      // Not idempotent: a second session is harmless, but a resent call after a broken connection
      // would hand out credentials nobody keeps. Throttling is still retried (./retry.ts).
      const body = (
        await ctx.call("sts", action, { idempotent: false }, (sts) =>
          sts.assumeRole(
            new StsModule.AssumeRoleRequest({
              roleArn: options.roleArn,
              roleSessionName: options.sessionName,
              ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
              ...(options.policy === undefined ? {} : { policy: options.policy }),
            }),
          ),
        )
      ).body;
      const credentials = body?.credentials;
      const expiration = ctx.must(credentials?.expiration, "Credentials.Expiration", "sts", action);
      const expiresAt = new Date(expiration);
      if (Number.isNaN(expiresAt.getTime())) {
        return ctx.unexpected(`a readable Credentials.Expiration (got \`${expiration}\`)`, "sts", action);
      }
      return {
        credentials: {
          accessKeyId: ctx.must(credentials?.accessKeyId, "Credentials.AccessKeyId", "sts", action),
          accessKeySecret: ctx.must(
            credentials?.accessKeySecret,
            "Credentials.AccessKeySecret",
            "sts",
            action,
          ),
          securityToken: ctx.must(credentials?.securityToken, "Credentials.SecurityToken", "sts", action),
        },
        expiresAt,
        arn: body?.assumedRoleUser?.arn ?? `${options.roleArn}/${options.sessionName}`,
      };
    },
  };
}
