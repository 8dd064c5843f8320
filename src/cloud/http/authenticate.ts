import {
  contentSha256NotMatched,
  duplicateParameter,
  incompleteSignature,
  invalidAccessKeyIdInactive,
  invalidAccessKeyIdNotFound,
  invalidActionNotFound,
  invalidFormat,
  invalidNamedParameter,
  invalidSecurityTokenExpired,
  invalidSecurityTokenMalformed,
  invalidSecurityTokenMismatch,
  invalidSignatureMethod,
  invalidTimeStampExpired,
  invalidTimeStampFormat,
  invalidVersion,
  missingNamedParameter,
  missingSecurityHeader,
  missingSecurityToken,
  signatureDoesNotMatch,
  signatureNonceUsed,
} from "./errors.js";
import { parseAcsTimestamp } from "./acs-timestamp.js";
import { constantTimeEqual, constantTimeEqualDigest } from "./constant-time-equal.js";
import type { NonceCache } from "./nonce-cache.js";
import { productForVersion, type ProductVersion } from "./products.js";
import { holdsSecret, REDACTED, redactParams } from "./redact-params.js";
import type { IncomingCall } from "./read-request.js";
import { stringToSignV1, verifyV1, V1_SIGNATURE_METHOD, V1_SIGNATURE_VERSION } from "./signature-v1.js";
import {
  canonicalRequestV3,
  parseAuthorizationV3,
  sha256Hex,
  stringToSignV3,
  verifyV3,
  V3_ALGORITHM,
  type CanonicalRequestInput,
  type V3Authorization,
} from "./signature-v3.js";

// Who is calling, and is it really them: tells V1 from V3, reads the common parameters, and checks
// clock, credential, signature, body hash, security token and nonce — in that order, so that the
// cheap checks that need no secret come first, nothing about a session's token is revealed to a
// caller who cannot sign, and a nonce is only remembered for a request whose signature was good.

export type SignatureVersion = "v1" | "v3";
export type ResponseFormat = "JSON" | "XML";

export interface ResolvedCredential {
  secret: string;
  status: "Active" | "Inactive";
  /** Set for STS credentials: the request must present this exact token. */
  securityToken?: string;
  expiresAt?: Date;
  /** Opaque to the protocol layer, handed to dispatch as it came. */
  principal: unknown;
}

export type CredentialResolver = (accessKeyId: string) => Promise<ResolvedCredential | undefined>;

/** Both signature versions reject a clock more than 15 minutes off. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

/**
 * What is known about a call so far. Filled in step by step, so that an error raised halfway can
 * still be rendered in the format the caller asked for and audited with the action it named.
 */
export interface CallFacts {
  signatureVersion?: SignatureVersion;
  format?: ResponseFormat;
  action?: string;
  version?: string;
  product?: ProductVersion;
  accessKeyId?: string;
  params?: Readonly<Record<string, string>>;
}

/** What the request claims, before anything about the caller has been checked. */
export interface IdentifiedCall {
  signatureVersion: SignatureVersion;
  format: ResponseFormat;
  action: string;
  version: string;
  product: ProductVersion;
  accessKeyId: string;
  nonce: string;
  timestamp: string;
  securityToken: string | undefined;
  /** Every parameter, common ones included: the V1 signature covers them all. */
  allParams: Readonly<Record<string, string>>;
  /** The parameters meant for the action, common protocol parameters removed. */
  params: Readonly<Record<string, string>>;
  v3: V3Authorization | undefined;
}

// The V1 common parameters. None of the six products' APIs uses these names for its own inputs
// (checked against the SDKs), so removing them never loses an action's parameter.
const COMMON_PARAMETERS = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "SecurityToken",
]);

const MAX_NONCE_LENGTH = 256;
const SECURITY_TOKEN_SHAPE = /^[\x21-\x7e]{1,8192}$/;
const ACTION_SHAPE = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

export function identifyCall(incoming: IncomingCall, facts: CallFacts): IdentifiedCall {
  const all = mergeParams(incoming.query, incoming.bodyParams);
  const authorization = header(incoming, "authorization");
  const signatureVersion: SignatureVersion =
    authorization !== undefined
      ? "v3"
      : Object.hasOwn(all, "Signature") || Object.hasOwn(all, "AccessKeyId")
        ? "v1"
        : header(incoming, "x-acs-signature-nonce") !== undefined ||
            header(incoming, "x-acs-date") !== undefined
          ? "v3"
          : "v1";
  facts.signatureVersion = signatureVersion;
  facts.format = formatOf(all["Format"], signatureVersion);

  const action = signatureVersion === "v3" ? header(incoming, "x-acs-action") : all["Action"];
  const version = signatureVersion === "v3" ? header(incoming, "x-acs-version") : all["Version"];
  if (!action) throw missingNamedParameter("Action");
  if (!ACTION_SHAPE.test(action)) throw invalidActionNotFound();
  facts.action = action;
  if (!version) throw missingNamedParameter("Version");
  facts.version = version;
  const product = productForVersion(version);
  if (product === undefined) throw invalidVersion();
  facts.product = product;

  const params = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(all)) {
    if (!COMMON_PARAMETERS.has(name)) params[name] = all[name] as string;
  }
  facts.params = params;

  const common = { format: facts.format, action, version, product, allParams: all, params };
  const identified =
    signatureVersion === "v3"
      ? { signatureVersion, ...common, ...identifyV3(incoming, authorization) }
      : { signatureVersion, ...common, ...identifyV1(all) };
  facts.accessKeyId = identified.accessKeyId;
  if (identified.nonce.length > MAX_NONCE_LENGTH) throw invalidNamedParameter("SignatureNonce");
  return identified;
}

type Credentials = Pick<IdentifiedCall, "accessKeyId" | "nonce" | "timestamp" | "securityToken" | "v3">;

function identifyV1(all: Readonly<Record<string, string>>): Credentials {
  const accessKeyId = all["AccessKeyId"];
  if (!accessKeyId) throw missingNamedParameter("AccessKeyId");
  if (!all["Signature"]) throw missingNamedParameter("Signature");
  const method = all["SignatureMethod"];
  if (!method) throw missingNamedParameter("SignatureMethod");
  if (method !== V1_SIGNATURE_METHOD) throw invalidSignatureMethod();
  const version = all["SignatureVersion"];
  if (!version) throw missingNamedParameter("SignatureVersion");
  if (version !== V1_SIGNATURE_VERSION) throw invalidNamedParameter("SignatureVersion");
  const nonce = all["SignatureNonce"];
  if (!nonce) throw missingNamedParameter("SignatureNonce");
  const timestamp = all["Timestamp"];
  if (!timestamp) throw missingNamedParameter("Timestamp");
  return { accessKeyId, nonce, timestamp, securityToken: all["SecurityToken"], v3: undefined };
}

const V3_REQUIRED_HEADERS = ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

function identifyV3(incoming: IncomingCall, authorization: string | undefined): Credentials {
  if (authorization === undefined) throw missingSecurityHeader();
  const v3 = parseAuthorizationV3(authorization);
  if (v3 === undefined) throw incompleteSignature("The Authorization header is malformed.");
  if (v3.algorithm !== V3_ALGORITHM) throw invalidSignatureMethod();
  for (const name of V3_REQUIRED_HEADERS) {
    // Empty counts as missing: an empty nonce would make every such request a replay of the first.
    if (!header(incoming, name)) throw incompleteSignature(`The header ${name} is missing.`);
  }
  // Alibaba requires every common header that is present to be signed; otherwise a captured request
  // could be replayed with, say, another x-acs-action. The SDK signs host, content-type and x-acs-*.
  for (const name of Object.keys(incoming.headers)) {
    const mustSign = name === "host" || name === "content-type" || name.startsWith("x-acs-");
    if (mustSign && !v3.signedHeaders.includes(name)) {
      throw incompleteSignature(`The header ${name} is not signed.`);
    }
  }
  if (!/^[0-9a-f]{64}$/.test(header(incoming, "x-acs-content-sha256") ?? "")) {
    throw incompleteSignature("The header x-acs-content-sha256 is not a hex SHA-256 digest.");
  }
  const keyHeader = header(incoming, "x-acs-accesskey-id");
  if (keyHeader !== undefined && keyHeader !== v3.accessKeyId) {
    throw incompleteSignature("The header x-acs-accesskey-id does not match the Credential.");
  }
  return {
    accessKeyId: v3.accessKeyId,
    nonce: header(incoming, "x-acs-signature-nonce") ?? "",
    timestamp: header(incoming, "x-acs-date") ?? "",
    securityToken: header(incoming, "x-acs-security-token"),
    v3,
  };
}

export interface AuthenticationDeps {
  resolveCredential: CredentialResolver;
  nonces: NonceCache;
  now: Date;
}

export async function authenticateCall(
  incoming: IncomingCall,
  call: IdentifiedCall,
  deps: AuthenticationDeps,
): Promise<ResolvedCredential> {
  const signedAt = parseAcsTimestamp(call.timestamp);
  if (signedAt === undefined) throw invalidTimeStampFormat();
  if (Math.abs(deps.now.getTime() - signedAt.getTime()) > TIMESTAMP_WINDOW_MS)
    throw invalidTimeStampExpired();

  const credential = await deps.resolveCredential(call.accessKeyId);
  if (credential === undefined) throw invalidAccessKeyIdNotFound();
  if (credential.status !== "Active") throw invalidAccessKeyIdInactive();
  if (call.securityToken !== undefined && !SECURITY_TOKEN_SHAPE.test(call.securityToken)) {
    throw invalidSecurityTokenMalformed();
  }

  if (call.v3 === undefined) {
    const stringToSign = stringToSignV1(incoming.method, call.allParams);
    if (!verifyV1(call.allParams["Signature"] ?? "", stringToSign, credential.secret)) {
      // Alibaba shows its string to sign so that a client can diff it against its own. Tokens and
      // passwords in it are masked, because this message also reaches the audit trail.
      throw signatureDoesNotMatch(stringToSignV1(incoming.method, redactParams(call.allParams)));
    }
  } else {
    const v3 = call.v3;
    const input = {
      method: incoming.method,
      path: incoming.path,
      query: incoming.query,
      header: (name: string) => header(incoming, name),
      signedHeaders: v3.signedHeaders,
      hashedPayload: header(incoming, "x-acs-content-sha256") ?? "",
    };
    const canonicalRequest = canonicalRequestV3(input);
    const stringToSign = stringToSignV3(canonicalRequest);
    if (!verifyV3(v3.signature, stringToSign, credential.secret)) {
      throw signatureDoesNotMatch(v3Mismatch(input, canonicalRequest, incoming.bodyParams));
    }
    if (!constantTimeEqualDigest(payloadHash(incoming.body), input.hashedPayload)) {
      throw contentSha256NotMatched();
    }
  }
  // Only after the signature: whoever lacks the secret learns nothing about the session's token.
  checkSecurityToken(call.securityToken, credential, deps.now);

  // The clock check above lets a request through up to and including signedAt + window; its nonce
  // is kept until the millisecond after.
  const outOfWindowAt = new Date(signedAt.getTime() + TIMESTAMP_WINDOW_MS + 1);
  const verdict = deps.nonces.remember(`${call.accessKeyId}\u0000${call.nonce}`, outOfWindowAt, deps.now);
  if (verdict === "replayed") throw signatureNonceUsed();
  // Another request's later clock has passed this one's window while it waited (for its body or
  // its credential): it is late, and its nonce may no longer be held to tell it from a replay.
  if (verdict === "expired") throw invalidTimeStampExpired();
  return credential;
}

/**
 * What a V3 SignatureDoesNotMatch shows: like Alibaba, the server's string to sign and the canonical
 * request behind it, so that a client can diff them against its own. Secrets in the canonical
 * request are masked, because this message also reaches the audit trail; the payload hash is masked
 * too when the body holds one, since it is a plain SHA-256 of that body. And once anything is masked,
 * the string to sign's digest is withheld: it is a plain SHA-256 of the unmasked text, against which
 * guesses in place of the mask could be checked offline until one recovers the secret.
 */
function v3Mismatch(
  input: CanonicalRequestInput,
  canonicalRequest: string,
  bodyParams: Readonly<Record<string, string>>,
): string {
  const bodyHoldsSecret = holdsSecret(bodyParams);
  const masked = canonicalRequestV3({
    ...input,
    query: redactParams(input.query),
    header: (name) =>
      name === "x-acs-security-token" || (bodyHoldsSecret && name === "x-acs-content-sha256")
        ? REDACTED
        : input.header(name),
    hashedPayload: bodyHoldsSecret ? REDACTED : input.hashedPayload,
  });
  // Unchanged by masking means nothing secret was there (or only the mask itself): the digest is safe.
  const shown =
    masked === canonicalRequest
      ? stringToSignV3(canonicalRequest)
      : `${V3_ALGORITHM}\n(digest withheld: it covers a secret parameter, masked below)`;
  return `${shown}\ncanonical request is:\n${masked}`;
}

// RPC calls signed with V3 post an empty body: its hash is a constant.
const EMPTY_PAYLOAD_HASH = sha256Hex("");

function payloadHash(body: Buffer): string {
  return body.length === 0 ? EMPTY_PAYLOAD_HASH : sha256Hex(body);
}

function checkSecurityToken(presented: string | undefined, credential: ResolvedCredential, now: Date): void {
  const expired = credential.expiresAt !== undefined && credential.expiresAt.getTime() <= now.getTime();
  if (credential.securityToken === undefined) {
    // A permanent key used with a token is a client mixing up two credentials.
    if (presented !== undefined) throw invalidSecurityTokenMismatch();
    if (expired) throw invalidAccessKeyIdInactive();
    return;
  }
  if (presented === undefined) throw missingSecurityToken();
  if (!constantTimeEqual(presented, credential.securityToken)) throw invalidSecurityTokenMismatch();
  if (expired) throw invalidSecurityTokenExpired();
}

function formatOf(raw: string | undefined, signatureVersion: SignatureVersion): ResponseFormat {
  // V1's documented default is XML; V3 clients (openapi-core) always expect JSON.
  if (raw === undefined || raw === "") return signatureVersion === "v1" ? "XML" : "JSON";
  const upper = raw.toUpperCase();
  // openapi-core's V1 path sends `Format=json` in lower case.
  if (upper === "JSON" || upper === "XML") return upper;
  throw invalidFormat();
}

function mergeParams(
  query: Readonly<Record<string, string>>,
  body: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  let all: Record<string, string> | undefined;
  for (const name of Object.keys(body)) {
    all ??= Object.assign(Object.create(null) as Record<string, string>, query);
    if (Object.hasOwn(all, name)) throw duplicateParameter(name);
    all[name] = body[name] as string;
  }
  // Without form parameters (V3 posts an empty body) the query's own map serves: neither is changed.
  return all ?? query;
}

function header(incoming: IncomingCall, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
