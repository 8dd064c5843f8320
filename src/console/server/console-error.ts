// The console server's one error type. Whatever a route throws reaches the browser only as
// `{"error": {...}}` built from one of these (or from a cloud error, see cloud-call-error.ts);
// anything else is a 500 with no internals in the body.

export interface ConsoleErrorFields {
  readonly status: number;
  /** A stable code the web app can branch on, Alibaba style: `NotSignedIn`, `InvalidParameter.Body`. */
  readonly code: string;
  /** Lower case, no trailing period, user input in backticks. */
  readonly message: string;
  /** What to do about it. */
  readonly help?: string;
}

export class ConsoleError extends Error {
  readonly status: number;
  readonly code: string;
  readonly help: string | undefined;

  constructor(fields: ConsoleErrorFields) {
    super(fields.message);
    this.name = "ConsoleError";
    this.status = fields.status;
    this.code = fields.code;
    this.help = fields.help;
  }

  toBody(): { error: { code: string; message: string; help?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.help === undefined ? {} : { help: this.help }),
      },
    };
  }
}

export function isConsoleError(value: unknown): value is ConsoleError {
  return value instanceof ConsoleError;
}

/** 400 for a request body or query the route cannot use. */
export function invalidInput(where: string, message: string, help?: string): ConsoleError {
  return new ConsoleError({
    status: 400,
    code: `InvalidParameter.${where}`,
    message,
    ...(help === undefined ? {} : { help }),
  });
}

export function notSignedIn(): ConsoleError {
  return new ConsoleError({
    status: 401,
    code: "NotSignedIn",
    message: "you are not signed in",
    help: "sign in with an AccessKey pair at /console/sign-in",
  });
}

export function sessionExpired(): ConsoleError {
  return new ConsoleError({
    status: 401,
    code: "SessionExpired",
    message: "your console session has expired",
    help: "sign in again",
  });
}
