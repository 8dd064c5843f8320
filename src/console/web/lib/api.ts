import type { AccessDeniedInfo, ApiErrorBody } from "./denial-types.js";

// The web app's only way to the server: JSON to /console/api, the CSRF header on every request that
// changes something, one error type. The CSRF token lives in memory only (never in storage): a
// reload asks GET /session for it again.

const BASE = "/console/api";

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** The HTTP status of the console's answer (a cloud error keeps the cloud's status). */
  readonly status: number;
  readonly code: string;
  readonly help: string | undefined;
  readonly requestId: string | undefined;
  readonly accessDenied: AccessDeniedInfo | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.help = body.help;
    this.requestId = body.requestId;
    this.accessDenied = body.accessDenied;
  }

  /** The cloud refused the call on authorization grounds (the explanation may be attached). */
  get isAccessDenied(): boolean {
    return this.accessDenied !== undefined;
  }
}

let csrfToken: string | undefined;
let onSignedOut: ((error: ApiError) => void) | undefined;

/** Set by the app after sign-in or GET /session; cleared on sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (NotSignedIn, SessionExpired). */
export function onSessionLost(handler: ((error: ApiError) => void) | undefined): void {
  onSignedOut = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken !== undefined) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(0, {
      code: "NetworkError",
      message: `the console server did not answer: ${err instanceof Error ? err.message : String(err)}`,
      help: "check that `imageguard serve` is still running",
    });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed as T;
  const errorBody = (parsed as { error?: ApiErrorBody } | undefined)?.error ?? {
    code: `Http${response.status}`,
    message: `the console server answered ${response.status} ${response.statusText}`.trim(),
  };
  const error = new ApiError(response.status, errorBody);
  if (response.status === 401 && (error.code === "NotSignedIn" || error.code === "SessionExpired")) {
    onSignedOut?.(error);
  }
  throw error;
}

/** Request parameters of a cloud API call: flat (`Tag.1.Key`) or nested (`Tag: [{Key, Value}]`). */
export type CallParams = Record<string, unknown>;

export const api = {
  /** One call of the cloud's API as the signed-in user; resolves to the response body. */
  call<T = Record<string, unknown>>(product: string, action: string, params: CallParams = {}): Promise<T> {
    return request<T>("POST", "/call", { product, action, params });
  },
  get<T = unknown>(path: string): Promise<T> {
    return request<T>("GET", path);
  },
  post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return request<T>("POST", path, body);
  },
  put<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return request<T>("PUT", path, body);
  },
  del<T = unknown>(path: string): Promise<T> {
    return request<T>("DELETE", path);
  },
};

/** Turns anything thrown into an ApiError, for components that show errors. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, {
    code: "ClientError",
    message: err instanceof Error ? err.message : String(err),
  });
}
