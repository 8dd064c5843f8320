import { createHmac, hash } from "node:crypto";
import { constantTimeEqualDigest } from "./constant-time-equal.js";
import { canonicalQueryString } from "./percent-encode.js";

// Alibaba's V3 signature (ACS3-HMAC-SHA256), as openapi-core 1.x computes it by default.

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

export interface V3Authorization {
  algorithm: string;
  accessKeyId: string;
  /** Lower-case header names in the client's own order. */
  signedHeaders: readonly string[];
  signature: string;
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`. Returns undefined
 * when the header does not have that shape; the algorithm is returned as sent so that the caller can
 * tell an unsupported algorithm from a malformed header.
 */
export function parseAuthorizationV3(header: string): V3Authorization | undefined {
  const match = /^(\S+) +(.*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, algorithm = "", rest = ""] = match;
  const fields = new Map<string, string>();
  for (const part of rest.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (fields.size !== 3 || !accessKeyId || !signedHeaders || !signature) return undefined;
  const names = signedHeaders.split(";").map((name) => name.trim().toLowerCase());
  if (names.some((name) => name === "")) return undefined;
  return { algorithm, accessKeyId, signedHeaders: names, signature };
}

export interface CanonicalRequestInput {
  method: string;
  /** The request path as received; RPC calls always use `/`. */
  path: string;
  /** Decoded query parameters (the form body is covered by the payload hash, not here). */
  query: Readonly<Record<string, string>>;
  /** Header values by lower-case name. */
  header: (name: string) => string | undefined;
  signedHeaders: readonly string[];
  /** The client's `x-acs-content-sha256`: the signature covers what the client claims to send. */
  hashedPayload: string;
}

export function canonicalRequestV3(input: CanonicalRequestInput): string {
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.header(name) ?? "").trim()}\n`)
    .join("");
  return [
    input.method.toUpperCase(),
    input.path,
    canonicalQueryString(input.query),
    canonicalHeaders,
    input.signedHeaders.join(";"),
    input.hashedPayload,
  ].join("\n");
}

// The one-shot `hash` rather than a Hash object: a third of the cost for inputs of this size.
export function sha256Hex(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Unlike V1, the key is the bare secret. */
export function signV3(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}

/** Compares in constant time, so response timing does not reveal how close a forgery came. */
export function verifyV3(provided: string, stringToSign: string, accessKeySecret: string): boolean {
  return constantTimeEqualDigest(signV3(stringToSign, accessKeySecret), provided);
}
