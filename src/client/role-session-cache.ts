import type { RoleSession } from "./sts.js";

// Temporary credentials kept until shortly before they expire, so that a scan that visits every
// member account twice (or a console that asks every minute) assumes each role once an hour, not
// once per visit. Callers asking for the same role at once share one AssumeRole.

export interface RoleSessionCache {
  /** A session for `key`: the cached one while it has more than the margin left, else `assume()`'s. */
  session(key: string, assume: () => Promise<RoleSession>): Promise<RoleSession>;
  /** Forgets every session (e.g. after the caller's own keys changed). */
  clear(): void;
}

export interface RoleSessionCacheOptions {
  /** A session is renewed once less than this is left (default 5 minutes). */
  readonly refreshBeforeMs?: number;
  readonly now?: () => Date;
}

export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000;

export function createRoleSessionCache(options: RoleSessionCacheOptions = {}): RoleSessionCache {
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const now = options.now ?? (() => new Date());
  const sessions = new Map<string, Promise<RoleSession>>();
  const fresh = (session: RoleSession) => session.expiresAt.getTime() - now().getTime() > refreshBeforeMs;
  return {
    async session(key, assume) {
      const cached = sessions.get(key);
      if (cached !== undefined) {
        try {
          const session = await cached;
          if (fresh(session)) return session;
        } catch {
          // The earlier attempt failed: fall through and try again.
        }
        if (sessions.get(key) !== cached) return this.session(key, assume);
      }
      const pending = assume();
      sessions.set(key, pending);
      // A failed AssumeRole is not cached: the next visit asks again.
      pending.catch(() => {
        if (sessions.get(key) === pending) sessions.delete(key);
      });
      return pending;
    },
    clear: () => sessions.clear(),
  };
}
