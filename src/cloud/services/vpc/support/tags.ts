import { invalidParameter, invalidTagCount, invalidTagMismatch } from "../../../http/index.js";
import type { Tag, TagFilter, TagPair } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";

// Tags as ECS and VPC requests carry them and as their responses show them.

/** ECS and VPC accept at most 20 tags, in a request and on a resource. */
export const MAX_TAGS = 20;

/**
 * The tags a create request sets (`Tag.N.Key` / `Tag.N.Value`), validated by the protocol layer's
 * reader (reserved prefixes, lengths, duplicates); in the store's shape.
 */
export function readTagsToSet(ctx: CallContext): TagPair[] {
  return ctx.params.tags("Tag", { max: MAX_TAGS }).map((tag) => ({ key: tag.Key, value: tag.Value }));
}

/**
 * A Describe* tag filter: `Tag.N.Key` with an optional `Tag.N.Value`. Unlike a tag being set, a
 * filter without a value means "has this key, whatever its value", so absence and the empty value
 * are told apart here (the protocol layer's reader folds them together).
 */
export function readTagFilters(ctx: CallContext): TagFilter[] {
  const entries = new Map<number, { key?: string; value?: string }>();
  for (const [name, value] of Object.entries(ctx.rawParams)) {
    const match = /^Tag\.([1-9][0-9]{0,5})\.(Key|Value)$/.exec(name);
    if (match === null) continue;
    const index = Number(match[1]);
    const entry = entries.get(index) ?? {};
    if (match[2] === "Key") entry.key = value;
    else entry.value = value;
    entries.set(index, entry);
  }
  if (entries.size > MAX_TAGS || [...entries.keys()].some((index) => index > MAX_TAGS))
    throw invalidTagCount();
  const seen = new Set<string>();
  return [...entries.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, { key, value }]) => {
      if (key === undefined || key === "") {
        if (value === undefined) throw invalidParameter(`Tag.${index}.Key`, "A tag filter needs a key.");
        throw invalidTagMismatch();
      }
      if (seen.has(key)) throw invalidParameter(`Tag.${index}.Key`, `The tag key "${key}" is given twice.`);
      seen.add(key);
      return value === undefined ? { key } : { key, value };
    });
}

/** ECS spells its response tags `{Tag: [{TagKey, TagValue}]}`. */
export function ecsTags(tags: readonly Tag[] | undefined): { Tag: { TagKey: string; TagValue: string }[] } {
  return { Tag: (tags ?? []).map((tag) => ({ TagKey: tag.key, TagValue: tag.value })) };
}

/** VPC spells them `{Tag: [{Key, Value}]}`. */
export function vpcTags(tags: readonly Tag[] | undefined): { Tag: { Key: string; Value: string }[] } {
  return { Tag: (tags ?? []).map((tag) => ({ Key: tag.key, Value: tag.value })) };
}
