import { CloudCallError } from "../cloud-call-error.js";
import { createCloudCaller } from "../cloud-caller.js";
import { BodyReader } from "../body-reader.js";
import { requireCsrfToken } from "../csrf.js";
import { ConsoleError, invalidInput } from "../console-error.js";
import type { Route, RouteContext, RouteResult } from "../route.js";
import { principalNameOf, type Session, type SessionIdentity } from "../sessions.js";

// Sign-in, who am I, sign-out. Sign-in proves the AccessKey pair by calling sts:GetCallerIdentity
// with it (which needs no permission), so any identity the cloud accepts can use the console and
// nothing else can.

export const SESSION_COOKIE = "imageguard_session";
const DEFAULT_REGION = "cn-hangzhou";

/** What GET and POST /session answer; never a secret beyond the CSRF token the page needs. */
export interface SessionView {
  readonly identity: SessionIdentity;
  readonly csrfToken: string;
  readonly regionId: string;
  /** ISO 8601: the absolute end of the session. */
  readonly expiresAt: string;
  readonly idleTimeoutSeconds: number;
}

function view(ctx: RouteContext, session: Session): SessionView {
  return {
    identity: session.identity,
    csrfToken: session.csrfToken,
    regionId: session.regionId,
    expiresAt: new Date(ctx.env.now() + ctx.env.sessions.remainingSeconds(session) * 1000).toISOString(),
    idleTimeoutSeconds: Math.round(ctx.env.sessions.limits.idleMs / 1000),
  };
}

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  // Not `Secure`: the console is served over plain HTTP on a loopback address only.
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/console; Max-Age=${maxAgeSeconds}`;
}

export const clearedSessionCookie = (): string => sessionCookie("", 0);

const REGION_ID = /^[a-z]{2}(-[a-z0-9]+)+$/;

function signInFailed(failure: CloudCallError): ConsoleError {
  if (failure.httpStatus >= 500) {
    return new ConsoleError({
      status: 502,
      code: "CloudUnavailable",
      message: `the cloud could not check the AccessKey pair: ${failure.message}`,
      help: "try again; if it persists, look at the output of `imageguard serve`",
    });
  }
  const why =
    failure.code === "SignatureDoesNotMatch"
      ? "the AccessKey secret does not belong to this AccessKey id"
      : failure.code.startsWith("InvalidAccessKeyId")
        ? "the cloud does not know this AccessKey id, or the key is disabled"
        : failure.code.startsWith("InvalidSecurityToken")
          ? "the security token is not valid or has expired"
          : `the cloud refused the AccessKey pair (\`${failure.code}\`)`;
  return new ConsoleError({
    status: 401,
    code: "SignInFailed",
    message: why,
    help: "check the AccessKey id and secret (`imageguard serve --seed demo` prints the demo personas' pairs)",
  });
}

const signIn: Route = {
  method: "POST",
  path: "/session",
  auth: "public",
  async handle(ctx): Promise<RouteResult> {
    const body = BodyReader.of(await ctx.body());
    const accessKeyId = body.string("accessKeyId", 128).trim();
    const accessKeySecret = body.string("accessKeySecret", 256);
    const securityToken = body.optionalString("securityToken", 8192);
    const regionId = body.optionalString("regionId", 64) ?? DEFAULT_REGION;
    body.done();
    if (!REGION_ID.test(regionId)) {
      throw invalidInput("regionId", `\`${regionId}\` is not a region id`, "use e.g. `cn-hangzhou`");
    }

    // Counted before the cloud is asked, so concurrent guesses cannot overrun the limit.
    const admission = ctx.env.signInLimiter.admit(accessKeyId);
    if (!admission.admitted) {
      throw new ConsoleError({
        status: 429,
        code: "Throttling.SignIn",
        message: "too many failed sign-ins with this AccessKey id",
        help: `wait ${admission.retryAfterSeconds} seconds before trying again`,
      });
    }

    const credentials = {
      accessKeyId,
      accessKeySecret,
      ...(securityToken === undefined ? {} : { securityToken }),
    };
    const caller = createCloudCaller({ endpoint: ctx.env.endpoint, protocol: "http" }, credentials, regionId);
    let who: Record<string, unknown>;
    try {
      who = await caller.call("Sts", "GetCallerIdentity");
    } catch (err) {
      if (!(err instanceof CloudCallError)) throw err;
      // A refused pair stays counted; a cloud that failed said nothing about the pair.
      if (err.httpStatus >= 500) admission.attempt.withdraw();
      throw signInFailed(err);
    }
    admission.attempt.succeeded();
    const text = (name: string): string | undefined =>
      typeof who[name] === "string" ? (who[name] as string) : undefined;
    const arn = text("Arn") ?? "";
    const identity: SessionIdentity = {
      accountId: text("AccountId") ?? "",
      arn,
      identityType: text("IdentityType") ?? "",
      principalId: text("PrincipalId") ?? "",
      principalName: principalNameOf(arn),
      accessKeyId,
      ...(text("UserId") === undefined ? {} : { userId: text("UserId") }),
      ...(text("RoleId") === undefined ? {} : { roleId: text("RoleId") }),
    };
    // A new sign-in in the same browser replaces the session it had.
    if (ctx.sessionLookup.kind === "active") ctx.env.sessions.delete(ctx.sessionLookup.session.id);
    const session = ctx.env.sessions.create({ credentials, identity, regionId });
    return {
      status: 201,
      body: view(ctx, session),
      cookies: [sessionCookie(session.id, ctx.env.sessions.remainingSeconds(session))],
    };
  },
};

const whoAmI: Route = {
  method: "GET",
  path: "/session",
  auth: "session",
  handle(ctx) {
    return Promise.resolve({ body: view(ctx, ctx.session) });
  },
};

const signOut: Route = {
  method: "DELETE",
  path: "/session",
  // Public so that a browser holding an expired session can still clear its cookie; an active
  // session is only ended with its CSRF token (checked here, since the mount checks it only for
  // session routes).
  auth: "public",
  async handle(ctx) {
    const body = BodyReader.of(await ctx.body());
    body.done();
    if (ctx.sessionLookup.kind === "active") {
      requireCsrfToken(ctx.req, ctx.sessionLookup.session);
      ctx.env.sessions.delete(ctx.sessionLookup.session.id);
    }
    return { status: 200, body: { signedOut: true }, cookies: [clearedSessionCookie()] };
  },
};

export const sessionRoutes: readonly Route[] = [signIn, whoAmI, signOut];
