// How imageguard recognises the policies it deployed: a marker in the policy's description,
// `imageguard-managed_<namePrefix>` and, for control policies, `_sha256-<digest of the document>`.
// Only letters, digits, `_` and `-`, starting with a letter: what CreateControlPolicy's Description
// accepts. The prefix says which spec owns it (two specs with different prefixes never touch each
// other's policies); the digest says whether the document is still the one imageguard wrote, so a
// hand edit is told apart from a spec change. RAM descriptions cannot be changed when a new version
// is made, so RAM policies carry no digest.
import { createHash } from "node:crypto";

const MARKER = /^imageguard-managed_([A-Za-z][A-Za-z0-9-]*)(?:_sha256-([0-9a-f]{64}))?$/;

export interface Marker {
  readonly namePrefix: string;
  readonly digest?: string;
}

export function managedMarker(namePrefix: string, digest?: string): string {
  return `imageguard-managed_${namePrefix}${digest === undefined ? "" : `_sha256-${digest}`}`;
}

/** Undefined when the description is not an imageguard marker. */
export function parseMarker(description: string): Marker | undefined {
  const match = MARKER.exec(description.trim());
  if (match === null) return undefined;
  const [, namePrefix, digest] = match;
  return { namePrefix: namePrefix as string, ...(digest === undefined ? {} : { digest }) };
}

/**
 * JSON with object keys sorted and no whitespace: two documents that differ only in layout or key
 * order are the same document. Undefined when the text is not JSON.
 */
export function canonicalDocument(text: string): string | undefined {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 of the canonical form (of the text itself when it is not JSON). */
export function documentDigest(text: string): string {
  return sha256(canonicalDocument(text) ?? text);
}

export function sameDocument(a: string, b: string): boolean {
  const left = canonicalDocument(a);
  return left !== undefined && left === canonicalDocument(b);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
