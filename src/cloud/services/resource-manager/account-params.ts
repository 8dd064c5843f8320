import type { CallContext } from "../handler.js";
import { unsupportedParameter } from "./errors.js";

// Parameters the SDK sends for member accounts that the local cloud does not model. Present with a
// value, they are refused: a caller must not believe that an account was tagged, filtered by tag,
// or given another payer when nothing of the kind happened.

export const TAGS_UNSUPPORTED =
  "tags on member accounts are not modelled, so no member account carries any (IncludeTags=true answers an empty list)";

/** Refuses `Name`, `Name.N…` parameters with a value. */
export function refuseParameters(ctx: CallContext, names: readonly string[], why: string): void {
  for (const [key, value] of Object.entries(ctx.rawParams)) {
    const base = key.split(".")[0] ?? key;
    if (names.includes(base) && value !== "") throw unsupportedParameter(key, why);
  }
}

/** IncludeTags (default false). */
export function readIncludeTags(ctx: CallContext): boolean {
  return ctx.params.optBool("IncludeTags") ?? false;
}
