// One RPC call signed with V3 (ACS3-HMAC-SHA256) the way openapi-core 1.x sends it: `POST /?<params>`,
// an empty body, the x-acs-* headers, and the Authorization header over host and every x-acs-*
// header. The signing functions are the local cloud's own (src/cloud/http), which its tests check
// against the official SDKs; every request the benchmark sends is verified by the server, so a
// mistake here shows up as SignatureDoesNotMatch, not as a flattering figure.
import { randomBytes } from "node:crypto";
import {
  canonicalRequestV3,
  percentEncode,
  sha256Hex,
  signV3,
  stringToSignV3,
  V3_ALGORITHM,
} from "../../src/cloud/http/index.js";

export interface SigningKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface RpcCall {
  readonly action: string;
  readonly version: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface SignedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
}

const EMPTY_BODY_SHA256 = sha256Hex("");
const SIGNED_HEADERS = [
  "host",
  "x-acs-action",
  "x-acs-content-sha256",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-version",
];

/** `yyyy-MM-ddTHH:mm:ssZ`, as x-acs-date wants it (no milliseconds). */
export function acsDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A fresh nonce and date each time: the server refuses a nonce it has seen (SignatureNonceUsed). */
export function signRpcCall(call: RpcCall, key: SigningKey, host: string, now: Date): SignedRequest {
  const headers: Record<string, string> = {
    host,
    "x-acs-action": call.action,
    "x-acs-version": call.version,
    "x-acs-date": acsDate(now),
    "x-acs-signature-nonce": randomBytes(16).toString("hex"),
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
    accept: "application/json",
    "user-agent": "imageguard-bench-cloud",
  };
  const canonical = canonicalRequestV3({
    method: "POST",
    path: "/",
    query: call.params,
    header: (name) => headers[name],
    signedHeaders: SIGNED_HEADERS,
    hashedPayload: EMPTY_BODY_SHA256,
  });
  const signature = signV3(stringToSignV3(canonical), key.accessKeySecret);
  headers["authorization"] =
    `${V3_ALGORITHM} Credential=${key.accessKeyId},SignedHeaders=${SIGNED_HEADERS.join(";")},Signature=${signature}`;
  headers["content-length"] = "0";
  const query = Object.keys(call.params)
    .map((name) => `${percentEncode(name)}=${percentEncode(call.params[name] ?? "")}`)
    .join("&");
  return { path: `/?${query}`, headers };
}
