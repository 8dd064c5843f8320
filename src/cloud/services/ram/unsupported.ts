import type { CallContext } from "../handler.js";
import { unsupportedParameter } from "./errors.js";

// Parameters the official SDK sends for an action but the local cloud does not model (tags on RAM
// identities, resource-group scoped attachments). Present with a value, they are refused: a caller
// must not believe a tag was set or a grant was scoped when it was not.

export function refuseParameters(ctx: CallContext, names: readonly string[], why: string): void {
  for (const [key, value] of Object.entries(ctx.rawParams)) {
    const base = key.split(".")[0] ?? key;
    if (names.includes(base) && value !== "") throw unsupportedParameter(key, why);
  }
}

export const TAGS_UNSUPPORTED = "tags on RAM identities and policies are not modelled";
export const RESOURCE_GROUPS_UNSUPPORTED =
  "resource groups are not modelled, so every attachment applies to the whole account";
