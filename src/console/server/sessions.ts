import { randomBytes } from "node:crypto";

// Console sessions live in this process's memory only: a restart signs everyone out, and no secret
// is ever written anywhere by the console. The id is 256 random bits, the cookie's only content.

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** Who the session acts as, from sts:GetCallerIdentity. */
export interface SessionIdentity {
  readonly accountId: string;
  readonly arn: string;
  /** `Account`, `RAMUser` or `AssumedRoleUser`, as GetCallerIdentity says. */
  readonly identityType: string;
  readonly principalId: string;
  /** `root`, the user name, or `<role>/<session>`, read from the ARN. */
  readonly principalName: string;
  readonly userId?: string;
  readonly roleId?: string;
  /** The AccessKey id signing for the session (not a secret; shown so users know which key). */
  readonly accessKeyId: string;
}

export interface Session {
  readonly id: string;
  readonly credentials: SessionCredentials;
  readonly identity: SessionIdentity;
  readonly csrfToken: string;
  readonly regionId: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** Signed out after this long without a request (default 1 h). */
  readonly idleMs: number;
  /** Signed out this long after sign-in, active or not (default 12 h). */
  readonly absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 60 * 60 * 1000,
  absoluteMs: 12 * 60 * 60 * 1000,
};

export type SessionLookup =
  | { readonly kind: "active"; readonly session: Session }
  | { readonly kind: "expired" }
  | { readonly kind: "none" };

export interface SessionStore {
  create(input: { credentials: SessionCredentials; identity: SessionIdentity; regionId: string }): Session;
  /** Finds the session and, when it is active, marks it seen now. */
  touch(id: string | undefined): SessionLookup;
  delete(id: string): void;
  /** Seconds until the session's absolute end, for the cookie's Max-Age. */
  remainingSeconds(session: Session): number;
  readonly limits: SessionLimits;
  readonly size: number;
}

const token = (): string => randomBytes(32).toString("base64url");

export function createSessionStore(now: () => number, limits: SessionLimits): SessionStore {
  const sessions = new Map<string, Session>();
  // Expired sessions are kept briefly so that their cookie gets `SessionExpired` rather than
  // `NotSignedIn`; they are dropped once they are older than the absolute limit twice over.
  const isExpired = (session: Session, at: number): boolean =>
    at - session.lastSeenAt >= limits.idleMs || at - session.createdAt >= limits.absoluteMs;
  const sweep = (at: number): void => {
    for (const [id, session] of sessions) {
      if (at - session.createdAt >= 2 * limits.absoluteMs || at - session.lastSeenAt >= 2 * limits.idleMs) {
        sessions.delete(id);
      }
    }
  };
  return {
    create(input) {
      const at = now();
      sweep(at);
      const session: Session = {
        id: token(),
        credentials: input.credentials,
        identity: input.identity,
        csrfToken: token(),
        regionId: input.regionId,
        createdAt: at,
        lastSeenAt: at,
      };
      sessions.set(session.id, session);
      return session;
    },
    touch(id) {
      if (id === undefined) return { kind: "none" };
      const session = sessions.get(id);
      if (session === undefined) return { kind: "none" };
      const at = now();
      if (isExpired(session, at)) return { kind: "expired" };
      session.lastSeenAt = at;
      return { kind: "active", session };
    },
    delete(id) {
      sessions.delete(id);
    },
    remainingSeconds(session) {
      return Math.max(0, Math.floor((session.createdAt + limits.absoluteMs - now()) / 1000));
    },
    limits,
    get size() {
      return sessions.size;
    },
  };
}

/** `acs:ram::123:user/alice` → `alice`; `…:assumed-role/r/s` → `r/s`; `…:root` → `root`. */
export function principalNameOf(arn: string): string {
  const resource = arn.split(":").slice(4).join(":");
  if (resource === "root") return "root";
  const slash = resource.indexOf("/");
  return slash === -1 ? resource : resource.slice(slash + 1);
}
