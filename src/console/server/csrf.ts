import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { ConsoleError } from "./console-error.js";
import type { Session } from "./sessions.js";

// Cross-site request forgery: SameSite=Strict already keeps the cookie off cross-site requests; on
// top of that every state-changing request carries the session's token in a header (which no form
// or simple request can set), and a browser's Origin, when it sends one, must be the console's own.

export const CSRF_HEADER = "x-csrf-token";

export function requireCsrfToken(req: IncomingMessage, session: Session): void {
  const sent = req.headers[CSRF_HEADER];
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === undefined || value === "") {
    throw new ConsoleError({
      status: 403,
      code: "Forbidden.CsrfTokenMissing",
      message: "the request carries no CSRF token",
      help: "send the session's `csrfToken` in the X-CSRF-Token header (lib/api.ts does)",
    });
  }
  const expected = Buffer.from(session.csrfToken, "utf8");
  const actual = Buffer.from(value, "utf8");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new ConsoleError({
      status: 403,
      code: "Forbidden.CsrfTokenMismatch",
      message: "the request's CSRF token is not this session's",
      help: "reload the console to get the current token",
    });
  }
}

/** Refuses a request whose Origin header names another site. */
export function requireSameOrigin(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (!allowedOrigins.has(origin.toLowerCase())) {
    throw new ConsoleError({
      status: 403,
      code: "Forbidden.Origin",
      message: `requests from \`${origin}\` are not accepted`,
      help: "use the console from the address `imageguard serve` printed",
    });
  }
}
