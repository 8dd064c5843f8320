// From one API request to the authorization checks it makes (spec §6), mechanically from the
// entry. The world (which tags a resource has, who owns an image) comes through `ResourceLookup`,
// so the local cloud answers it from its store and the simulator from a scenario.
import type { AuthRequest } from "../policy/index.js";
import { expandArn } from "./arn.js";
import { buildContext } from "./build-context.js";
import { bindingValues, conditionHolds, readTags } from "./params.js";
import type { RequestParams } from "./params.js";
import { planOf } from "./template-plan.js";
import type { ArnTemplate, CatalogEntry } from "./types.js";

export type ImageSource = "System" | "Self" | "Others" | "Marketplace";

/** What the catalog needs to know about a resource a request names. */
export interface ResourceFacts {
  readonly regionId?: string;
  /** The owning account; the empty string for Alibaba-provided images. */
  readonly ownerId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Instances only: their type, for `ecs:InstanceType` of requests that do not send one. */
  readonly instanceType?: string;
}

export interface ImageFacts extends ResourceFacts {
  readonly imageId: string;
  readonly ownerId: string;
  readonly source: ImageSource;
  /** `CentOS`, `Windows Server 2019`, … as ECS reports `Platform`. */
  readonly platform?: string;
}

/** A resource named by type and id (`ecs`, `instance`, `i-123`) or, by the Tag service, by ARN. */
export type ResourceRef =
  | {
      readonly by: "id";
      readonly service: string;
      readonly type: string;
      readonly id: string;
      /** The region the request addresses; absent when it does not say (ids are unique across regions). */
      readonly regionId?: string;
    }
  | { readonly by: "arn"; readonly arn: string };

export interface ResourceLookup {
  /**
   * Any resource a request names, Alibaba-provided images included (with owner `""`). Undefined when
   * there is no such resource: the check then names it in the caller's account, untagged.
   */
  resource(ref: ResourceRef): ResourceFacts | undefined;
  /** The image an image-consuming request uses: by id, else the newest available image of the family. */
  image(ref: {
    readonly imageId?: string;
    readonly imageFamily?: string;
    readonly regionId: string;
  }): ImageFacts | undefined;
  /** Resource Directory path of a folder or member account (`rd-x/r-y/fd-z`); undefined id = the Root folder. */
  rdPath(nodeId: string | undefined): string | undefined;
}

export interface DeriveInput {
  /** The request's parameters, flattened as they arrive (`Tag.1.Key`). */
  readonly params: RequestParams;
  /** The account the request acts in. */
  readonly accountId: string;
  /** The region the request was sent to, used when neither the request nor a named resource says. */
  readonly regionId: string;
  /** The caller's RAM user name, for RAM actions whose absent `UserName` means the caller. */
  readonly callerUserName?: string;
}

interface Env {
  readonly input: DeriveInput;
  /** The request's parameter names, read once for every reader of flattened lists and tags. */
  readonly names: readonly string[];
  readonly lookup: ResourceLookup;
  readonly region: string;
}

/** One ARN of a check, with what is known about the resource it names. */
interface Expansion {
  readonly arn: string;
  readonly resourceType: string | undefined;
  readonly facts: ResourceFacts | undefined;
}

/** A fixed value and facts for a template's target, as image-consuming actions resolve the image first. */
interface TargetOverride {
  readonly value: string;
  readonly facts: ResourceFacts;
}

/** The resource a template's target names, as the lookup wants it; undefined when there is none to ask about. */
function targetRef(
  template: ArnTemplate,
  values: Readonly<Record<string, string>>,
  env: Env,
): ResourceRef | undefined {
  if (template.target === undefined) return undefined;
  const binding = template.bindings[template.target];
  const id = values[template.target];
  // Resource Directory nodes are found by their path binding; nothing else to look up.
  if (binding === undefined || binding.from !== "param" || id === undefined) return undefined;
  const plan = planOf(template);
  if (plan.wholeArn) return { by: "arn", arn: id };
  if (plan.parsed === undefined) return undefined;
  const type = plan.typePlaceholder === undefined ? plan.parsed.resourceType : values[plan.typePlaceholder];
  if (type === undefined) return undefined;
  return plan.addressesRegion
    ? { by: "id", service: plan.parsed.service, type, id, regionId: env.region }
    : { by: "id", service: plan.parsed.service, type, id };
}

/** The values of a template's non-list placeholders, and the list placeholder's values if it has one. */
function bindTemplate(template: ArnTemplate, env: Env, override?: TargetOverride) {
  const { params } = env.input;
  const fixed: Record<string, string> = {};
  let list: { readonly name: string; readonly values: readonly string[] } | undefined;
  for (const [name, binding] of planOf(template).bindings) {
    switch (binding.from) {
      case "param": {
        let values =
          override !== undefined && name === template.target
            ? [override.value]
            : bindingValues(params, binding, env.names);
        if (values.length === 0 && binding.orCaller && env.input.callerUserName !== undefined) {
          values = [env.input.callerUserName];
        }
        if (binding.list !== undefined) list = { name, values };
        else if (values[0] !== undefined) fixed[name] = values[0];
        break;
      }
      case "account":
        fixed[name] = env.input.accountId;
        break;
      case "region":
        fixed[name] = env.region;
        break;
      case "rd-path": {
        const path = env.lookup.rdPath(params[binding.param] || undefined);
        if (path !== undefined) fixed[name] = path;
        break;
      }
      case "owner":
        // Filled per target once the target's facts are known.
        break;
    }
  }
  return { fixed, list };
}

/** Expands one template into ARNs (several for a list parameter), looking up each target. */
function expand(template: ArnTemplate, env: Env, override?: TargetOverride): Expansion[] {
  if (template.arn === "*") return [{ arn: "*", resourceType: undefined, facts: undefined }];
  const { fixed, list } = bindTemplate(template, env, override);
  // An absent optional list names nothing (its `when` normally already said so).
  const rows = list === undefined ? [fixed] : list.values.map((value) => ({ ...fixed, [list.name]: value }));
  const plan = planOf(template);
  // Each row is this expansion's own object: the owner is filled into it once the target is known.
  return rows.map((values) => {
    const ref = override === undefined ? targetRef(template, values, env) : undefined;
    const facts = override?.facts ?? (ref === undefined ? undefined : env.lookup.resource(ref));
    for (const name of plan.ownerNames) values[name] = facts?.ownerId ?? env.input.accountId;
    const resourceType = ref?.by === "id" ? ref.type : plan.parsed?.resourceType;
    return { arn: expandArn(template.arn, values), resourceType, facts };
  });
}

/**
 * The region the request addresses: `RegionId`, else the region of the first existing resource it
 * names (actions such as StartInstance carry only an instance id), else where it was sent.
 */
function requestRegion(templates: readonly ArnTemplate[], env: Omit<Env, "region">): string {
  const { input, lookup } = env;
  const fromParam = input.params.RegionId;
  if (fromParam !== undefined && fromParam !== "") return fromParam;
  const probe: Env = { ...env, region: input.regionId };
  for (const template of templates) {
    if (!planOf(template).addressesRegion) continue;
    const { fixed, list } = bindTemplate(template, probe);
    const first = list?.values[0];
    const values =
      list === undefined ? fixed : first === undefined ? undefined : { ...fixed, [list.name]: first };
    if (values === undefined) continue;
    const ref = targetRef(template, values, probe);
    if (ref === undefined) continue;
    // Ask without a region: the request did not say one, and resource ids are unique across regions.
    const facts = lookup.resource(
      ref.by === "id" ? { by: "id", service: ref.service, type: ref.type, id: ref.id } : ref,
    );
    if (facts?.regionId !== undefined) return facts.regionId;
  }
  return input.regionId;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The checks a request makes, in the order of the entry's resources; every one must be allowed.
 * Empty for actions that need no permission (`none`) and names no API action calls (`name-only`).
 */
export function deriveChecks(
  entry: CatalogEntry,
  input: DeriveInput,
  lookup: ResourceLookup,
): readonly AuthRequest[] {
  // Without an `unanswered` probe a derivation never stops early, so it always has checks.
  return derive(entry, input, lookup, undefined) as readonly AuthRequest[];
}

/**
 * One pass of a derivation whose lookup is answered between passes (the local cloud reads facts
 * from its store asynchronously): `unanswered()` says whether a question asked so far in this pass
 * has no answer yet. The pass then stops where later questions depend on earlier answers (after the
 * request's region, after an image-consuming request's image) or where only contexts are left to
 * build, and returns undefined, so no pass builds a context it would throw away. Once every
 * question it asks is answered it returns exactly what `deriveChecks` returns.
 */
export function deriveChecksPass(
  entry: CatalogEntry,
  input: DeriveInput,
  lookup: ResourceLookup,
  unanswered: () => boolean,
): readonly AuthRequest[] | undefined {
  return derive(entry, input, lookup, unanswered);
}

function derive(
  entry: CatalogEntry,
  input: DeriveInput,
  lookup: ResourceLookup,
  unanswered: (() => boolean) | undefined,
): readonly AuthRequest[] | undefined {
  if (entry.checkKind === "none" || entry.checkKind === "name-only") return [];
  const { params } = input;
  const names = Object.keys(params);
  const templates = entry.resources.filter(
    (template) => template.when === undefined || conditionHolds(template.when, params, names),
  );
  const env: Env = { input, names, lookup, region: requestRegion(templates, { input, names, lookup }) };
  if (unanswered?.() === true) return undefined;

  if (entry.checkKind === "image-consuming") {
    const selector = entry.image;
    const image =
      selector === undefined
        ? undefined
        : lookup.image({
            ...(params[selector.idParam] ? { imageId: params[selector.idParam] as string } : {}),
            ...(selector.familyParam !== undefined && params[selector.familyParam]
              ? { imageFamily: params[selector.familyParam] as string }
              : {}),
            regionId: env.region,
          });
    if (unanswered?.() === true) return undefined;
    const expansions = templates.flatMap((template) =>
      expand(
        template,
        env,
        image !== undefined && selector !== undefined && template.target === selector.idParam
          ? { value: image.imageId, facts: image }
          : undefined,
      ),
    );
    if (unanswered?.() === true) return undefined;
    const namedInstance = expansions.find(
      (expansion) => expansion.resourceType === "instance" && expansion.facts !== undefined,
    );
    const instanceType = params.InstanceType || namedInstance?.facts?.instanceType;
    const setTags = requestTags(entry, env);
    const context = buildContext(entry.contextKeys, params, {
      ...(image?.tags === undefined ? {} : { resourceTags: image.tags }),
      setTags,
      tagKeys: unique(setTags.map((tag) => tag.key)),
      ...(image === undefined ? {} : { image }),
      ...(instanceType === undefined ? {} : { instanceType }),
    });
    return [
      { action: entry.ramAction, resources: unique(expansions.map((expansion) => expansion.arn)), context },
    ];
  }

  const expansions = templates.flatMap((template) => expand(template, env));
  if (unanswered?.() === true) return undefined;
  const setTags = requestTags(entry, env);
  const setKeys = setTags.map((tag) => tag.key);

  if (entry.checkKind === "list") {
    const context = buildContext(entry.contextKeys, params, { setTags, tagKeys: unique(setKeys) });
    return [
      { action: entry.ramAction, resources: unique(expansions.map((expansion) => expansion.arn)), context },
    ];
  }

  const removedKeys =
    entry.removedTagKeys === undefined
      ? []
      : readTags(params, entry.removedTagKeys, names).map((tag) => tag.key);
  // ECS applies `All` only when no TagKey.N is given.
  const removeAll =
    entry.removeAllTagsParam !== undefined &&
    params[entry.removeAllTagsParam]?.toLowerCase() === "true" &&
    removedKeys.length === 0;
  return expansions.map((expansion) => {
    const currentTags = expansion.facts?.tags;
    const tagKeys =
      entry.checkKind === "tag-mutating"
        ? unique([...setKeys, ...removedKeys, ...(removeAll ? Object.keys(currentTags ?? {}) : [])])
        : unique(setKeys);
    const context = buildContext(entry.contextKeys, params, {
      ...(currentTags === undefined ? {} : { resourceTags: currentTags }),
      setTags,
      tagKeys,
    });
    return { action: entry.ramAction, resources: [expansion.arn], context };
  });
}

function requestTags(entry: CatalogEntry, env: Env) {
  return entry.requestTags === undefined ? [] : readTags(env.input.params, entry.requestTags, env.names);
}
