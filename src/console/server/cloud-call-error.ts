import type { AccessDeniedInfo, ApiErrorBody } from "../web/lib/denial-types.js";

// A call the cloud refused or failed, as the console passes it on: the cloud's code, message,
// HTTP status and request id, and for an authorization failure the detail with its explanation.

export class CloudCallError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly accessDenied: AccessDeniedInfo | undefined;

  constructor(fields: {
    code: string;
    message: string;
    httpStatus: number;
    requestId?: string;
    accessDenied?: AccessDeniedInfo;
  }) {
    super(fields.message);
    this.name = "CloudCallError";
    this.code = fields.code;
    this.httpStatus = fields.httpStatus;
    this.requestId = fields.requestId;
    this.accessDenied = fields.accessDenied;
  }

  toBody(): { error: ApiErrorBody } {
    return {
      error: {
        code: this.code,
        message: this.message,
        httpStatus: this.httpStatus,
        ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
        ...(this.accessDenied === undefined ? {} : { accessDenied: this.accessDenied }),
      },
    };
  }
}

export function isCloudCallError(value: unknown): value is CloudCallError {
  return value instanceof CloudCallError;
}
