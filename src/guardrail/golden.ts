// Is an image golden? The spec's criteria judged on one image's facts, as data: every failed
// criterion with what was expected and found. Pure: `now` is passed in. The tag, owner and source
// criteria are the ones the generated policies enforce at launch, and they are judged here exactly
// as those policies judge them (case-sensitive values, no owner for Alibaba-provided images); age
// and deprecation cannot be written in a policy, so only the scan enforces them.
import type { ImageSource } from "../catalog/index.js";
import type { GuardrailSpec } from "./spec/types.js";

export interface GoldenImageFacts {
  readonly imageId: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The owning account; absent or `""` for Alibaba-provided (System, Marketplace) images. */
  readonly ownerId?: string;
  readonly source: ImageSource;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601, when the image was deprecated. */
  readonly deprecatedAt?: string;
  /** Deprecated with no known time (then the grace period cannot have started: it has ended). */
  readonly deprecated?: boolean;
}

export type GoldenFailure =
  | {
      readonly reason: "missing-tag";
      readonly key: string;
      readonly allowed: readonly string[];
      /** The value the image has, when it has the key. */
      readonly actual?: string;
      readonly message: string;
    }
  | {
      readonly reason: "untrusted-owner";
      readonly ownerId?: string;
      readonly trustedOwners: readonly string[];
      readonly message: string;
    }
  | {
      readonly reason: "disallowed-source";
      readonly source: ImageSource;
      readonly allowedSources: readonly ImageSource[];
      readonly message: string;
    }
  | {
      readonly reason: "too-old";
      readonly createdAt: string;
      /** Whole days since creation; absent when `createdAt` cannot be read (judged too old). */
      readonly ageDays?: number;
      readonly maxImageAgeDays: number;
      readonly message: string;
    }
  | {
      readonly reason: "deprecated-past-grace";
      readonly deprecatedAt?: string;
      readonly graceDays: number;
      /** When the grace period ended; absent when the deprecation time is unknown. */
      readonly graceEndedAt?: string;
      readonly message: string;
    };

export type GoldenFailureReason = GoldenFailure["reason"];

/** Reasons the generated policies block at launch; the others only the scan finds. */
export const POLICY_ENFORCED_REASONS: readonly GoldenFailureReason[] = [
  "missing-tag",
  "untrusted-owner",
  "disallowed-source",
];

export interface GoldenVerdict {
  readonly imageId: string;
  readonly compliant: boolean;
  /** Every failed criterion, in the order of the spec: tags, owner, source, age, deprecation. */
  readonly failures: readonly GoldenFailure[];
}

const DAY_MS = 86_400_000;

/** Sources whose images have no owner account: trusted owners cannot vouch for them, the source can. */
const OWNERLESS_SOURCES: readonly ImageSource[] = ["System", "Marketplace"];

export function evaluateGoldenCriteria(
  spec: Pick<GuardrailSpec, "golden">,
  image: GoldenImageFacts,
  now: Date,
): GoldenVerdict {
  const criteria = spec.golden;
  const failures: GoldenFailure[] = [];

  for (const tag of criteria.requiredTags) {
    const actual = Object.hasOwn(image.tags, tag.key) ? image.tags[tag.key] : undefined;
    if (actual !== undefined && tag.values.includes(actual)) continue;
    failures.push({
      reason: "missing-tag",
      key: tag.key,
      allowed: tag.values,
      ...(actual === undefined ? {} : { actual }),
      message:
        actual === undefined
          ? `image lacks tag \`${tag.key}\` (allowed: ${list(tag.values)})`
          : `image's tag \`${tag.key}\` is \`${actual}\`, not one of ${list(tag.values)}`,
    });
  }

  const owner = image.ownerId === undefined || image.ownerId === "" ? undefined : image.ownerId;
  if (
    criteria.trustedOwners !== undefined &&
    !(owner !== undefined && criteria.trustedOwners.includes(owner))
  ) {
    // An explicitly allowed Alibaba-provided source stands in for an owner (the policy does the same).
    const vouched = OWNERLESS_SOURCES.filter((source) => criteria.allowedSources?.includes(source));
    if (!vouched.includes(image.source)) {
      failures.push({
        reason: "untrusted-owner",
        ...(owner === undefined ? {} : { ownerId: owner }),
        trustedOwners: criteria.trustedOwners,
        message:
          owner === undefined
            ? `image has no owner account (source \`${image.source}\`), and only images of ${list(criteria.trustedOwners)} are trusted`
            : `image's owner \`${owner}\` is not a trusted owner (${list(criteria.trustedOwners)})`,
      });
    }
  }

  if (criteria.allowedSources !== undefined && !criteria.allowedSources.includes(image.source)) {
    failures.push({
      reason: "disallowed-source",
      source: image.source,
      allowedSources: criteria.allowedSources,
      message: `image source \`${image.source}\` is not allowed (allowed: ${list(criteria.allowedSources)})`,
    });
  }

  if (criteria.maxImageAgeDays !== undefined) {
    const created = Date.parse(image.createdAt);
    const age = (now.getTime() - created) / DAY_MS;
    // An unreadable creation time fails the criterion: an image of unknown age is not known golden.
    if (Number.isNaN(created) || age > criteria.maxImageAgeDays) {
      failures.push({
        reason: "too-old",
        createdAt: image.createdAt,
        ...(Number.isNaN(created) ? {} : { ageDays: Math.floor(age) }),
        maxImageAgeDays: criteria.maxImageAgeDays,
        message: Number.isNaN(created)
          ? `image's creation time \`${image.createdAt}\` cannot be read, so its age is unknown`
          : `image is ${Math.floor(age)} days old, older than ${criteria.maxImageAgeDays} days`,
      });
    }
  }

  const deprecation = deprecationFailure(criteria.deprecationGraceDays, image, now);
  if (deprecation !== undefined) failures.push(deprecation);

  return { imageId: image.imageId, compliant: failures.length === 0, failures };
}

function deprecationFailure(
  graceDays: number,
  image: GoldenImageFacts,
  now: Date,
): GoldenFailure | undefined {
  if (image.deprecatedAt === undefined) {
    if (image.deprecated !== true) return undefined;
    return {
      reason: "deprecated-past-grace",
      graceDays,
      message: "image is deprecated, and since when is unknown, so its grace period is taken as over",
    };
  }
  const deprecated = Date.parse(image.deprecatedAt);
  const graceEnds = deprecated + graceDays * DAY_MS;
  if (!Number.isNaN(deprecated) && now.getTime() < graceEnds) return undefined;
  return {
    reason: "deprecated-past-grace",
    deprecatedAt: image.deprecatedAt,
    graceDays,
    ...(Number.isNaN(deprecated) ? {} : { graceEndedAt: new Date(graceEnds).toISOString() }),
    message: Number.isNaN(deprecated)
      ? `image is deprecated at an unreadable time \`${image.deprecatedAt}\``
      : `image was deprecated at \`${image.deprecatedAt}\`; its ${graceDays}-day grace period is over`,
  };
}

function list(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(", ");
}
