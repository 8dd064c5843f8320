import type { ParamReader } from "../../http/index.js";
import { invalidRamParameter } from "./errors.js";
import { SESSION_DURATION } from "./limits.js";

/** `MaxSessionDuration` / `NewMaxSessionDuration`: whole seconds, 3600..43200. */
export function readMaxSessionDuration(params: ParamReader, parameter: string): number | undefined {
  const raw = params.optStr(parameter);
  if (raw === undefined || raw === "") return undefined;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < SESSION_DURATION.min || value > SESSION_DURATION.max) {
    throw invalidRamParameter(
      parameter,
      `The parameter - "${parameter}" must be an integer from ${SESSION_DURATION.min} to ${SESSION_DURATION.max} (seconds), got \`${raw}\`.`,
    );
  }
  return value;
}
