import type { CallContext } from "../handler.js";

// Parameters the SDK sends for member accounts that the local cloud does not model (the handlers'
// `notModelled` declarations). Present with a value, they are refused: a caller must not believe
// that an account was tagged, filtered by tag, or given another payer when nothing of the kind
// happened.

const TAGS_UNSUPPORTED =
  "tags on member accounts are not modelled, so no member account carries any (IncludeTags=true answers an empty list)";

/** `Tag.N.Key` / `Tag.N.Value`, as the SDK flattens the `Tag` list of the account actions. */
export const TAGS_NOT_MODELLED: Readonly<Record<string, string>> = {
  "Tag.N.Key": TAGS_UNSUPPORTED,
  "Tag.N.Value": TAGS_UNSUPPORTED,
};

export const BILLING_UNSUPPORTED = "billing and reselling are not modelled";

/** IncludeTags (default false). */
export function readIncludeTags(ctx: CallContext): boolean {
  return ctx.params.optBool("IncludeTags") ?? false;
}
