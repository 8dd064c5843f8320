// The OpenAPI protocol layer of the local cloud: signatures, request parsing, the error envelope and
// the HTTP server. It knows nothing of the products' business; `dispatch` is where that plugs in.
export { createCloudHttpServer, startCloudHttpServer, stopCloudHttpServer } from "./server.js";
export type {
  AuthenticatedCall,
  CallRecord,
  CloudHttpLogger,
  CloudHttpServerOptions,
  ListenOptions,
} from "./server.js";
export { TIMESTAMP_WINDOW_MS } from "./authenticate.js";
export { parseAcsTimestamp } from "./acs-timestamp.js";
export type {
  CredentialResolver,
  ResolvedCredential,
  ResponseFormat,
  SignatureVersion,
} from "./authenticate.js";
export { PRODUCT_VERSIONS, productForVersion } from "./products.js";
export type { CloudProduct, ProductVersion } from "./products.js";
export { ParamReader, readParams } from "./params.js";
export type { IntRange, ListOptions, Tag, TagOptions } from "./params.js";
export {
  CloudError,
  isCloudError,
  toErrorEnvelope,
  missingParameter,
  missingNamedParameter,
  invalidParameter,
  invalidNamedParameter,
  invalidRegionId,
  invalidTagMismatch,
  invalidTagCount,
  invalidTagKey,
  invalidTagValue,
  dryRunOperation,
  incorrectInstanceStatus,
  idempotentParameterMismatch,
  throttlingUser,
  internalError,
  forbiddenRam,
  noPermission,
  invalidVersion,
  invalidActionNotFound,
} from "./errors.js";
export type {
  AccessDeniedDetail,
  CloudErrorOptions,
  ErrorBody,
  ErrorContext,
  ErrorEnvelope,
} from "./errors.js";
export { newRequestId } from "./request-id.js";
export { renderError, renderSuccess, toXml } from "./respond.js";
export type { RenderedResponse } from "./respond.js";
export { redactParams, REDACTED } from "./redact-params.js";
export { percentEncode, canonicalQueryString } from "./percent-encode.js";
export { constantTimeEqual, constantTimeEqualDigest } from "./constant-time-equal.js";
export { parseFormEncoded } from "./read-request.js";
export { NonceCache } from "./nonce-cache.js";
export type { NonceVerdict } from "./nonce-cache.js";
export {
  stringToSignV1,
  signV1,
  verifyV1,
  V1_SIGNATURE_METHOD,
  V1_SIGNATURE_VERSION,
} from "./signature-v1.js";
export {
  canonicalRequestV3,
  parseAuthorizationV3,
  sha256Hex,
  signV3,
  stringToSignV3,
  verifyV3,
  V3_ALGORITHM,
} from "./signature-v3.js";
export type { CanonicalRequestInput, V3Authorization } from "./signature-v3.js";
