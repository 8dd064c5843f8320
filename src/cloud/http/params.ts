import {
  duplicateTagKey,
  invalidParameter,
  invalidTagCount,
  invalidTagKey,
  invalidTagMismatch,
  invalidTagValue,
  missingParameter,
} from "./errors.js";

// A typed reader over the flat parameters of an RPC call. The SDKs flatten nested request fields
// (openapi-core's OpenApiUtil.query, pop-core's flatParams) into `Name.N` for lists and
// `Name.N.Field` for lists of structures; a few APIs instead take a JSON string in one parameter
// (e.g. ECS DescribeInstances `InstanceIds`, Tag TagResources `Tags`). Every reader throws a
// CloudError with Alibaba's code, so a handler can read its input in straight-line code.

export interface Tag {
  Key: string;
  Value: string;
}

export interface IntRange {
  min?: number;
  max?: number;
}

export interface ListOptions {
  max?: number;
}

export interface TagOptions {
  /** ECS and the Tag service accept at most 20 tags per request. */
  max?: number;
  /**
   * Keys starting with `aliyun` or `acs:` and values starting with `acs:` are reserved for the
   * system; a filter may name them, a write may not.
   */
  allowReserved?: boolean;
}

const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 128;
const MAX_INDEX_DIGITS = 6;

export class ParamReader {
  readonly #params: Readonly<Record<string, string>>;

  constructor(params: Readonly<Record<string, string>>) {
    this.#params = params;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#params, name);
  }

  /** A required string; an empty value counts as missing, as it does for Alibaba's required inputs. */
  str(name: string): string {
    const value = this.optStr(name);
    if (value === undefined || value === "") throw missingParameter(name);
    return value;
  }

  /** An optional string; an empty value is returned as it came (an empty tag value is meaningful). */
  optStr(name: string): string | undefined {
    return Object.hasOwn(this.#params, name) ? this.#params[name] : undefined;
  }

  int(name: string, range: IntRange = {}): number {
    const value = this.optInt(name, range);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  optInt(name: string, range: IntRange = {}): number | undefined {
    const raw = this.optStr(name);
    if (raw === undefined || raw === "") return undefined;
    const value = /^[+-]?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value)) throw invalidParameter(name, "It must be an integer.");
    const { min, max } = range;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      const bounds =
        min !== undefined && max !== undefined
          ? `between ${min} and ${max}`
          : min !== undefined
            ? `at least ${min}`
            : `at most ${String(max)}`;
      throw invalidParameter(name, `It must be ${bounds}.`);
    }
    return value;
  }

  bool(name: string): boolean {
    const value = this.optBool(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  optBool(name: string): boolean | undefined {
    const raw = this.optStr(name);
    if (raw === undefined || raw === "") return undefined;
    const lower = raw.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw invalidParameter(name, "It must be true or false.");
  }

  /**
   * A list of strings, sent either flattened (`Name.1`, `Name.2`, ...; gaps allowed, because the
   * SDKs skip null items but keep their index) or as a JSON array in `Name`. Absent is empty.
   */
  list(name: string, options: ListOptions = {}): string[] {
    const indexed = this.#indexed(name, (rest) => (/^\d+$/.test(rest) ? rest : undefined));
    let values: string[];
    if (this.has(name)) {
      if (indexed.size > 0) throw invalidParameter(name, `Send either ${name} or ${name}.N, not both.`);
      values = parseJsonList(name, this.#params[name] ?? "");
    } else {
      values = [...indexed.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry.get("") ?? "");
    }
    if (options.max !== undefined && values.length > options.max) {
      throw invalidParameter(name, `It accepts at most ${options.max} items.`);
    }
    return values;
  }

  /**
   * Tags sent as `Name.N.Key` / `Name.N.Value` (N from 1 to `max`), or as a JSON object or array of
   * {Key, Value} in `Name` (the Tag service's `Tags`). Returned in index order.
   */
  tags(name = "Tag", options: TagOptions = {}): Tag[] {
    const max = options.max ?? 20;
    let tags: Array<{ index: number; key: string | undefined; value: string | undefined }>;
    if (this.has(name)) {
      tags = parseJsonTags(name, this.#params[name] ?? "").map((tag, i) => ({ index: i + 1, ...tag }));
    } else {
      const indexed = this.#indexed(name, (rest) => {
        const match = /^(\d+)\.(Key|Value)$/.exec(rest);
        return match === null ? undefined : `${match[1]}.${match[2]}`;
      });
      tags = [...indexed.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, fields]) => ({ index, key: fields.get("Key"), value: fields.get("Value") }));
    }
    if (tags.length > max || tags.some((tag) => tag.index > max)) throw invalidTagCount();
    const seen = new Set<string>();
    return tags.map(({ index, key, value = "" }) => {
      if (key === undefined) throw invalidTagMismatch();
      if (!isValidTagKey(key, options.allowReserved === true)) throw invalidTagKey(index);
      if (!isValidTagValue(value, options.allowReserved === true)) throw invalidTagValue(index);
      if (seen.has(key)) throw duplicateTagKey(key);
      seen.add(key);
      return { Key: key, Value: value };
    });
  }

  /**
   * Groups `Name.<index>[.<field>]` parameters by index. `match` receives what follows `Name.` and
   * returns `<index>` or `<index>.<field>` for the keys this reader owns, undefined for others.
   */
  #indexed(name: string, match: (rest: string) => string | undefined): Map<number, Map<string, string>> {
    const prefix = `${name}.`;
    const groups = new Map<number, Map<string, string>>();
    for (const [key, value] of Object.entries(this.#params)) {
      if (!key.startsWith(prefix)) continue;
      const owned = match(key.slice(prefix.length));
      if (owned === undefined) continue;
      const dot = owned.indexOf(".");
      const digits = dot < 0 ? owned : owned.slice(0, dot);
      if (digits.length > MAX_INDEX_DIGITS || !/^[1-9]\d*$/.test(digits)) {
        throw invalidParameter(key, "The index must be a positive integer.");
      }
      const index = Number(digits);
      const fields = groups.get(index) ?? new Map<string, string>();
      fields.set(dot < 0 ? "" : owned.slice(dot + 1), value);
      groups.set(index, fields);
    }
    return groups;
  }
}

export function readParams(params: Readonly<Record<string, string>>): ParamReader {
  return new ParamReader(params);
}

function parseJson(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw invalidParameter(name, "It must be valid JSON.");
  }
}

function parseJsonList(name: string, raw: string): string[] {
  const parsed = parseJson(name, raw);
  if (!Array.isArray(parsed)) throw invalidParameter(name, "It must be a JSON array.");
  return parsed.map((item: unknown) => {
    if (typeof item === "string") return item;
    if (typeof item === "number" && Number.isFinite(item)) return String(item);
    throw invalidParameter(name, "Its items must be strings.");
  });
}

function parseJsonTags(
  name: string,
  raw: string,
): Array<{ key: string | undefined; value: string | undefined }> {
  const parsed = parseJson(name, raw);
  if (Array.isArray(parsed)) {
    return parsed.map((item: unknown) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        throw invalidParameter(name, "Its items must be objects with Key and Value.");
      }
      const { Key: key, Value: value } = item as Record<string, unknown>;
      if (
        (key !== undefined && typeof key !== "string") ||
        (value !== undefined && typeof value !== "string")
      ) {
        throw invalidParameter(name, "Key and Value must be strings.");
      }
      return { key, value };
    });
  }
  if (typeof parsed === "object" && parsed !== null) {
    return Object.entries(parsed).map(([key, value]: [string, unknown]) => {
      if (typeof value !== "string") throw invalidParameter(name, "Tag values must be strings.");
      return { key, value };
    });
  }
  throw invalidParameter(name, "It must be a JSON object or array.");
}

function isValidTagKey(key: string, allowReserved: boolean): boolean {
  if (key === "" || key.length > MAX_TAG_KEY_LENGTH || containsUrl(key)) return false;
  return allowReserved || !(key.startsWith("aliyun") || key.startsWith("acs:"));
}

function isValidTagValue(value: string, allowReserved: boolean): boolean {
  if (value.length > MAX_TAG_VALUE_LENGTH || containsUrl(value)) return false;
  return allowReserved || !value.startsWith("acs:");
}

function containsUrl(text: string): boolean {
  return text.includes("http://") || text.includes("https://");
}
