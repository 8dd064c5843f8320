import type { EndpointSetting } from "./connection-types.js";
import { CloudClientError, type AccessDeniedDetail } from "./errors.js";
import { failureKind, retryDelayMs, shouldRetry, type RetryPolicy } from "./retry.js";

// Every SDK call goes through `invoke`: it retries what ./retry.ts says may be retried, waits through
// the injectable sleep, and turns whatever the SDK threw into one CloudClientError.

export interface RetryEvent {
  readonly product: string;
  readonly action: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly code: string;
  readonly delayMs: number;
}

export interface TransportOptions {
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface CallSpec {
  readonly product: string;
  readonly action: string;
  /** `host[:port]` the SDK client sends to. */
  readonly endpoint: string;
  /** Safe to send twice: reads, and writes that carry a ClientToken. */
  readonly idempotent: boolean;
}

export async function invoke<T>(
  spec: CallSpec,
  setting: EndpointSetting,
  options: TransportOptions,
  send: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (thrown) {
      const failure = describeFailure(thrown);
      const kind = failureKind(failure.code, failure.httpStatus);
      if (attempt >= options.retry.maxAttempts || !shouldRetry(kind, spec.idempotent)) {
        throw new CloudClientError(
          {
            ...failure,
            product: spec.product,
            action: spec.action,
            endpoint: spec.endpoint,
            attempts: attempt,
            ...helpFor(failure, setting, attempt, kind),
          },
          { cause: thrown },
        );
      }
      const delayMs = retryDelayMs(options.retry, attempt, failure.retryAfterMs, options.random);
      options.onRetry?.({ product: spec.product, action: spec.action, attempt, code: failure.code, delayMs });
      await options.sleep(delayMs);
    }
  }
}

interface Failure {
  readonly code: string;
  readonly serverMessage: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly accessDeniedDetail?: AccessDeniedDetail;
  readonly retryAfterMs?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" && value !== "undefined" ? value : undefined;

/** Node's socket errors, by `code`, as the codes this client reports them under. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "ConnectionRefused",
  ECONNRESET: "ConnectionReset",
  EPIPE: "ConnectionReset",
  ECONNABORTED: "ConnectionReset",
  ETIMEDOUT: "Timeout",
  ESOCKETTIMEDOUT: "Timeout",
  ENOTFOUND: "NetworkError",
  EAI_AGAIN: "NetworkError",
  EHOSTUNREACH: "NetworkError",
  ENETUNREACH: "NetworkError",
};

/**
 * What the SDK threw. openapi-core throws `ThrottlingError`, `ClientError` (4xx) and `ServerError`
 * (5xx) with `code`, `statusCode`, `requestId`, the error body as `data`, `accessDeniedDetail` and
 * (throttling) `retryAfter`; a failed connection comes through as Node's own error, and httpx's
 * timeouts as `RequestTimeoutError`.
 */
export function describeFailure(thrown: unknown): Failure {
  const err = isRecord(thrown) ? thrown : {};
  const data = isRecord(err["data"]) ? err["data"] : undefined;
  const rawCode = text(err["code"]);
  const httpStatus = typeof err["statusCode"] === "number" ? err["statusCode"] : undefined;
  const message = text(err["message"]) ?? String(thrown);

  if (data === undefined && httpStatus === undefined) {
    if (text(err["name"])?.startsWith("RequestTimeout") === true)
      return { code: "Timeout", serverMessage: message };
    const network = rawCode === undefined ? undefined : NETWORK_CODES[rawCode];
    if (network !== undefined) return { code: network, serverMessage: message };
    if (/socket hang up/i.test(message)) return { code: "ConnectionReset", serverMessage: message };
    if (thrown instanceof SyntaxError) {
      // A body that is not the JSON error envelope: something other than the cloud answered.
      return { code: "UnexpectedResponse", serverMessage: message };
    }
    return { code: rawCode ?? "UnexpectedError", serverMessage: message };
  }

  const detail = isRecord(err["accessDeniedDetail"])
    ? err["accessDeniedDetail"]
    : isRecord(data?.["AccessDeniedDetail"])
      ? data["AccessDeniedDetail"]
      : undefined;
  const requestId = text(err["requestId"]) ?? text(data?.["RequestId"]);
  const retryAfter = err["retryAfter"];
  return {
    code: rawCode ?? text(data?.["Code"]) ?? "UnknownError",
    // openapi-core's own message is "code: 403, <Message> request id: <id>"; the body's Message is
    // the cloud's words alone.
    serverMessage: text(data?.["Message"]) ?? text(data?.["message"]) ?? message,
    ...(requestId === undefined ? {} : { requestId }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(detail === undefined ? {} : { accessDeniedDetail: detail as AccessDeniedDetail }),
    ...(typeof retryAfter === "number" && Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter } : {}),
  };
}

function helpFor(
  failure: Failure,
  setting: EndpointSetting,
  attempts: number,
  kind: ReturnType<typeof failureKind>,
): { help?: string } {
  const { code } = failure;
  if (code === "ConnectionRefused") {
    return {
      help:
        setting.kind === "single"
          ? `nothing answers at ${setting.url}: start the local cloud with \`npm start\` (or \`imageguard serve\`), or pass the --endpoint it listens on`
          : "check the network connection and any proxy settings",
    };
  }
  if (kind === "throttled") {
    return {
      help: `the cloud still throttled the call after ${attempts} attempt${attempts === 1 ? "" : "s"}: wait a little and run again, or lower the concurrency`,
    };
  }
  if (code.startsWith("InvalidAccessKeyId")) {
    return {
      help: "check the AccessKey id of the credentials in use; keys of the local cloud work only against the local cloud, and Alibaba Cloud's only against Alibaba Cloud",
    };
  }
  if (code === "SignatureDoesNotMatch" || code === "IncompleteSignature") {
    return { help: "check the AccessKey secret of the credentials in use" };
  }
  if (code.startsWith("InvalidSecurityToken")) {
    return { help: "the STS credentials are no longer valid: get new temporary credentials" };
  }
  const detail = failure.accessDeniedDetail;
  if (detail !== undefined) {
    const action = typeof detail.AuthAction === "string" ? `\`${detail.AuthAction}\`` : "this action";
    const denial = typeof detail.NoPermissionType === "string" ? detail.NoPermissionType : "a denial";
    const policyType = typeof detail.PolicyType === "string" ? ` in ${detail.PolicyType}` : "";
    return {
      help: `the caller may not perform ${action} (${denial}${policyType}); ram:DecodeDiagnosticMessage opens the EncodedDiagnosticMessage to show the deciding policy`,
    };
  }
  return {};
}
