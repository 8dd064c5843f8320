// The client's two error types, both thrown only at its edge:
//   ConnectionError   the keys, region or endpoint cannot be worked out (or cannot do what was asked,
//                     like a root identity asked to assume roles); every problem at once, each with
//                     the file, line and column it comes from when there is one
//   CloudClientError  a call the cloud refused or that never got an answer: Alibaba's error code,
//                     its message, the request id, the HTTP status and the AccessDeniedDetail

export interface ConnectionProblem {
  /** Stable, kebab-case: `profile-not-found`, `unsupported-profile-mode`, … */
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  /** The file the problem is in, when it is in one. */
  readonly file?: string;
  /** Where in that file: a JSON path like `profiles[2].mode`. */
  readonly path?: string;
  /** 1-based, when the position is known. */
  readonly line?: number;
  readonly column?: number;
}

export class ConnectionError extends Error {
  override readonly name = "ConnectionError";
  readonly problems: readonly ConnectionProblem[];

  constructor(problems: readonly [ConnectionProblem, ...ConnectionProblem[]]) {
    super(
      problems.length === 1
        ? problems[0].message
        : `${problems[0].message} (and ${problems.length - 1} more)`,
    );
    this.problems = problems;
  }

  /** The first problem's code. */
  get code(): string {
    return this.problems[0]?.code ?? "connection";
  }

  get help(): string | undefined {
    return this.problems[0]?.help;
  }
}

/** Alibaba's `AccessDeniedDetail`, as the wire carries it. */
export interface AccessDeniedDetail {
  readonly AuthAction?: string;
  readonly AuthPrincipalType?: string;
  readonly AuthPrincipalOwnerId?: string;
  readonly AuthPrincipalDisplayName?: string;
  readonly NoPermissionType?: string;
  readonly PolicyType?: string;
  readonly EncodedDiagnosticMessage?: string;
  readonly [field: string]: unknown;
}

export interface CloudClientErrorFields {
  /**
   * Alibaba's error code (`Forbidden.RAM`, `Throttling.User`, …); for a call that got no answer,
   * `ConnectionRefused`, `ConnectionReset`, `Timeout` or `NetworkError` [decision: ours, formed like
   * Alibaba's].
   */
  readonly code: string;
  /** The cloud's own message (Alibaba's wording), or the network error's. */
  readonly serverMessage: string;
  readonly product: string;
  /** The API action, e.g. `DescribeImages`. */
  readonly action: string;
  /** `host[:port]` the call went to. */
  readonly endpoint: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly accessDeniedDetail?: AccessDeniedDetail;
  /** How many times the call was sent (retries included). */
  readonly attempts: number;
  readonly help?: string;
}

export class CloudClientError extends Error implements CloudClientErrorFields {
  override readonly name = "CloudClientError";
  readonly code: string;
  readonly serverMessage: string;
  readonly product: string;
  readonly action: string;
  readonly endpoint: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly accessDeniedDetail?: AccessDeniedDetail;
  readonly attempts: number;
  readonly help?: string;

  constructor(fields: CloudClientErrorFields, options: { cause?: unknown } = {}) {
    const serverMessage = separateSdkMessage(fields.serverMessage);
    super(
      `${fields.product} ${fields.action} failed with \`${fields.code}\`` +
        (fields.httpStatus === undefined ? "" : ` (HTTP ${fields.httpStatus})`) +
        (serverMessage === "" ? "" : `: ${serverMessage}`),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = fields.code;
    this.serverMessage = serverMessage;
    this.product = fields.product;
    this.action = fields.action;
    this.endpoint = fields.endpoint;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.httpStatus !== undefined) this.httpStatus = fields.httpStatus;
    if (fields.accessDeniedDetail !== undefined) this.accessDeniedDetail = fields.accessDeniedDetail;
    this.attempts = fields.attempts;
    if (fields.help !== undefined) this.help = fields.help;
  }
}

// httpx (under the SDK) appends `${method} ${url} failed.` to Node's socket error message with no
// separator: "connect ECONNREFUSED 127.0.0.1:46411POST http://127.0.0.1:46411/ failed.".
const HTTPX_SUFFIX = /^(.*?)\s*((?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) \S+ failed)\.?$/s;

/**
 * A network error's message as two readable parts, `connect ECONNREFUSED 127.0.0.1:46411 (POST
 * http://127.0.0.1:46411/ failed)`; any other message unchanged.
 */
export function separateSdkMessage(message: string): string {
  const match = HTTPX_SUFFIX.exec(message);
  if (match === null) return message;
  const [, cause = "", request = ""] = match;
  return cause === "" ? request : `${cause} (${request})`;
}

export function isCloudClientError(value: unknown): value is CloudClientError {
  return value instanceof CloudClientError;
}

/** True for the codes a missing permission produces (ECS says `Forbidden.RAM`, RAM and STS `NoPermission`). */
export function isAccessDenied(error: CloudClientError): boolean {
  return (
    error.accessDeniedDetail !== undefined || /^(Forbidden\.RAM|NoPermission|Forbidden)$/.test(error.code)
  );
}
