// A failure to read part of the cloud, as data: what the scan records for an account or region it
// could not list, what remediation records for a place it could not read, and what reading the
// organisation or its trail records for an account. Errors that carry a code and a help line (the
// client's, a ConnectionError such as `root-cannot-assume-role`, the guardrail's own) keep them.
import { isCloudClientError } from "../../client/index.js";
import type { CollectionFailure } from "./types.js";

export function collectionFailure(error: unknown): CollectionFailure {
  if (isCloudClientError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.help === undefined ? {} : { help: error.help }),
    };
  }
  const fields = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    help?: unknown;
  };
  return {
    code: typeof fields.code === "string" ? fields.code : "unexpected",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof fields.help === "string" ? { help: fields.help } : {}),
  };
}
