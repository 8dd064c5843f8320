// Reading the values a catalog entry points at out of a request's flattened parameters
// (`Tag.1.Key`, `ResourceId.2`, JSON strings): the wire forms of wire-protocol.md and the SDKs.
import type { Binding, ParamCondition, TagParam } from "./types.js";

/** A request's parameters as they arrived: flattened names, string values. */
export type RequestParams = Readonly<Record<string, string>>;

export interface TagPair {
  readonly key: string;
  readonly value: string;
}

// Readers take the request's parameter names (`Object.keys(params)`) when their caller has them:
// deriving one request's checks reads its names for several templates and tags, once.

/** The values of `Name.1`, `Name.2`, … in order of N (gaps allowed, N must be a positive integer). */
export function repeatedValues(
  params: RequestParams,
  name: string,
  names: readonly string[] = Object.keys(params),
): string[] {
  const found: [number, string][] = [];
  const prefix = `${name}.`;
  for (const key of names) {
    if (!key.startsWith(prefix)) continue;
    const index = key.slice(prefix.length);
    if (/^[1-9][0-9]*$/.test(index)) found.push([Number(index), params[key] as string]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** A JSON array's items as the local cloud's list reader takes them: strings, and numbers written out. */
function jsonItems(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) {
      return parsed.flatMap((item: unknown) =>
        typeof item === "string"
          ? [item]
          : typeof item === "number" && Number.isFinite(item)
            ? [String(item)]
            : [],
      );
    }
  } catch {
    // A malformed list names no resource; the handler rejects the request as InvalidParameter.
  }
  return [];
}

/**
 * A list the cloud accepts as one JSON array in `Name` or flattened as `Name.N` (never both in one
 * request: the handler refuses that). Both are read, whichever the SDK sends: a resource named in
 * the other form must still be in the checks.
 */
function listValues(params: RequestParams, name: string, names?: readonly string[]): string[] {
  const raw = params[name];
  return [...(raw === undefined ? [] : jsonItems(raw)), ...repeatedValues(params, name, names)];
}

function rawBindingValues(
  params: RequestParams,
  binding: Extract<Binding, { from: "param" }>,
  names?: readonly string[],
): string[] {
  const raw = params[binding.param];
  switch (binding.list) {
    case "repeated":
    case "json":
      return listValues(params, binding.param, names).filter((value) => value !== "");
    case "comma":
      return raw === undefined
        ? []
        : raw
            .split(",")
            .map((value) => value.trim())
            .filter((value) => value !== "");
    case undefined:
      return raw === undefined || raw === "" ? [] : [raw];
  }
}

/** The values a `param` binding reads; empty when the parameter is absent or empty. */
export function bindingValues(
  params: RequestParams,
  binding: Extract<Binding, { from: "param" }>,
  names?: readonly string[],
): string[] {
  const values = rawBindingValues(params, binding, names);
  return binding.lowerCase ? values.map((value) => value.toLowerCase()) : values;
}

// Every request's tags are read through these: each pattern is compiled once, not per request.
const MAX_REMEMBERED_PATTERNS = 1024;
const pairPatterns = new Map<string, RegExp>();
const conditionPatterns = new Map<string, RegExp>();

function remembered(patterns: Map<string, RegExp>, key: string, source: () => string): RegExp {
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = new RegExp(source());
    if (patterns.size >= MAX_REMEMBERED_PATTERNS) patterns.clear();
    patterns.set(key, pattern);
  }
  return pattern;
}

function pairsFromRepeated(params: RequestParams, name: string, names: readonly string[]): TagPair[] {
  const byIndex = new Map<number, { key?: string; value?: string }>();
  const pattern = remembered(pairPatterns, name, () => `^${name}\\.([1-9][0-9]*)\\.(Key|Value)$`);
  // A plain name matches only keys that start with it and a dot: the others need no regex.
  const prefix = /^\w+$/.test(name) ? `${name}.` : "";
  for (const key of names) {
    if (!key.startsWith(prefix)) continue;
    const match = pattern.exec(key);
    if (!match) continue;
    const value = params[key] as string;
    const index = Number(match[1]);
    const pair = byIndex.get(index) ?? {};
    if (match[2] === "Key") pair.key = value;
    else pair.value = value;
    byIndex.set(index, pair);
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, pair]) =>
      pair.key === undefined || pair.key === "" ? [] : [{ key: pair.key, value: pair.value ?? "" }],
    );
}

function pairsFromJson(raw: string, format: "json-pairs" | "json-map"): TagPair[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (format === "json-map") {
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return [];
    return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: String(value ?? ""),
    }));
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) => {
    if (item === null || typeof item !== "object") return [];
    const { Key: key, Value: value } = item as { Key?: unknown; Value?: unknown };
    return typeof key === "string" && key !== ""
      ? [{ key, value: value === undefined ? "" : String(value) }]
      : [];
  });
}

/** The tags (or, for `keys`, the keys with empty values) a tag parameter carries, in request order. */
export function readTags(
  params: RequestParams,
  tagParam: TagParam,
  names: readonly string[] = Object.keys(params),
): TagPair[] {
  switch (tagParam.format) {
    case "pairs":
      return pairsFromRepeated(params, tagParam.param, names);
    case "keys":
      return repeatedValues(params, tagParam.param, names)
        .filter((key) => key !== "")
        .map((key) => ({ key, value: "" }));
    case "json-pairs":
    case "json-map": {
      const raw = params[tagParam.param];
      return raw === undefined ? [] : pairsFromJson(raw, tagParam.format);
    }
  }
}

/** Whether a template's `when` holds for these parameters. */
export function conditionHolds(
  condition: ParamCondition,
  params: RequestParams,
  names: readonly string[] = Object.keys(params),
): boolean {
  const value = params[condition.param];
  // A list parameter arrives flattened (`SecurityGroupIds.1`), so its presence is any element's.
  const prefix = `${condition.param}.`;
  const has = (value !== undefined && value !== "") || names.some((key) => key.startsWith(prefix));
  if (condition.present && !has) return false;
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.notEquals !== undefined && value === condition.notEquals) return false;
  if (
    condition.matches !== undefined &&
    !(
      value !== undefined &&
      remembered(conditionPatterns, condition.matches, () => `^(?:${condition.matches})$`).test(value)
    )
  )
    return false;
  return true;
}
