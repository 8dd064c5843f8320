import type { StsSession, StsSessionWithSecrets, Timestamp } from "../../model/index.js";
import type { StsSessionsTable } from "../schema.js";
import type { StsSessionRepository } from "../store.js";
import { affected, nullable, optional } from "./context.js";
import type { StoreContext } from "./context.js";

const secretContext = (accessKeyId: string) => `sts-secret:${accessKeyId}`;
const tokenContext = (accessKeyId: string) => `sts-token:${accessKeyId}`;

function toSession(row: StsSessionsTable): StsSession {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    roleId: row.role_id,
    roleArn: row.role_arn,
    roleSessionName: row.role_session_name,
    callerArn: row.caller_arn,
    sessionPolicy: optional(row.session_policy),
    sourceIdentity: optional(row.source_identity),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class KyselyStsSessionRepository implements StsSessionRepository {
  constructor(private readonly ctx: StoreContext) {}

  private row(accessKeyId: string): Promise<StsSessionsTable | undefined> {
    return this.ctx.db
      .selectFrom("sts_sessions")
      .selectAll()
      .where("access_key_id", "=", accessKeyId)
      .executeTakeFirst();
  }

  async get(accessKeyId: string): Promise<StsSession | undefined> {
    const row = await this.row(accessKeyId);
    return row && toSession(row);
  }

  async getWithSecrets(accessKeyId: string): Promise<StsSessionWithSecrets | undefined> {
    const row = await this.row(accessKeyId);
    return (
      row && {
        ...toSession(row),
        accessKeySecret: this.ctx.box.open(row.secret_sealed, secretContext(accessKeyId)),
        securityToken: this.ctx.box.open(row.security_token_sealed, tokenContext(accessKeyId)),
      }
    );
  }

  async insert(session: StsSessionWithSecrets): Promise<void> {
    await this.ctx.db
      .insertInto("sts_sessions")
      .values({
        access_key_id: session.accessKeyId,
        account_id: session.accountId,
        role_id: session.roleId,
        role_arn: session.roleArn,
        role_session_name: session.roleSessionName,
        caller_arn: session.callerArn,
        session_policy: nullable(session.sessionPolicy),
        source_identity: nullable(session.sourceIdentity),
        secret_sealed: this.ctx.box.seal(session.accessKeySecret, secretContext(session.accessKeyId)),
        security_token_sealed: this.ctx.box.seal(session.securityToken, tokenContext(session.accessKeyId)),
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async deleteExpired(now: Timestamp): Promise<number> {
    this.ctx.credentialsChanged();
    return affected(
      await this.ctx.db.deleteFrom("sts_sessions").where("expires_at", "<", now).executeTakeFirst(),
    );
  }
}
