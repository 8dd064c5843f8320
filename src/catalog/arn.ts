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

/**
 * Fills a template's placeholders. A placeholder with no value is left as `*`, so an unknown part
 * widens the ARN instead of producing one that names a different resource.
 */
export function expandArn(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => values[name] ?? "*");
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
  const parts = template.split(":");
  if (parts.length < 5 || parts[0] !== "acs") return undefined;
  const [, service, region, account] = parts as [string, string, string, string];
  const relativeId = parts.slice(4).join(":");
  if (service === "" || relativeId === "") return undefined;
  const slash = relativeId.indexOf("/");
  return {
    service,
    region,
    account,
    resourceType: slash < 0 ? relativeId : relativeId.slice(0, slash),
    relativeId,
  };
}

/** True when the template is one placeholder standing for a whole ARN taken from a parameter. */
export function isArnPlaceholder(template: string): boolean {
  return /^\{[A-Za-z][A-Za-z0-9]*\}$/.test(template);
}
