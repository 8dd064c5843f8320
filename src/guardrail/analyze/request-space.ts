// The finite set of concrete API requests that stands for every request of one catalog action
// asking one question. Each request is built as the caller would send it (parameters, plus the
// resources it names as they exist), so the checks come from the catalog's own `deriveChecks` and
// the decision from the engine, exactly as in the local cloud.
//
// The request's dimensions — the ARN parts, the tags of the resources it names, the tags it sets or
// removes, the other context keys — each read only their own conditions, so one representative per
// class of each dimension, combined in every way, covers every combination of condition outcomes.
import { normalizeContextKey as normalizeKey } from "../../policy/index.js";
import { GLOBAL_CONTEXT_KEYS } from "../../catalog/index.js";
import type {
  ArnTemplate,
  Binding,
  CatalogEntry,
  ImageFacts,
  ImageSource,
  RequestParams,
  ResourceFacts,
  ResourceLookup,
  ResourceRef,
  TagPair,
  TagParam,
} from "../../catalog/index.js";
import type { ConditionClause, PrincipalInfo } from "../../policy/index.js";
import { exactAutomaton } from "./automaton.js";
import { ID_FORBIDDEN, exploreArnSpace } from "./arn-space.js";
import type { ArnAssignment, ArnShape, Segment, VariableSpec } from "./arn-space.js";
import { goldenFailures, tagsExempt } from "./criteria.js";
import type { AnalysisCriteria } from "./criteria.js";
import { clausesOf, namedTagKeys, statementPatternIndices } from "./statements.js";
import type { ActionView } from "./statements.js";
import { enumerateTagSpace, resourceTagCombinations } from "./tag-space.js";
import type { TagChoice } from "./tag-space.js";
import type { AssumedResource, BypassQuestion, ImageExemptionTag } from "./types.js";
import { stringAutomata, valueClasses } from "./value-classes.js";

export interface SpaceInput {
  readonly entry: CatalogEntry;
  readonly question: BypassQuestion;
  readonly view: ActionView;
  readonly principal: PrincipalInfo;
  readonly criteria: AnalysisCriteria;
  readonly protectedKeys: readonly string[];
  readonly imageExemption?: ImageExemptionTag;
  /** Requests are made from this instant on (`acs:CurrentTime`); absent: at any time. */
  readonly now?: Date;
  readonly maxStates: number;
  readonly maxCases: number;
}

/** One concrete request with the world it assumes. */
export interface Case {
  readonly params: RequestParams;
  readonly regionId: string;
  readonly assumes: readonly AssumedResource[];
  readonly lookup: ResourceLookup;
  /** The global keys the policies compare, as the cloud adds them to every check. */
  readonly globals: Readonly<Record<string, string>>;
  /** The ARNs the checks should name, from the same templates: a cross-check of this model. */
  readonly arns: readonly string[];
  readonly why: string;
  /** Smaller is simpler: the counterexample shown is the simplest one allowed. */
  readonly score: number;
}

/** What went wrong while enumerating, shared by the generator and its caller. */
export interface Tally {
  capped: boolean;
  readonly limits: string[];
}

const REGIONS = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1", "us-west-1", "eu-central-1"];
const OTHER_OWNERS = ["1999999999999999", "1888888888888888"];
const SOURCES_BY_SIMPLICITY: readonly ImageSource[] = ["Self", "Others", "System", "Marketplace"];
const PREFERRED_IDS: Readonly<Record<string, string>> = {
  ImageId: "m-analysis0001",
  InstanceId: "i-analysis0001",
  SnapshotId: "s-analysis0001",
  SecurityGroupId: "sg-analysis0001",
  SecurityGroupIds: "sg-analysis0002",
  VSwitchId: "vsw-analysis0001",
  KeyPairName: "analysis-key",
  ResourceId: "m-analysis0001",
};
const GLOBAL_DEFAULTS: Readonly<Record<string, string>> = {
  "acs:currenttime": "2025-06-01T00:00:00Z",
  "acs:securetransport": "true",
  "acs:sourceip": "203.0.113.10",
  "acs:mfapresent": "false",
  "acs:accessid": "LTAI5tAnalysisKey00000000",
};
/** Actions whose request has no `RegionId`: the region is the named instance's (docs/catalog.md). */
const NO_REGION_PARAM = new Set(["ecs:replacesystemdisk"]);
const PRINCIPAL_ARN_KEY = "acs:principalarn";
const CURRENT_TIME_KEY = "acs:currenttime";

// ---------------------------------------------------------------------------------------------
// Templates → shapes

/** How the image's (or the tag target's) owner enters the ARN: fixed, or a free variable. */
type OwnerPart = { readonly fixed: string } | { readonly variable: true };

interface Shaped {
  readonly shape: ArnShape;
  readonly template: ArnTemplate;
  /** For a bare `{ResourceARN}`: the parameter the whole ARN goes into. */
  readonly arnParam?: Extract<Binding, { from: "param" }>;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function toSegments(text: string, part: (placeholder: string) => Segment): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) segments.push({ text: text.slice(last, match.index) });
    segments.push(part(match[1] as string));
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return mergeText(segments);
}

function mergeText(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    if ("text" in segment && previous !== undefined && "text" in previous) {
      out[out.length - 1] = { text: previous.text + segment.text };
    } else out.push(segment);
  }
  return out;
}

function shapeTemplates(entry: CatalogEntry, accountId: string, owner: OwnerPart): Shaped[] {
  return entry.resources.map((template, index): Shaped => {
    const id = `${entry.ramAction}#${index}`;
    if (/^\{[A-Za-z][A-Za-z0-9]*\}$/.test(template.arn)) {
      // A whole ARN from a parameter (the Tag service): the analysis targets an image of the caller's.
      const name = template.arn.slice(1, -1);
      const binding = template.bindings[name];
      const form = "acs:ecs:{RegionId}:{AccountId}:image/{ResourceId}";
      const shape = {
        id,
        segments: toSegments(form, (p) =>
          p === "RegionId"
            ? { variable: "region" }
            : p === "AccountId"
              ? { text: accountId }
              : { variable: "ResourceId" },
        ),
      };
      return binding?.from === "param" ? { shape, template, arnParam: binding } : { shape, template };
    }
    const listVariable = Object.entries(template.bindings).find(
      ([, binding]) => binding.from === "param" && binding.list !== undefined,
    )?.[0];
    const segments = toSegments(template.arn, (placeholder) => {
      const binding = template.bindings[placeholder];
      switch (binding?.from) {
        case "account":
          return { text: accountId };
        case "region":
          return { variable: "region" };
        case "owner":
          return "fixed" in owner ? { text: owner.fixed } : { variable: "owner" };
        case "param":
          // Tag APIs name the target's type; the question is about images.
          if (binding.param === "ResourceType") return { text: "image" };
          return { variable: binding.param };
        default:
          return { text: "*" };
      }
    });
    const optional =
      template.when === undefined ? undefined : { maxCount: listVariable !== undefined ? Infinity : 1 };
    return { shape: optional === undefined ? { id, segments } : { id, segments, optional }, template };
  });
}

function paramBinding(entry: CatalogEntry, name: string): Extract<Binding, { from: "param" }> | undefined {
  for (const template of entry.resources) {
    const binding = Object.values(template.bindings).find((b) => b.from === "param" && b.param === name);
    if (binding !== undefined && binding.from === "param") return binding;
  }
  return undefined;
}

function writeParam(
  params: Record<string, string>,
  binding: Extract<Binding, { from: "param" }>,
  values: readonly string[],
): void {
  const present = values.filter((value) => value !== "*");
  if (present.length === 0) return;
  switch (binding.list) {
    case "repeated":
      present.forEach((value, i) => (params[`${binding.param}.${i + 1}`] = value));
      break;
    case "json":
      params[binding.param] = JSON.stringify(present);
      break;
    case "comma":
      params[binding.param] = present.join(",");
      break;
    case undefined:
      params[binding.param] = present[0] as string;
      break;
  }
}

function writeTags(params: Record<string, string>, tagParam: TagParam, tags: readonly TagPair[]): void {
  if (tags.length === 0) return;
  switch (tagParam.format) {
    case "pairs":
      tags.forEach((tag, i) => {
        params[`${tagParam.param}.${i + 1}.Key`] = tag.key;
        params[`${tagParam.param}.${i + 1}.Value`] = tag.value;
      });
      break;
    case "keys":
      tags.forEach((tag, i) => (params[`${tagParam.param}.${i + 1}`] = tag.key));
      break;
    case "json-map":
      params[tagParam.param] = JSON.stringify(Object.fromEntries(tags.map((tag) => [tag.key, tag.value])));
      break;
    case "json-pairs":
      params[tagParam.param] = JSON.stringify(tags.map((tag) => ({ Key: tag.key, Value: tag.value })));
      break;
  }
}

function arnText(shape: ArnShape, values: Readonly<Record<string, string>>, last?: string): string {
  return shape.segments
    .map((segment, i) =>
      "text" in segment
        ? segment.text
        : i === shape.segments.length - 1 && last !== undefined
          ? last
          : (values[segment.variable] ?? "*"),
    )
    .join("");
}

// ---------------------------------------------------------------------------------------------
// Condition-key dimensions

/** The value of `acs:PrincipalARN` for a principal: its own ARN, or the role's for a role session. */
export function principalArnValue(principal: PrincipalInfo): string {
  if (principal.type !== "AssumedRole") return principal.arn;
  const role = (principal.name ?? "").split("/")[0] ?? "";
  return `acs:ram::${principal.accountId}:role/${role.toLowerCase()}`;
}

/** Options per global key the policies compare; a key they do not compare cannot matter. */
export function globalDimensions(input: SpaceInput, tally: Tally): Record<string, string>[] {
  // What the cloud adds to every check (the catalog's list); `acs:PrincipalARN`, when the cloud
  // adds it, is the principal's and never free.
  const known = new Set<string>(GLOBAL_CONTEXT_KEYS.map(normalizeKey));
  // An image exemption's end is a time the question turns on: it cuts `acs:CurrentTime` as a
  // `DateLessThan` would, whether or not a policy compares the time.
  const ends = (input.question === "launch-non-golden" ? (input.imageExemption?.values ?? []) : []).flatMap(
    (entry) => (entry.until === undefined ? [] : [entry.until]),
  );
  const endClause: ConditionClause[] =
    ends.length === 0
      ? []
      : [{ operator: "DateLessThan", key: "acs:CurrentTime", normalizedKey: CURRENT_TIME_KEY, values: ends }];
  let combos: Record<string, string>[] = [{}];
  for (const key of known) {
    const clauses = [...clausesOf(input.view, key), ...(key === CURRENT_TIME_KEY ? endClause : [])];
    if (clauses.length === 0) continue;
    let options: string[];
    if (key === PRINCIPAL_ARN_KEY) options = [principalArnValue(input.principal)];
    else {
      const classes = valueClasses(clauses, {
        preferred: [GLOBAL_DEFAULTS[key] ?? "analysis"],
        // The cloud writes these itself, always well-formed.
        readableOnly: key !== "acs:accessid",
        ...(key === "acs:currenttime" && input.now !== undefined ? { notBefore: input.now } : {}),
        maxStates: input.maxStates,
      });
      if (classes.capped) tally.capped = true;
      tally.limits.push(...classes.limits.map((limit) => `\`${key}\` ${limit}`));
      options = [...classes.values];
    }
    combos = combos.flatMap((combo) => options.map((value) => ({ ...combo, [key]: value })));
  }
  return combos;
}

function keyOptions(
  input: SpaceInput,
  tally: Tally,
  key: string,
  preferred: string,
  optional: boolean,
): (string | undefined)[] {
  const clauses = clausesOf(input.view, key);
  if (clauses.length === 0) return optional ? [undefined] : [preferred];
  const classes = valueClasses(clauses, { preferred: [preferred], maxStates: input.maxStates });
  if (classes.capped) tally.capped = true;
  tally.limits.push(...classes.limits.map((limit) => `\`${key}\` ${limit}`));
  return [...(optional ? [undefined] : []), ...classes.values];
}

function resourceTagValues(input: SpaceInput, tally: Tally, extra: (key: string) => readonly string[]) {
  const cache = new Map<string, readonly string[]>();
  return (key: string): readonly string[] => {
    let values = cache.get(key);
    if (values === undefined) {
      const classes = valueClasses(clausesOf(input.view, `acs:ResourceTag/${key}`), {
        extraConstants: extra(key),
        preferred: ["analysis"],
        maxStates: input.maxStates,
      });
      if (classes.capped) tally.capped = true;
      tally.limits.push(...classes.limits.map((limit) => `\`acs:ResourceTag/${key}\` ${limit}`));
      values = classes.values;
      cache.set(key, values);
    }
    return values;
  };
}

function requestTagSpace(
  input: SpaceInput,
  tally: Tally,
  mustInclude: readonly string[] | undefined,
  removal: boolean,
  golden: (key: string) => readonly string[],
) {
  const named = [...new Set([...namedTagKeys(input.view, "request"), ...(mustInclude ?? [])])];
  const space = enumerateTagSpace({
    named,
    valuesOf: (key) => {
      if (removal) return [""];
      // A golden value first: giving an image `environment: production` is the attack to show.
      const classes = valueClasses(clausesOf(input.view, `acs:RequestTag/${key}`), {
        extraConstants: golden(key),
        preferred: [...golden(key), "analysis"],
        maxStates: input.maxStates,
      });
      if (classes.capped) tally.capped = true;
      tally.limits.push(...classes.limits.map((limit) => `\`acs:RequestTag/${key}\` ${limit}`));
      return classes.values;
    },
    tagKeyClauses: clausesOf(input.view, "acs:TagKeys"),
    ...(mustInclude === undefined ? {} : { mustInclude }),
    maxStates: input.maxStates,
    maxChoices: input.maxCases,
  });
  if (space.capped) tally.capped = true;
  tally.limits.push(...space.limits);
  return space.choices;
}

// ---------------------------------------------------------------------------------------------
// The world a case assumes

class World implements ResourceLookup {
  constructor(
    private readonly resources: readonly AssumedResource[],
    private readonly arns: ReadonlyMap<string, AssumedResource>,
  ) {}

  resource(ref: ResourceRef): ResourceFacts | undefined {
    const found =
      ref.by === "arn"
        ? this.arns.get(ref.arn)
        : this.resources.find((r) => r.kind === ref.type && r.id === ref.id);
    return found === undefined ? undefined : facts(found);
  }

  image(ref: { readonly imageId?: string; readonly regionId: string }): ImageFacts | undefined {
    const found = this.resources.find((r) => r.kind === "image" && r.id === ref.imageId);
    if (found === undefined) return undefined;
    return {
      ...facts(found),
      imageId: found.id,
      ownerId: found.ownerId,
      source: found.source ?? "Self",
      ...(found.platform === undefined ? {} : { platform: found.platform }),
    };
  }

  rdPath(): string | undefined {
    return undefined;
  }
}

function facts(resource: AssumedResource): ResourceFacts {
  return {
    regionId: resource.regionId,
    ownerId: resource.ownerId,
    tags: resource.tags,
    ...(resource.instanceType === undefined ? {} : { instanceType: resource.instanceType }),
  };
}

// ---------------------------------------------------------------------------------------------
// Enumeration

interface Variant {
  readonly source?: ImageSource;
  readonly owner: OwnerPart;
}

function variantsOf(input: SpaceInput): Variant[] {
  const account = input.principal.accountId;
  const hasOwner = input.entry.resources.some((t) =>
    Object.values(t.bindings).some((b) => b.from === "owner"),
  );
  if (input.question === "launch-non-golden") {
    return SOURCES_BY_SIMPLICITY.map((source) => ({
      source,
      owner:
        source === "Self" ? { fixed: account } : source === "Others" ? { variable: true } : { fixed: "" },
    }));
  }
  if (input.question === "create-tagged" && hasOwner) {
    // The source image of a copy: the caller's own, or one shared with it.
    return [
      { source: "Self", owner: { fixed: account } },
      { source: "Others", owner: { variable: true } },
    ];
  }
  // Only an image's owner can tag it.
  return [{ source: "Self", owner: { fixed: account } }];
}

function variables(input: SpaceInput, shapes: readonly Shaped[]): Record<string, VariableSpec> {
  const account = input.principal.accountId;
  const specs: Record<string, VariableSpec> = {};
  const mentionedRegions = input.view.patterns
    .map((pattern) => pattern.split(":")[2] ?? "")
    .filter((region) => region !== "" && !/[*?]/.test(region));
  for (const { shape } of shapes) {
    for (const segment of shape.segments) {
      if (!("variable" in segment) || specs[segment.variable] !== undefined) continue;
      const name = segment.variable;
      if (name === "region" || name === "DestinationRegionId") {
        specs[name] = {
          preferred: [...REGIONS, ...mentionedRegions, ...(name === "DestinationRegionId" ? ["*"] : [])],
          nonEmpty: true,
        };
      } else if (name === "owner") {
        const ownerClauses = clausesOf(input.view, "ecs:ImageOwnerId");
        const trusted = input.criteria.trustedOwners ?? [];
        specs[name] = {
          preferred: [...OTHER_OWNERS.filter((o) => o !== account), ...trusted],
          nonEmpty: true,
          exclude: ["", account],
          valueTests: [...stringAutomata(ownerClauses), ...trusted.map((o) => exactAutomaton(o))],
          forbidden: ID_FORBIDDEN,
        };
      } else {
        specs[name] = {
          preferred: [PREFERRED_IDS[name] ?? `${name.toLowerCase()}-analysis`],
          nonEmpty: true,
        };
      }
    }
  }
  return specs;
}

/** The cases of one (principal, action, question), simplest dimensions first; stops at `maxCases`. */
export function* enumerateCases(input: SpaceInput, tally: Tally): Generator<Case> {
  const { entry, question, criteria } = input;
  const account = input.principal.accountId;
  // Where the check's keys come from: which dimensions this action has at all.
  const keys = new Set(
    entry.contextKeys.map((spec) => (typeof spec.source === "object" ? "param" : spec.source)),
  );
  const globals = globalDimensions(input, tally);
  const required = new Map(criteria.requiredTags.map((tag) => [tag.key, tag.values]));

  // Tags of the resource the check reads tags from (the image, the tag target, the copy's source).
  const resourceKeys = [
    ...new Set([
      ...namedTagKeys(input.view, "resource"),
      ...(question === "launch-non-golden"
        ? [...required.keys(), ...(input.imageExemption === undefined ? [] : [input.imageExemption.key])]
        : []),
    ]),
  ];
  // The values the question tells apart, besides the policies' constants.
  const questionValues = (key: string): readonly string[] => [
    ...(required.get(key) ?? []),
    ...(input.imageExemption?.key === key ? input.imageExemption.values.map((entry) => entry.value) : []),
  ];
  const tagValues = resourceTagValues(input, tally, (key) =>
    question === "launch-non-golden" ? questionValues(key) : [],
  );
  const resourceTagSets = keys.has("resource-tags")
    ? [...resourceTagCombinations(resourceKeys, tagValues)]
    : [{}];

  const mustInclude = question === "launch-non-golden" ? undefined : input.protectedKeys;
  const setChoices: readonly TagChoice[] =
    entry.requestTags === undefined
      ? [{ tags: [] }]
      : requestTagSpace(input, tally, mustInclude, false, questionValues);
  const removeChoices: readonly TagChoice[] =
    entry.removedTagKeys === undefined
      ? [{ tags: [] }]
      : requestTagSpace(input, tally, mustInclude, true, questionValues);

  const platforms = keys.has("image-platform")
    ? keyOptions(input, tally, "ecs:ImagePlatform", "CentOS", true)
    : [undefined];
  const instanceTypes = keys.has("instance-type")
    ? keyOptions(input, tally, "ecs:InstanceType", "ecs.g7.large", false)
    : [undefined];
  const paramKeys = entry.contextKeys.flatMap((spec) =>
    typeof spec.source === "object" ? [{ key: spec.key, param: spec.source.param }] : [],
  );
  let paramCombos: Record<string, string>[] = [{}];
  for (const { key, param } of paramKeys) {
    const options = keyOptions(input, tally, key, "analysis", true);
    paramCombos = paramCombos.flatMap((combo) =>
      options.map((value) => (value === undefined ? combo : { ...combo, [param]: value })),
    );
  }
  const readsInstance = entry.resources.some((t) => t.target === "InstanceId" && t.when === undefined);

  let emitted = 0;
  for (const variant of variantsOf(input)) {
    const shaped = shapeTemplates(entry, account, variant.owner);
    const space = exploreArnSpace({
      shapes: shaped.map((s) => s.shape),
      variables: variables(input, shaped),
      patterns: input.view.patterns,
      // An image-consuming request is one check over all its ARNs; the others check each on its own.
      checkOf: shaped.map((_, i) => (entry.checkKind === "image-consuming" ? 0 : i)),
      // A check on an existing resource carries its tags; one on `image/*` (the new image) does not.
      contextOf: shaped.map((s) =>
        entry.checkKind === "image-consuming" || s.template.target === undefined ? "" : "tagged",
      ),
      statements: statementPatternIndices(input.view),
      maxStates: input.maxStates,
      maxAssignments: input.maxCases,
    });
    if (space.capped) tally.capped = true;
    tally.limits.push(...space.limits);

    for (const assignment of space.assignments) {
      const base = baseRequest(input, shaped, assignment, variant, readsInstance);
      for (const resourceTags of resourceTagSets) {
        const image = base.image(resourceTags);
        let why: string | undefined;
        const facts = { tags: image.tags, ownerId: image.ownerId, source: image.source ?? "Self" };
        let exempted: ((time: string | undefined) => boolean) | undefined;
        if (question === "launch-non-golden") {
          const failures = goldenFailures(criteria, facts);
          if (failures.length === 0) continue;
          why = `the image ${failures.join("; ")}`;
          // An exemption excuses the tags only while it holds: judged at each request's time.
          if (tagsExempt(input.imageExemption, image.tags, undefined)) {
            exempted = (time) =>
              tagsExempt(input.imageExemption, image.tags, time) &&
              goldenFailures(criteria, facts, true).length === 0;
          }
        }
        for (const set of setChoices) {
          for (const removed of removeChoices) {
            const touched = [...set.tags, ...removed.tags]
              .map((tag) => tag.key)
              .filter((key) => input.protectedKeys.includes(key));
            const caseWhy =
              why ??
              (question === "tag-protected"
                ? `${set.tags.some((t) => input.protectedKeys.includes(t.key)) ? "sets" : "removes"} protected tag key ${listKeys(touched)}`
                : `the new image carries protected tag key ${listKeys(touched)}`);
            for (const platform of platforms) {
              for (const instanceType of instanceTypes) {
                for (const paramCombo of paramCombos) {
                  for (const global of globals) {
                    if (exempted?.(global[CURRENT_TIME_KEY]) === true) continue;
                    if (emitted >= input.maxCases) {
                      tally.capped = true;
                      return;
                    }
                    emitted++;
                    yield base.build({
                      resourceTags,
                      set: set.tags,
                      removed: removed.tags,
                      platform,
                      instanceType,
                      paramCombo,
                      global,
                      why: caseWhy,
                    });
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

function listKeys(keys: readonly string[]): string {
  return [...new Set(keys)].map((key) => `\`${key}\``).join(", ");
}

interface Parts {
  readonly resourceTags: Readonly<Record<string, string>>;
  readonly set: readonly TagPair[];
  readonly removed: readonly TagPair[];
  readonly platform: string | undefined;
  readonly instanceType: string | undefined;
  readonly paramCombo: Readonly<Record<string, string>>;
  readonly global: Readonly<Record<string, string>>;
  readonly why: string;
}

function baseRequest(
  input: SpaceInput,
  shaped: readonly Shaped[],
  assignment: ArnAssignment,
  variant: Variant,
  readsInstance: boolean,
) {
  const { entry } = input;
  const account = input.principal.accountId;
  const values = assignment.values;
  const region = values["region"] ?? values["DestinationRegionId"] ?? REGIONS[0] ?? "cn-hangzhou";
  const owner = "fixed" in variant.owner ? variant.owner.fixed : (values["owner"] ?? "");
  const kind = entry.checkKind;

  const params: Record<string, string> = {};
  if (!NO_REGION_PARAM.has(entry.ramAction.toLowerCase()) && values["region"] !== undefined)
    params["RegionId"] = region;
  const arns: string[] = [];
  for (const { shape, arnParam } of shaped) {
    if (shape.optional !== undefined) {
      const last = shape.segments[shape.segments.length - 1];
      const name = last !== undefined && "variable" in last ? last.variable : "";
      const list = assignment.lists[name] ?? [];
      const binding = paramBinding(entry, name);
      if (binding !== undefined) writeParam(params, binding, list);
      for (const value of list) arns.push(arnText(shape, values, value));
      continue;
    }
    const text = arnText(shape, values);
    arns.push(text);
    if (arnParam !== undefined) writeParam(params, arnParam, [text]);
  }
  for (const [name, value] of Object.entries(values)) {
    if (
      name === "region" ||
      name === "owner" ||
      (name === "ResourceId" && shaped.some((s) => s.arnParam !== undefined))
    )
      continue;
    const binding = paramBinding(entry, name);
    if (binding !== undefined) writeParam(params, binding, [value]);
  }
  // CreateImage from snapshots alone names neither an instance nor a snapshot the catalog checks.
  const fromMappings =
    entry.apiAction === "CreateImage" &&
    (assignment.lists["InstanceId"] ?? []).length === 0 &&
    (assignment.lists["SnapshotId"] ?? []).length === 0;
  if (fromMappings) params["DiskDeviceMapping.1.SnapshotId"] = PREFERRED_IDS["SnapshotId"] as string;
  const resourceType = Object.values(entry.resources[0]?.bindings ?? {}).some(
    (b) => b.from === "param" && b.param === "ResourceType",
  );
  if (resourceType) params["ResourceType"] = "image";

  // The resource whose tags the question reads: the image used, the image tagged, or the source copied.
  const tagged = ((): { kind: AssumedResource["kind"]; id: string } | undefined => {
    if (kind === "image-consuming") return { kind: "image", id: values["ImageId"] ?? "" };
    if (kind === "tag-mutating") return { kind: "image", id: values["ResourceId"] ?? "" };
    if (values["ImageId"] !== undefined) return { kind: "image", id: values["ImageId"] };
    const instance = assignment.lists["InstanceId"]?.[0];
    if (instance !== undefined) return { kind: "instance", id: instance };
    const snapshot = assignment.lists["SnapshotId"]?.[0];
    if (snapshot !== undefined) return { kind: "snapshot", id: snapshot };
    return undefined;
  })();
  const taggedArn = shaped.find((s) => s.arnParam !== undefined);

  const image = (tags: Readonly<Record<string, string>>): AssumedResource => ({
    kind: tagged?.kind ?? "image",
    id: tagged?.id ?? "",
    regionId: region,
    ownerId: tagged?.kind === "image" ? owner : account,
    tags,
    ...(tagged?.kind === "image" && variant.source !== undefined ? { source: variant.source } : {}),
  });

  return {
    image,
    build(parts: Parts): Case {
      const request: Record<string, string> = { ...params, ...parts.paramCombo };
      if (entry.requestTags !== undefined) writeTags(request, entry.requestTags, parts.set);
      if (entry.removedTagKeys !== undefined) writeTags(request, entry.removedTagKeys, parts.removed);
      const assumes: AssumedResource[] = [];
      if (tagged !== undefined) {
        const resource = image(parts.resourceTags);
        assumes.push(parts.platform === undefined ? resource : { ...resource, platform: parts.platform });
      }
      // A request naming both an instance and a snapshot (the catalog checks both; the cloud refuses
      // it) reads the same tags from each, as the enumeration assumed.
      const snapshot = assignment.lists["SnapshotId"]?.[0];
      if (tagged?.kind === "instance" && snapshot !== undefined) {
        assumes.push({
          kind: "snapshot",
          id: snapshot,
          regionId: region,
          ownerId: account,
          tags: parts.resourceTags,
        });
      }
      if (parts.instanceType !== undefined) {
        if (readsInstance) {
          const id = values["InstanceId"] ?? "";
          assumes.push({
            kind: "instance",
            id,
            regionId: region,
            ownerId: account,
            tags: {},
            instanceType: parts.instanceType,
          });
        } else request["InstanceType"] = parts.instanceType;
      } else if (readsInstance) {
        assumes.push({
          kind: "instance",
          id: values["InstanceId"] ?? "",
          regionId: region,
          ownerId: account,
          tags: {},
        });
      }
      const byArn = new Map<string, AssumedResource>();
      if (taggedArn !== undefined && assumes[0] !== undefined)
        byArn.set(arnText(taggedArn.shape, values), assumes[0]);
      const score =
        Object.keys(request).length +
        Object.keys(parts.resourceTags).length +
        Object.keys(parts.global).length +
        (variant.source === undefined || variant.source === "Self" ? 0 : 1) +
        // Creating an image from an instance reads more naturally than from snapshots.
        (fromMappings || tagged?.kind === "snapshot" ? 1 : 0);
      return {
        params: request,
        regionId: region,
        assumes,
        lookup: new World(assumes, byArn),
        globals: parts.global,
        arns,
        why: parts.why,
        score,
      };
    },
  };
}
