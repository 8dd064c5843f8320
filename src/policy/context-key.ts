import type { ContextValue, RequestContext } from "./types.js";

// Condition key names are case-insensitive, except the tag key after `acs:ResourceTag/` and
// `acs:RequestTag/`, which is case-sensitive like tag keys themselves (spec §3). One canonical
// form lets policy keys and request keys meet in a plain object lookup.
const TAG_KEY_PREFIX = /^(acs:(?:resourcetag|requesttag)\/)(.*)$/is;

/** `acs:ResourceTag/Env` → `acs:resourcetag/Env`; `ECS:ImageOwnerId` → `ecs:imageownerid`. */
export function normalizeContextKey(key: string): string {
  const tag = TAG_KEY_PREFIX.exec(key);
  if (tag) return (tag[1] as string).toLowerCase() + (tag[2] as string);
  return key.toLowerCase();
}

/** Builds a request context from keys as a user or the cloud wrote them. */
export function makeContext(raw: Readonly<Record<string, ContextValue>>): RequestContext {
  const context: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const normalized = normalizeContextKey(key);
    const existing = context[normalized];
    if (existing === undefined) {
      context[normalized] = typeof value === "string" ? value : [...value];
    } else {
      // Two spellings of one key (`acs:SourceIp` and `acs:sourceip`): merge into a multi-valued key.
      const merged = [...(typeof existing === "string" ? [existing] : existing)];
      merged.push(...(typeof value === "string" ? [value] : value));
      context[normalized] = merged;
    }
  }
  return context;
}
