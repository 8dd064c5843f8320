import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import {
  contentLengthDoesNotMatch,
  duplicateParameter,
  invalidActionNotFound,
  malformedQueryString,
  requestBodyTooLarge,
  unsupportedHttpMethod,
  unsupportedMediaType,
} from "./errors.js";

// Reads one HTTP request into what the protocol needs, before anything is trusted: method, path,
// decoded query parameters, the raw body (V3 hashes it byte for byte) and its form parameters.

export type HttpMethod = "GET" | "POST";

export interface IncomingCall {
  method: HttpMethod;
  path: string;
  /** Decoded query parameters; V3 signs exactly these. */
  query: Readonly<Record<string, string>>;
  /** The body exactly as received. */
  body: Buffer;
  /** Decoded form-body parameters (pop-core sends everything here when it POSTs). */
  bodyParams: Readonly<Record<string, string>>;
  headers: IncomingHttpHeaders;
}

export interface ReadRequestOptions {
  maxBodyBytes: number;
}

export async function readRequest(req: IncomingMessage, options: ReadRequestOptions): Promise<IncomingCall> {
  const method = req.method?.toUpperCase();
  if (method !== "GET" && method !== "POST") throw unsupportedHttpMethod();
  const target = req.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  // Every RPC action lives at `/`; any other path is an API this endpoint does not have.
  if (path !== "/") throw invalidActionNotFound();
  const query = parseFormEncoded(queryStart < 0 ? "" : target.slice(queryStart + 1), "query string");
  const body = await readBody(req, options.maxBodyBytes);
  const bodyParams = parseBody(body, req.headers["content-type"]);
  return { method, path, query, body, bodyParams, headers: req.headers };
}

/**
 * Parses `application/x-www-form-urlencoded` text into a flat map. `+` is a space (form encoding);
 * a bad percent-escape, an empty name or a repeated name is an error rather than a guess, so that
 * what a handler reads is exactly what the signature covered.
 */
export function parseFormEncoded(
  text: string,
  where: "query string" | "request body",
): Readonly<Record<string, string>> {
  // A null prototype, so that a parameter named `__proto__` is a parameter like any other.
  const params = Object.create(null) as Record<string, string>;
  if (text === "") return params;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), where);
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1), where);
    if (name === "") throw malformedQueryString(where);
    if (Object.hasOwn(params, name)) throw duplicateParameter(name);
    params[name] = value;
  }
  return params;
}

// Most names and values (`RegionId`, `cn-hangzhou`) hold no escape and no `+`: they are their own
// decoding, and skipping decodeURIComponent for them skips its copy.
function decodeComponent(text: string, where: "query string" | "request body"): string {
  if (!text.includes("%") && !text.includes("+")) return text;
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    throw malformedQueryString(where);
  }
}

function parseBody(body: Buffer, contentType: string | undefined): Readonly<Record<string, string>> {
  if (body.length === 0) return Object.create(null) as Record<string, string>;
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  // None of the RPC SDKs sends any other body type (openapi-core posts JSON only for ROA APIs), and
  // a body the signature cannot be matched against is better refused than half-understood.
  if (mediaType !== "application/x-www-form-urlencoded") throw unsupportedMediaType(mediaType || "none");
  return parseFormEncoded(body.toString("utf8"), "request body");
}

// Events rather than `for await`: leaving an async iterator early destroys the stream and with it
// the socket, and the client would get a reset instead of the 413 that tells it what went wrong.
// Past the limit the rest of the body is read and dropped while the error is answered.
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(requestBodyTooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > maxBytes) return fail(requestBodyTooLarge(maxBytes));
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, received));
    });
    // A client that hangs up mid-body is the client's doing, not an internal error. `close` also
    // comes after every complete request: the error (and its stack) is made only when it is one.
    const hungUp = (): void => {
      if (!settled) fail(contentLengthDoesNotMatch());
    };
    req.on("error", hungUp);
    req.on("close", hungUp);
  });
}
