import { createHmac } from "node:crypto";
import { constantTimeEqualDigest } from "./constant-time-equal.js";
import { canonicalQueryString, percentEncode } from "./percent-encode.js";

// Alibaba's RPC signature, version 1.0 (HMAC-SHA1), as @alicloud/pop-core and openapi-core's
// `signatureAlgorithm: "v2"` compute it: every parameter but `Signature`, query and form body alike.

export const V1_SIGNATURE_METHOD = "HMAC-SHA1";
export const V1_SIGNATURE_VERSION = "1.0";

export function stringToSignV1(method: string, params: Readonly<Record<string, string>>): string {
  // A null prototype: on a plain object, assigning `__proto__` is ignored, and a parameter of that
  // name would reach dispatch without being signed.
  const signed = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    if (name !== "Signature") signed[name] = value;
  }
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQueryString(signed))}`;
}

/** The `&` suffix on the key is part of the algorithm (it once separated a token secret). */
export function signV1(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}

/** Compares in constant time, so response timing does not reveal how close a forgery came. */
export function verifyV1(provided: string, stringToSign: string, accessKeySecret: string): boolean {
  return constantTimeEqualDigest(signV1(stringToSign, accessKeySecret), provided);
}
