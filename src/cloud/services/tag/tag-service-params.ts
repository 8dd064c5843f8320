import type { TagPair } from "../../model/index.js";
import { invalidParameter } from "../../http/index.js";
import type { CallContext } from "../handler.js";
import { isValidTagKey, isValidTagValue } from "../ecs/tags/tag-rules.js";
import { parseResourceArn } from "./resource-arn.js";
import type { ParsedArn } from "./resource-arn.js";
import {
  invalidResourceArn,
  invalidTags,
  missingResourceArn,
  missingTags,
  tooManyResourceArns,
  tooManyTags,
} from "./tag-service-errors.js";

// The Tag service's request parameters, read exactly as the action catalog reads them for
// authorization: `ResourceARN.N` (repeated), `Tags` (ONE JSON object of key → value, the form the
// catalog's `json-map` reads — an array of {Key, Value} would carry tags the runtime never saw as
// `acs:RequestTag`), and `TagKey.N`.

/**
 * The owner parameters every Tag service action's SDK request carries: the caller's own account is
 * always the owner, and acting for another account is not modelled.
 */
export const OWNER_NOT_MODELLED: Readonly<Record<string, string>> = {
  OwnerId: "the caller's own account is always the owner",
  OwnerAccount: "the caller's own account is always the owner",
  ResourceOwnerAccount: "the caller's own account is always the owner",
};

export const MAX_ARNS = 50;
/** The Tag service takes 1 to 10 tags (or keys) per call. */
export const MAX_TAGS = 10;

function repeated(ctx: CallContext, name: string): [number, string][] {
  const pattern = new RegExp(`^${name}\\.([1-9][0-9]*)$`);
  const found: [number, string][] = [];
  for (const [param, value] of Object.entries(ctx.rawParams)) {
    const match = pattern.exec(param);
    if (match !== null) found.push([Number(match[1]), value]);
  }
  return found.sort(([a], [b]) => a - b);
}

/** `ResourceARN.N`, parsed, in the region the request addresses. */
export function readArns(ctx: CallContext, regionId: string, required: boolean): ParsedArn[] {
  const found = repeated(ctx, "ResourceARN");
  if (found.length === 0 && required) throw missingResourceArn();
  if (found.length > MAX_ARNS) throw tooManyResourceArns(MAX_ARNS);
  const seen = new Set<string>();
  const arns: ParsedArn[] = [];
  for (const [index, raw] of found) {
    const param = `ResourceARN.${index}`;
    const parsed = parseResourceArn(param, raw);
    if (parsed.regionId !== regionId) {
      throw invalidResourceArn(param, `Its region must be the request's RegionId \`${regionId}\`.`);
    }
    if (seen.has(parsed.arn)) continue;
    seen.add(parsed.arn);
    arns.push(parsed);
  }
  return arns;
}

/** `Tags`: a JSON object of 1 to 10 string pairs, keys and values by Alibaba's tag rules. */
export function readTagsJson(
  ctx: CallContext,
  options: { readonly forFilter: boolean },
): TagPair[] | undefined {
  const raw = ctx.params.optStr("Tags");
  if (raw === undefined || raw === "") {
    if (options.forFilter) return undefined;
    throw missingTags();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidTags('It must be a JSON object such as {"k1":"v1"}.');
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalidTags('It must be a JSON object such as {"k1":"v1"}.');
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw options.forFilter ? invalidTags("It names no tag.") : missingTags();
  if (entries.length > MAX_TAGS) throw tooManyTags(MAX_TAGS);
  return entries.map(([key, value]) => {
    if (typeof value !== "string") throw invalidTags(`The value of \`${key}\` must be a string.`);
    if (!isValidTagKey(key, options.forFilter)) throw invalidTags(`\`${key}\` is not a valid tag key.`);
    if (!isValidTagValue(value, options.forFilter))
      throw invalidTags(`The value of \`${key}\` is not a valid tag value.`);
    return { key, value };
  });
}

/** `TagKey.N`: 1 to 10 keys, distinct. */
export function readTagKeyList(ctx: CallContext): string[] {
  const found = repeated(ctx, "TagKey");
  if (found.length > MAX_TAGS) throw tooManyTags(MAX_TAGS);
  const keys: string[] = [];
  for (const [index, key] of found) {
    if (key === "") throw invalidParameter(`TagKey.${index}`, "A tag key cannot be empty.");
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}
