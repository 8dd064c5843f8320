import type { AccessDeniedDetail } from "../../../client/index.js";
import type { DiagnosticMessage } from "../../../cloud/index.js";

// What the console server attaches to a refused call: the cloud's AccessDeniedDetail and, decoded
// with the same credentials through ram:DecodeDiagnosticMessage, the whole decision. Shared by the
// server (which builds it) and the browser (which explains it); types only, so nothing of the
// policy engine is bundled.

// Alibaba's `AccessDeniedDetail`, as the cloud sent it.
export type { AccessDeniedDetail };

/** The decoded diagnostic message: the `Decision` of ram:DecodeDiagnosticMessage's response. */
export type DecodedDenial = DiagnosticMessage;

/** Why the decode itself failed (the user may not call ram:DecodeDiagnosticMessage, say). */
export interface DecodeFailure {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
}

export interface AccessDeniedInfo {
  readonly detail: AccessDeniedDetail;
  readonly explanation?: DecodedDenial;
  readonly decodeError?: DecodeFailure;
}

/** The body of every error response of /console/api. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  /** For a cloud error: the HTTP status the cloud answered with. */
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly accessDenied?: AccessDeniedInfo;
}
