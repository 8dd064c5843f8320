import { parsePolicy, type NamedPolicy, type PrincipalInfo } from "../../policy/index.js";
import type { CredentialResolver, ResolvedCredential } from "../http/index.js";
import type { Caller } from "../services/handler.js";
import type { Store } from "../store/index.js";

// From an AccessKey id to who is calling: the account's root identity, a RAM user, or a role
// session made by sts:AssumeRole. This runs before the signature is verified, so it only reads:
// anything it returned is used only once the http layer has checked the signature with the secret.

/** The name a session policy carries in decisions and diagnostics. */
export const SESSION_POLICY_NAME = "SessionPolicy";

const STS_PREFIX = "STS.";

// Resolving reads the key, decrypts its secret and reads its user: on every call, that was a tenth
// of a launch. Resolved callers are kept, stamped with the store's credentials version, which every
// write to keys, users, roles, sessions and accounts moves on: a stamp that differs is a miss. Unknown
// ids are not kept (a key created a moment later must work). Bounded; dropping it costs a re-read.
const MAX_CACHED_CREDENTIALS = 10_000;

export function createCredentialResolver(store: Store): CredentialResolver {
  const cache = new Map<string, { readonly version: number; readonly resolved: ResolvedCredential }>();
  return async (accessKeyId) => {
    const version = store.credentialsVersion;
    const cached = cache.get(accessKeyId);
    if (cached !== undefined && cached.version === version) return cached.resolved;
    const resolved = accessKeyId.startsWith(STS_PREFIX)
      ? await resolveSession(store, accessKeyId)
      : await resolveAccessKey(store, accessKeyId);
    if (resolved === undefined) {
      cache.delete(accessKeyId);
      return undefined;
    }
    if (cache.size >= MAX_CACHED_CREDENTIALS) cache.clear();
    cache.set(accessKeyId, { version, resolved });
    return resolved;
  };
}

async function resolveAccessKey(store: Store, accessKeyId: string): Promise<ResolvedCredential | undefined> {
  const key = await store.ram.accessKeys.getWithSecret(accessKeyId);
  if (key === undefined) return undefined;
  let caller: Caller;
  if (key.owner.type === "root") {
    caller = {
      kind: "root",
      accountId: key.accountId,
      accessKeyId,
      arn: `acs:ram::${key.accountId}:root`,
      principalId: key.accountId,
      displayName: key.accountId,
    };
  } else {
    const user = await store.ram.users.getById(key.owner.userId);
    // A key whose user is gone signs for nobody (the store refuses that state; this is the guard).
    if (user === undefined || user.accountId !== key.accountId) return undefined;
    caller = {
      kind: "user",
      accountId: key.accountId,
      accessKeyId,
      arn: `acs:ram::${key.accountId}:user/${user.userName}`,
      principalId: user.userId,
      displayName: user.userName,
      userId: user.userId,
      userName: user.userName,
    };
  }
  return { secret: key.accessKeySecret, status: key.status, principal: caller };
}

async function resolveSession(store: Store, accessKeyId: string): Promise<ResolvedCredential | undefined> {
  const session = await store.sts.getWithSecrets(accessKeyId);
  if (session === undefined) return undefined;
  // The role may have been deleted since: the session then keeps its name (from the ARN) but no
  // policy is attached to a role id that no longer exists, so it is refused everything.
  const role = await store.ram.roles.getById(session.roleId);
  const roleName = role?.roleName ?? session.roleArn.slice(session.roleArn.lastIndexOf("/") + 1);
  let sessionPolicy: NamedPolicy | undefined;
  if (session.sessionPolicy !== undefined) {
    const parsed = parsePolicy(session.sessionPolicy, "session");
    // STS validated it when the session was made; a document that no longer parses (a stricter
    // parser) must not silently widen the session, so the credential is refused.
    if (!parsed.ok) return undefined;
    sessionPolicy = { name: SESSION_POLICY_NAME, policy: parsed.policy };
  }
  const caller: Caller = {
    kind: "role-session",
    accountId: session.accountId,
    accessKeyId,
    arn: `acs:ram::${session.accountId}:assumed-role/${roleName}/${session.roleSessionName}`,
    principalId: `${session.roleId}:${session.roleSessionName}`,
    displayName: `${roleName}:${session.roleSessionName}`,
    roleId: session.roleId,
    roleName,
    roleArn: session.roleArn,
    sessionName: session.roleSessionName,
    ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
  };
  return {
    secret: session.accessKeySecret,
    status: "Active",
    securityToken: session.securityToken,
    expiresAt: new Date(session.expiresAt),
    principal: caller,
  };
}

/** The caller as the policy engine names principals. */
export function principalInfo(caller: Caller): PrincipalInfo {
  switch (caller.kind) {
    case "root":
      return { type: "RootAccount", accountId: caller.accountId, arn: caller.arn };
    case "user":
      return {
        type: "RamUser",
        accountId: caller.accountId,
        name: caller.userName ?? caller.displayName,
        arn: caller.arn,
      };
    case "role-session":
      return {
        type: "AssumedRole",
        accountId: caller.accountId,
        name: `${caller.roleName ?? ""}/${caller.sessionName ?? ""}`,
        arn: caller.arn,
      };
  }
}

/** Runtime guard: the http layer hands dispatch whatever the resolver returned as `principal`. */
export function isCaller(value: unknown): value is Caller {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "root" || kind === "user" || kind === "role-session";
}
