// What the bypass analysis asks about an image: the part of the golden criteria a policy can see at
// authorization time (tags, owner, source). The spec's `GoldenCriteria` (src/guardrail/spec) fits
// this shape as it is; age and deprecation are left out because no condition key carries them, so
// no policy can allow or deny on them (the scan enforces those).
import type { ImageSource } from "../../catalog/index.js";

export interface RequiredTagCriterion {
  readonly key: string;
  /** Any one of these values passes (case-sensitive, like tag values). */
  readonly values: readonly string[];
}

export interface AnalysisCriteria {
  readonly requiredTags: readonly RequiredTagCriterion[];
  /** Account ids whose images may be golden; absent or empty: any owner. */
  readonly trustedOwners?: readonly string[];
  /** Image sources that may be golden; absent or empty: any source. */
  readonly allowedSources?: readonly ImageSource[];
  /** Keys only the pipeline may set or remove; absent or empty: the required tags' keys. */
  readonly protectedTagKeys?: readonly string[];
}

/** The image facts the criteria are judged on: what an image-consuming check carries. */
export interface ImageUnderTest {
  readonly tags: Readonly<Record<string, string>>;
  /** `""` for Alibaba-provided images, which have no owner account. */
  readonly ownerId: string;
  readonly source: ImageSource;
}

export function protectedTagKeys(criteria: AnalysisCriteria): readonly string[] {
  const keys =
    criteria.protectedTagKeys !== undefined && criteria.protectedTagKeys.length > 0
      ? criteria.protectedTagKeys
      : criteria.requiredTags.map((tag) => tag.key);
  return [...new Set(keys)];
}

/**
 * Whether an image exemption lets the image past the tag criteria at `time` (ISO 8601; absent: at
 * any time an exemption without end holds, and at `now` for the others).
 */
export function tagsExempt(
  exemption:
    | {
        readonly key: string;
        readonly values: readonly { readonly value: string; readonly until?: string }[];
      }
    | undefined,
  tags: Readonly<Record<string, string>>,
  time: string | undefined,
): boolean {
  if (exemption === undefined) return false;
  const value = tags[exemption.key];
  if (value === undefined) return false;
  return exemption.values.some(
    (entry) =>
      entry.value === value &&
      (entry.until === undefined || time === undefined || Date.parse(time) < Date.parse(entry.until)),
  );
}

/**
 * Why the image is not golden, one lower-case reason per failed criterion; empty when it is golden.
 * An Alibaba-provided image has no owner account: it passes the owner criterion only when its source
 * is explicitly allowed, as the generated policies treat it (an absent `ecs:ImageOwnerId` fails
 * `StringNotEquals`, so only an `ecs:ImageSource` exception lets it through).
 */
export function goldenFailures(
  criteria: AnalysisCriteria,
  image: ImageUnderTest,
  exemptTags = false,
): string[] {
  const reasons: string[] = [];
  // An exempted image passes the tag criteria only, as the generated launch statements let it.
  for (const required of exemptTags ? [] : criteria.requiredTags) {
    const value = image.tags[required.key];
    if (value === undefined) reasons.push(`lacks tag \`${required.key}\``);
    else if (!required.values.includes(value))
      reasons.push(`tag \`${required.key}\` is \`${value}\`, not one of ${list(required.values)}`);
  }
  const sources = criteria.allowedSources ?? [];
  const sourceAllowed = sources.length === 0 || sources.includes(image.source);
  if (!sourceAllowed) reasons.push(`source \`${image.source}\` is not one of ${list(sources)}`);
  const owners = criteria.trustedOwners ?? [];
  if (owners.length > 0) {
    if (image.ownerId === "") {
      if (!(sources.length > 0 && sources.includes(image.source)))
        reasons.push(`an Alibaba-provided image (\`${image.source}\`) has no trusted owner`);
    } else if (!owners.includes(image.ownerId)) {
      reasons.push(`owner \`${image.ownerId}\` is not one of ${list(owners)}`);
    }
  }
  return reasons;
}

function list(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(", ");
}
