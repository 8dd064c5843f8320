// What makes an image golden, as the console's cloud pages judge it: every required tag present
// with one of its allowed values (case-sensitive, as the generated policies and the scan compare
// them). The tags come from the guardrail spec when the console server knows one, else from the
// user's "golden tags" setting, which starts as the product brief's three tags.

export interface RequiredTag {
  readonly key: string;
  /** The values that count; an image's value must be one of them. */
  readonly values: readonly string[];
}

/** The brief's golden tags (status: approved, security-level: trusted, environment: production). */
export const BRIEF_GOLDEN_TAGS: readonly RequiredTag[] = [
  { key: "status", values: ["approved"] },
  { key: "security-level", values: ["trusted"] },
  { key: "environment", values: ["production"] },
];

/** One required tag an image does not satisfy. */
export interface TagGap {
  readonly key: string;
  readonly allowed: readonly string[];
  /** The image's value, when it has the key with another value. */
  readonly actual?: string;
}

export function goldenGaps(
  tags: Readonly<Record<string, string>>,
  required: readonly RequiredTag[],
): TagGap[] {
  const gaps: TagGap[] = [];
  for (const tag of required) {
    const actual = Object.hasOwn(tags, tag.key) ? tags[tag.key] : undefined;
    if (actual !== undefined && tag.values.includes(actual)) continue;
    gaps.push({ key: tag.key, allowed: tag.values, ...(actual === undefined ? {} : { actual }) });
  }
  return gaps;
}

/** No required tags means no criterion: nothing is golden then, rather than everything. */
export function isGolden(tags: Readonly<Record<string, string>>, required: readonly RequiredTag[]): boolean {
  return required.length > 0 && goldenGaps(tags, required).length === 0;
}

/** One gap in words: "lacks `environment`: production" / "has `environment`=`staging`, not production". */
export function describeGap(gap: TagGap): string {
  const allowed = gap.allowed.join(" or ");
  return gap.actual === undefined
    ? `lacks tag ${gap.key}=${allowed}`
    : `has ${gap.key}=${gap.actual === "" ? '""' : gap.actual}, not ${allowed}`;
}

/** A tag filter chip: a key, and a value unless any value will do. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

/**
 * The DescribeImages filter that finds golden candidates: a key with one allowed value filters on
 * that value; a key with several filters on the key alone (the server takes one value per key), and
 * the golden marker then decides.
 */
export function goldenFilter(required: readonly RequiredTag[]): TagFilter[] {
  return required.map((tag) =>
    tag.values.length === 1 && tag.values[0] !== undefined
      ? { key: tag.key, value: tag.values[0] }
      : { key: tag.key },
  );
}

/** `status=approved, environment=production` (a setting's text form). */
export function formatRequiredTags(required: readonly RequiredTag[]): string {
  return required.map((tag) => `${tag.key}=${tag.values.join("|")}`).join(", ");
}

export type ParsedRequiredTags =
  { readonly ok: true; readonly tags: RequiredTag[] } | { readonly ok: false; readonly message: string };

/** Reads the setting's text form back: `key=value|value, key=value`. */
export function parseRequiredTags(text: string): ParsedRequiredTags {
  const tags: RequiredTag[] = [];
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const values =
      eq < 0
        ? []
        : item
            .slice(eq + 1)
            .split("|")
            .map((value) => value.trim());
    if (key === "" || values.length === 0 || values.some((value) => value === "")) {
      return { ok: false, message: `\`${item}\` is not key=value (several values as key=a|b)` };
    }
    if (tags.some((tag) => tag.key === key))
      return { ok: false, message: `the tag key \`${key}\` is given twice` };
    tags.push({ key, values });
  }
  if (tags.length === 0) return { ok: false, message: "give at least one golden tag, as key=value" };
  return { ok: true, tags };
}
