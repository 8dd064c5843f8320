import type { Tag, TagFilter, TagPair } from "../../../model/index.js";
import {
  invalidParameter,
  invalidTagCount,
  invalidTagKey,
  invalidTagMismatch,
  invalidTagValue,
} from "../../../http/index.js";
import type { CallContext } from "../../handler.js";
import { duplicateTagKey, missingTags, tagQuotaExceeded, tagValueWithoutKey } from "./tag-errors.js";

// Alibaba's tag rules, shared by ECS's tag APIs, the image-producing actions (`Tag.N`) and the
// Tag service:
// - at most 20 tags on one resource (`OperationDenied.QuotaExceed` past it) and at most 20 in one
//   ECS request (`InvalidTagCount`; the Tag service takes 10);
// - a key is 1 to 128 characters, does not start with `aliyun` or `acs:` (reserved for system
//   tags) and contains no `http://` or `https://`;
// - a value is 0 to 128 characters, does not start with `acs:` and contains no URL;
// - keys are case-sensitive, and one request may not name a key twice (`Duplicate.TagKey`).
// Filters (DescribeImages, ListTagResources) may name reserved keys: they only read.

export const MAX_TAGS_PER_RESOURCE = 20;
export const MAX_TAGS_PER_REQUEST = 20;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 128;

function hasUrl(text: string): boolean {
  return text.includes("http://") || text.includes("https://");
}

export function isValidTagKey(key: string, allowReserved = false): boolean {
  if (key === "" || [...key].length > MAX_KEY_LENGTH || hasUrl(key)) return false;
  return allowReserved || !(key.startsWith("aliyun") || key.startsWith("acs:"));
}

export function isValidTagValue(value: string, allowReserved = false): boolean {
  if ([...value].length > MAX_VALUE_LENGTH || hasUrl(value)) return false;
  return allowReserved || !value.startsWith("acs:");
}

interface IndexedTag {
  readonly index: number;
  readonly key?: string;
  readonly value?: string;
}

/** `Name.N.Key` / `Name.N.Value` in index order (N as the catalog reads it). */
function indexedTags(ctx: CallContext, name: string): IndexedTag[] {
  const pattern = new RegExp(`^${name}\\.([1-9][0-9]*)\\.(Key|Value)$`);
  const byIndex = new Map<number, { key?: string; value?: string }>();
  for (const [param, raw] of Object.entries(ctx.rawParams)) {
    const match = pattern.exec(param);
    if (match === null) continue;
    const index = Number(match[1]);
    const entry = byIndex.get(index) ?? {};
    if (match[2] === "Key") entry.key = raw;
    else entry.value = raw;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, entry]) => ({ index, ...entry }));
}

export interface TagPairOptions {
  /** Absent tags are `MissingParameter.Tags` (TagResources, AddTags) rather than an empty list. */
  readonly required?: boolean;
  readonly max?: number;
}

/** Tags a request sets (`Tag.N.Key` / `Tag.N.Value`): validated with Alibaba's codes. */
export function readTagPairs(ctx: CallContext, name = "Tag", options: TagPairOptions = {}): TagPair[] {
  const max = options.max ?? MAX_TAGS_PER_REQUEST;
  const entries = indexedTags(ctx, name);
  if (entries.length === 0 && options.required) throw missingTags();
  if (entries.length > max || entries.some((e) => e.index > max)) throw invalidTagCount();
  const seen = new Set<string>();
  return entries.map(({ index, key, value = "" }) => {
    if (key === undefined || key === "") throw invalidTagMismatch();
    if (!isValidTagKey(key)) throw invalidTagKey(index);
    if (!isValidTagValue(value)) throw invalidTagValue(index);
    if (seen.has(key)) throw duplicateTagKey();
    seen.add(key);
    return { key, value };
  });
}

export interface TagFilterOptions {
  /** What a `Tag.N.Value` without its key is: DescribeImages says `InvalidTag.Mismatch`, ListTagResources `InvalidParameter.TagValue`. */
  readonly valueWithoutKey: "mismatch" | "tag-value";
  readonly max?: number;
}

/** Tag filters (`Tag.N.Key`, optional `Tag.N.Value`): a filter without a value matches the key alone. */
export function readTagFilters(ctx: CallContext, name: string, options: TagFilterOptions): TagFilter[] {
  const max = options.max ?? MAX_TAGS_PER_REQUEST;
  const entries = indexedTags(ctx, name);
  if (entries.length > max || entries.some((e) => e.index > max)) throw invalidTagCount();
  return entries.map(({ index, key, value }) => {
    if (key === undefined || key === "") {
      throw options.valueWithoutKey === "mismatch" ? invalidTagMismatch() : tagValueWithoutKey();
    }
    if (!isValidTagKey(key, true)) throw invalidTagKey(index);
    if (value !== undefined && !isValidTagValue(value, true)) throw invalidTagValue(index);
    return value === undefined ? { key } : { key, value };
  });
}

/** Keys a request removes (`TagKey.N`), distinct, in index order. */
export function readTagKeys(ctx: CallContext, name: string, max: number): string[] {
  const pattern = new RegExp(`^${name}\\.([1-9][0-9]*)$`);
  const found: [number, string][] = [];
  for (const [param, raw] of Object.entries(ctx.rawParams)) {
    const match = pattern.exec(param);
    if (match !== null) found.push([Number(match[1]), raw]);
  }
  if (found.length > max || found.some(([index]) => index > max)) throw invalidTagCount();
  found.sort(([a], [b]) => a - b);
  const keys: string[] = [];
  for (const [index, key] of found) {
    if (key === "") throw invalidParameter(`${name}.${index}`, "A tag key cannot be empty.");
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** A resource may carry at most 20 tags once `adding` is applied (overwriting a key adds nothing). */
export function assertTagQuota(existing: readonly Tag[], adding: readonly TagPair[]): void {
  const keys = new Set(existing.map((tag) => tag.key));
  for (const tag of adding) keys.add(tag.key);
  if (keys.size > MAX_TAGS_PER_RESOURCE) throw tagQuotaExceeded();
}
