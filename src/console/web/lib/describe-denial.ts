import type { DecodedDenial } from "./denial-types.js";

// A refused call in sentences: which policy and statement decided, and what the image (or other
// resource) lacks. Pure: the explanation comes from ram:DecodeDiagnosticMessage, the required tags
// (when known, e.g. the guardrail's golden criteria) from the caller.

export interface RequiredTag {
  readonly key: string;
  readonly value: string;
}

export interface TagShortfall {
  readonly key: string;
  /** What the policy or criteria want, when known. */
  readonly wanted?: string;
  /** What the resource has; undefined when the tag is absent. */
  readonly actual?: string;
}

export interface DescribeDenialOptions {
  /** Tags the resource should carry (e.g. the guardrail's golden criteria), to name wanted values. */
  readonly requiredTags?: readonly RequiredTag[];
  /** Display names by resource id (`m-bp…` → `legacy-web-image`), to name the resource as the page does. */
  readonly resourceNames?: Readonly<Record<string, string>>;
}

export interface DenialDescription {
  /** "Denied explicitly by control policy `golden-image-guardrail` (v1), statement 1 `DenyLaunch…`, attached to folder Production". */
  readonly decidedBy: string;
  /** "The request was for ecs:RunInstances on …". */
  readonly action: string;
  /** The resource's tags as the check saw them (`acs:ResourceTag/<key>`). */
  readonly resourceTags: readonly RequiredTag[];
  /** Required tags that are absent or carry another value. */
  readonly lacks: readonly TagShortfall[];
  /** Whose tags the check carried: "The image `legacy-web-image`", or "The resource" when unknown. */
  readonly subject: string;
  /** Every sentence, in reading order. */
  readonly sentences: readonly string[];
}

const POLICY_TYPE_LABEL: Readonly<Record<string, string>> = {
  ControlPolicy: "control policy",
  AccountLevelIdentityBasedPolicy: "RAM policy",
  SessionPolicy: "session policy",
  AssumeRolePolicy: "role trust policy",
};

const RESOURCE_TAG = "acs:resourcetag/";

const RESOURCE_TYPE_LABEL: Readonly<Record<string, string>> = {
  image: "image",
  instance: "instance",
  securitygroup: "security group",
  vswitch: "vSwitch",
  disk: "disk",
  snapshot: "snapshot",
};

/**
 * Whose tags `acs:ResourceTag/*` held: the one resource of the check, or — in the catalog's
 * image-consuming checks (RunInstances, ReplaceSystemDisk: one check over the instance, the image,
 * the security group…) — the image, whose tags those checks carry.
 */
function subjectOf(resources: readonly string[], names: Readonly<Record<string, string>>): string {
  const images = resources.filter((arn) => /:image\/[^/*]+$/.test(arn));
  const arn = resources.length === 1 ? resources[0] : images.length === 1 ? images[0] : undefined;
  const found = arn === undefined ? null : /:([a-z]+)\/([^/]+)$/.exec(arn);
  const type = found?.[1];
  const id = found?.[2];
  if (type === undefined || id === undefined || id === "*") return "The resource";
  return `The ${RESOURCE_TYPE_LABEL[type] ?? type} \`${names[id] ?? id}\``;
}

function valuesOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

function describeDecider(explanation: DecodedDenial): string {
  const by = explanation.decidedBy;
  const type = POLICY_TYPE_LABEL[by.policyType] ?? by.policyType;
  const how = explanation.result === "ExplicitDeny" ? "Denied explicitly" : "Not allowed (implicit deny)";
  if (by.policyName === undefined) {
    return `${how}: ${by.reason}`;
  }
  const version = by.policyVersion === undefined ? "" : ` (${by.policyVersion})`;
  const statement =
    by.statementIndex === undefined
      ? ""
      : `, statement ${by.statementIndex + 1}${by.sid === undefined ? "" : ` \`${by.sid}\``}`;
  const node =
    by.rdNode === undefined
      ? ""
      : `, attached to ${by.rdNode.type.toLowerCase()} ${by.rdNode.name} (${by.rdNode.id})`;
  return `${how} by ${type} \`${by.policyName}\`${version}${statement}${node}: ${by.reason}`;
}

export function describeDenial(
  explanation: DecodedDenial,
  options: DescribeDenialOptions = {},
): DenialDescription {
  const context = explanation.request.context as Readonly<Record<string, string | readonly string[]>>;
  const resourceTags: RequiredTag[] = [];
  for (const [key, value] of Object.entries(context)) {
    if (!key.toLowerCase().startsWith(RESOURCE_TAG)) continue;
    for (const v of valuesOf(value)) resourceTags.push({ key: key.slice(RESOURCE_TAG.length), value: v });
  }
  const tagValue = (key: string): string | undefined =>
    resourceTags.find((tag) => tag.key.toLowerCase() === key.toLowerCase())?.value;

  const lacks: TagShortfall[] = [];
  const seen = new Set<string>();
  for (const wanted of options.requiredTags ?? []) {
    const actual = tagValue(wanted.key);
    seen.add(wanted.key.toLowerCase());
    if (actual !== wanted.value) {
      lacks.push({ key: wanted.key, wanted: wanted.value, ...(actual === undefined ? {} : { actual }) });
    }
  }
  // Tag keys a policy condition named that the resource does not carry at all.
  for (const key of explanation.absentKeys) {
    const lower = key.toLowerCase();
    if (!lower.startsWith(RESOURCE_TAG)) continue;
    const tagKey = key.slice(RESOURCE_TAG.length);
    if (seen.has(tagKey.toLowerCase())) continue;
    seen.add(tagKey.toLowerCase());
    lacks.push({ key: tagKey });
  }

  const decidedBy = describeDecider(explanation);
  const resources = explanation.request.resources;
  const subject = subjectOf(resources, options.resourceNames ?? {});
  const action = `The request was ${explanation.request.action} on ${resources.length === 1 ? resources[0] : `${resources.length} resources (${resources.join(", ")})`}.`;
  const sentences = [`${decidedBy}.`, action];
  if (lacks.length > 0) {
    const parts = lacks.map((lack) =>
      lack.actual === undefined
        ? `no \`${lack.key}\` tag${lack.wanted === undefined ? "" : ` (needs \`${lack.key}=${lack.wanted}\`)`}`
        : `\`${lack.key}=${lack.actual}\` instead of \`${lack.key}=${lack.wanted ?? "?"}\``,
    );
    sentences.push(`${subject} has ${parts.join(", ")}.`);
  } else if (resourceTags.length > 0) {
    sentences.push(`${subject}'s tags: ${resourceTags.map((t) => `\`${t.key}=${t.value}\``).join(", ")}.`);
  }
  const other = explanation.absentKeys.filter((key) => !key.toLowerCase().startsWith(RESOURCE_TAG));
  if (other.length > 0) {
    sentences.push(
      `The policies named condition keys the request did not carry: ${other.map((k) => `\`${k}\``).join(", ")}.`,
    );
  }
  return { decidedBy, action, resourceTags, lacks, subject, sentences };
}
