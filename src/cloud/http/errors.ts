// The one error type of the local cloud, and the one mapping from anything thrown to Alibaba's wire
// envelope. Codes, HTTP statuses and messages follow Alibaba Cloud's published common error codes,
// because SDK users match on them (retry policies key on `Throttling*`, credential refreshers on
// `InvalidSecurityToken.Expired`, and so on); that is why the messages keep Alibaba's own wording
// rather than the house style for messages.

/** What Alibaba returns under `AccessDeniedDetail` on a 403 authorization failure. */
export interface AccessDeniedDetail {
  AuthAction: string;
  AuthPrincipalType: string;
  AuthPrincipalOwnerId: string;
  AuthPrincipalDisplayName: string;
  NoPermissionType: "ImplicitDeny" | "ExplicitDeny";
  PolicyType: string;
  EncodedDiagnosticMessage: string;
}

export interface CloudErrorOptions {
  /** Overrides the troubleshooting link that the envelope carries by default. */
  recommend?: string;
  accessDeniedDetail?: AccessDeniedDetail;
  /** Extra response headers, e.g. `x-acs-retry-after` for throttling. */
  headers?: Readonly<Record<string, string>>;
}

export class CloudError extends Error {
  override readonly name = "CloudError";
  readonly code: string;
  readonly httpStatus: number;
  readonly recommend?: string;
  readonly accessDeniedDetail?: AccessDeniedDetail;
  readonly headers?: Readonly<Record<string, string>>;

  constructor(code: string, httpStatus: number, message: string, options: CloudErrorOptions = {}) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    if (options.recommend !== undefined) this.recommend = options.recommend;
    if (options.accessDeniedDetail !== undefined) this.accessDeniedDetail = options.accessDeniedDetail;
    if (options.headers !== undefined) this.headers = options.headers;
  }
}

export function isCloudError(value: unknown): value is CloudError {
  return value instanceof CloudError;
}

// ---- request parameters -------------------------------------------------------------------------

/** ECS's generic form, used when a handler has no dedicated `Missing<Name>` code. */
export function missingParameter(name: string): CloudError {
  return new CloudError(
    "MissingParameter",
    400,
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** The gateway's `Missing{ParameterName}` form, e.g. `MissingRegionId`. */
export function missingNamedParameter(name: string): CloudError {
  return new CloudError(`Missing${name}`, 400, `${name} is mandatory for this action.`);
}

export function invalidParameter(name: string, reason?: string): CloudError {
  const base = `The specified parameter "${name}" is not valid.`;
  return new CloudError("InvalidParameter", 400, reason === undefined ? base : `${base} ${reason}`);
}

/** The gateway's `Invalid{ParameterName}` form, e.g. `InvalidSignatureVersion`. */
export function invalidNamedParameter(name: string): CloudError {
  return new CloudError(`Invalid${name}`, 400, `Specified parameter ${name} is not valid.`);
}

export function invalidFormat(): CloudError {
  return new CloudError("InvalidParameter.Format", 400, "Specified parameter format is not valid.");
}

export function malformedQueryString(where: "query string" | "request body"): CloudError {
  return new CloudError(
    "InvalidParameter",
    400,
    `The ${where} is not valid application/x-www-form-urlencoded data.`,
  );
}

export function duplicateParameter(name: string): CloudError {
  return new CloudError("InvalidParameter", 400, `The parameter "${name}" is specified more than once.`);
}

export function invalidRegionId(): CloudError {
  return new CloudError("InvalidRegionId.NotFound", 404, "The specified RegionId does not exist.");
}

export function invalidTagMismatch(): CloudError {
  return new CloudError("InvalidTag.Mismatch", 400, "The specified Tag.n.Key and Tag.n.Value are not match.");
}

export function invalidTagCount(): CloudError {
  return new CloudError("InvalidTagCount", 400, "The specified tags are beyond the permitted range.");
}

export function invalidTagKey(index: number): CloudError {
  return new CloudError("InvalidTagKey.Malformed", 400, `The specified Tag.${index}.Key is not valid.`);
}

export function invalidTagValue(index: number): CloudError {
  return new CloudError("InvalidTagValue.Malformed", 400, `The specified Tag.${index}.Value is not valid.`);
}

export function duplicateTagKey(key: string): CloudError {
  return new CloudError("InvalidParameter.TagKey", 400, `The tag key "${key}" is specified more than once.`);
}

// ---- business outcomes that Alibaba reports as errors -----------------------------------------------

export function dryRunOperation(): CloudError {
  return new CloudError("DryRunOperation", 400, "Request validation has been passed with DryRun flag set.");
}

export function incorrectInstanceStatus(): CloudError {
  return new CloudError(
    "IncorrectInstanceStatus",
    403,
    "The current status of the resource does not support this operation.",
  );
}

export function idempotentParameterMismatch(): CloudError {
  return new CloudError(
    "IdempotentParameterMismatch",
    400,
    "Request uses a client token in a previous request but is not identical to that request.",
  );
}

/**
 * `x-acs-retry-after` is in milliseconds: openapi-core hands it to its retry policy, which sleeps
 * that many milliseconds before the next attempt.
 */
export function throttlingUser(retryAfterMs: number): CloudError {
  return new CloudError("Throttling.User", 429, "Request was denied due to user flow control.", {
    headers: { "x-acs-retry-after": String(Math.max(0, Math.ceil(retryAfterMs))) },
  });
}

export function internalError(): CloudError {
  return new CloudError(
    "InternalError",
    500,
    "The request processing has failed due to some unknown error, exception or failure.",
  );
}

// ---- authorization ----------------------------------------------------------------------------------

/** ECS (and most RPC products) answer a RAM denial with `Forbidden.RAM`. */
export function forbiddenRam(detail: AccessDeniedDetail): CloudError {
  return new CloudError(
    "Forbidden.RAM",
    403,
    "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    { accessDeniedDetail: detail },
  );
}

/** RAM and STS answer a RAM denial with `NoPermission`. */
export function noPermission(detail: AccessDeniedDetail): CloudError {
  return new CloudError(
    "NoPermission",
    403,
    "You are not authorized to do this action. You should be authorized by RAM.",
    { accessDeniedDetail: detail },
  );
}

// ---- protocol, signature and credentials ------------------------------------------------------------

export function unsupportedHttpMethod(): CloudError {
  return new CloudError("UnsupportedHTTPMethod", 400, "This http method not supported.");
}

export function invalidVersion(): CloudError {
  return new CloudError("InvalidVersion", 400, "Specified parameter Version is not valid.");
}

export function invalidActionNotFound(): CloudError {
  return new CloudError(
    "InvalidAction.NotFound",
    404,
    "Specified api is not found, please check your url and method.",
  );
}

export function requestBodyTooLarge(limitBytes: number): CloudError {
  return new CloudError(
    "RequestEntityTooLarge",
    413,
    `The request body exceeds the limit of ${limitBytes} bytes.`,
  );
}

/** The client closed the connection before the body it announced was complete. */
export function contentLengthDoesNotMatch(): CloudError {
  return new CloudError(
    "ContentLengthDoesNotMatch",
    400,
    "The request body ended before the length it announced.",
  );
}

export function unsupportedMediaType(contentType: string): CloudError {
  return new CloudError(
    "UnsupportedMediaType",
    415,
    `The content type "${contentType}" is not supported, send application/x-www-form-urlencoded.`,
  );
}

export function missingSecurityHeader(): CloudError {
  return new CloudError("MissingSecurityHeader", 400, "Authorization is mandatory for this action.");
}

export function incompleteSignature(reason: string): CloudError {
  return new CloudError(
    "IncompleteSignature",
    400,
    `The request signature does not conform to Aliyun standards. ${reason}`,
  );
}

export function invalidSignatureMethod(): CloudError {
  return new CloudError("InvalidSignatureMethod", 400, "Specified signature method is not valid.");
}

export function signatureDoesNotMatch(serverStringToSign: string): CloudError {
  return new CloudError(
    "SignatureDoesNotMatch",
    400,
    `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
  );
}

/** Our own code, by analogy with Alibaba's `ContentMD5NotMatched`: Alibaba documents none for V3. */
export function contentSha256NotMatched(): CloudError {
  return new CloudError(
    "ContentSha256NotMatched",
    400,
    "The x-acs-content-sha256 header does not match the SHA-256 of the request body.",
  );
}

export function invalidTimeStampFormat(): CloudError {
  return new CloudError(
    "InvalidTimeStamp.Format",
    400,
    "Specified time stamp or date value is not well formatted.",
  );
}

export function invalidTimeStampExpired(): CloudError {
  return new CloudError("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired.");
}

export function signatureNonceUsed(): CloudError {
  return new CloudError("SignatureNonceUsed", 400, "Specified signature nonce was used already.");
}

export function invalidAccessKeyIdNotFound(): CloudError {
  return new CloudError("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found.");
}

export function invalidAccessKeyIdInactive(): CloudError {
  return new CloudError("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled.");
}

export function missingSecurityToken(): CloudError {
  return new CloudError("MissingSecurityToken", 400, "SecurityToken is mandatory for this action.");
}

export function invalidSecurityTokenMismatch(): CloudError {
  return new CloudError(
    "InvalidSecurityToken.MismatchWithAccessKey",
    400,
    "Specified SecurityToken mismatch with the AccessKey.",
  );
}

export function invalidSecurityTokenExpired(): CloudError {
  return new CloudError("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired.");
}

export function invalidSecurityTokenMalformed(): CloudError {
  return new CloudError("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed.");
}

// ---- the one mapping to the wire ----------------------------------------------------------------------

export interface ErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
  AccessDeniedDetail?: AccessDeniedDetail;
}

export interface ErrorEnvelope {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: ErrorBody;
}

export interface ErrorContext {
  /** Alibaba puts the endpoint host the client called here. */
  hostId?: string;
  /** Alibaba's product code (`Ecs`, `Ram`, ...) for the troubleshooting link. */
  productCode?: string;
}

/**
 * Maps anything thrown while serving a call to the wire envelope. A `CloudError` keeps its code,
 * status and message; anything else is a bug or an outage, so the caller learns only that it was an
 * `InternalError` — never a message, stack or class name from inside.
 */
export function toErrorEnvelope(err: unknown, requestId: string, context: ErrorContext = {}): ErrorEnvelope {
  const known = isCloudError(err) && err.httpStatus >= 400 && err.httpStatus <= 599 ? err : internalError();
  const recommend =
    known.recommend ??
    `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(known.code)}` +
      (context.productCode === undefined ? "" : `&product=${encodeURIComponent(context.productCode)}`) +
      `&requestId=${encodeURIComponent(requestId)}`;
  const body: ErrorBody = {
    RequestId: requestId,
    HostId: context.hostId ?? "localhost",
    Code: known.code,
    Message: known.message,
    Recommend: recommend,
  };
  if (known.accessDeniedDetail !== undefined) body.AccessDeniedDetail = known.accessDeniedDetail;
  return { status: known.httpStatus, headers: known.headers ?? {}, body };
}
