import type { IncomingMessage, ServerResponse } from "node:http";
import { invalidInput, ConsoleError } from "./console-error.js";

// Reading JSON requests and writing JSON responses, with the security headers every console
// response carries.

/** The console's Content-Security-Policy: nothing inline, nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** Request bodies larger than this are refused (a policy document is at most 6 KB; JSON overhead aside). */
export const MAX_BODY_BYTES = 256 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    // Responses are for the signed-in user only: never kept by a cache.
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  cacheControl: string,
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": cacheControl,
  });
  res.end(body);
}

/** The request's JSON body; `undefined` when there is none. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ConsoleError({
        status: 413,
        code: "RequestTooLarge",
        message: `the request body is larger than ${MAX_BODY_BYTES} bytes`,
        help: "send a smaller request",
      });
    }
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = (req.headers["content-type"] ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    // A JSON content type also makes a cross-site form post impossible without a CORS preflight.
    throw new ConsoleError({
      status: 415,
      code: "UnsupportedMediaType",
      message: `the request body must be JSON, not \`${type ?? ""}\``,
      help: "send Content-Type: application/json",
    });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch (err) {
    throw invalidInput(
      "Body",
      `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The cookies of a request, by name (the first of a repeated name wins). */
export function readCookies(req: IncomingMessage): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}
