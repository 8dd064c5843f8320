// ARN templates: `acs:<service>:<region>:<account>:<relative-id>` with `{Placeholder}`s.

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names of a template, in order of appearance, without duplicates. */
export function placeholdersOf(template: string): readonly string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

// Templates are few (the catalog's) and expanded on every request: each is split once into its
// literal text and placeholder names, and parsed once. Bounded for callers that pass other text.
const MAX_REMEMBERED_TEMPLATES = 4096;

/** A template as alternating parts: literal text at even indexes, placeholder names at odd ones. */
const splitTemplates = new Map<string, readonly string[]>();

function splitTemplate(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(PLACEHOLDER);
    if (splitTemplates.size >= MAX_REMEMBERED_TEMPLATES) splitTemplates.clear();
    splitTemplates.set(template, parts);
  }
  return parts;
}

/**
 * Fills a template's placeholders. A placeholder with no value is left as `*`, so an unknown part
 * widens the ARN instead of producing one that names a different resource.
 */
export function expandArn(template: string, values: Readonly<Record<string, string>>): string {
  const parts = splitTemplate(template);
  let arn = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2)
    arn += (values[parts[i] as string] ?? "*") + (parts[i + 1] as string);
  return arn;
}

/** A template split into its ARN segments (placeholders kept as written). */
export interface ParsedArnTemplate {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** The resource type before the first `/` of the relative id (`image`, `{ResourceType}`, `policy`). */
  readonly resourceType: string;
  readonly relativeId: string;
}

/**
 * Splits `acs:<service>:<region>:<account>:<relative-id>`; undefined when the text is not of that
 * shape (`*`, or a bare `{ResourceARN}` placeholder). Only the first four `:` separate segments: a
 * relative id may itself contain `:` and `/`.
 */
export function parseArnTemplate(template: string): ParsedArnTemplate | undefined {
  if (parsedTemplates.has(template)) return parsedTemplates.get(template);
  const parsed = parseUncached(template);
  if (parsedTemplates.size >= MAX_REMEMBERED_TEMPLATES) parsedTemplates.clear();
  parsedTemplates.set(template, parsed);
  return parsed;
}

const parsedTemplates = new Map<string, ParsedArnTemplate | undefined>();

function parseUncached(template: string): ParsedArnTemplate | undefined {
  const parts = template.split(":");
  if (parts.length < 5 || parts[0] !== "acs") return undefined;
  const [, service, region, account] = parts as [string, string, string, string];
  const relativeId = parts.slice(4).join(":");
  if (service === "" || relativeId === "") return undefined;
  const slash = relativeId.indexOf("/");
  return Object.freeze({
    service,
    region,
    account,
    resourceType: slash < 0 ? relativeId : relativeId.slice(0, slash),
    relativeId,
  });
}

/** True when the template is one placeholder standing for a whole ARN taken from a parameter. */
export function isArnPlaceholder(template: string): boolean {
  return /^\{[A-Za-z][A-Za-z0-9]*\}$/.test(template);
}
