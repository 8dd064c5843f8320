// From one API request to the authorization checks it makes (spec §6), mechanically from the
// entry. The world (which tags a resource has, who owns an image) comes through `ResourceLookup`,
// so the local cloud answers it from its store and the simulator from a scenario.
import { makeContext } from "../policy/index.js";
import type { AuthRequest, ContextValue, RequestContext } from "../policy/index.js";
import { expandArn, isArnPlaceholder, parseArnTemplate } from "./arn.js";
import { bindingValues, conditionHolds, readTags } from "./params.js";
import type { RequestParams, TagPair } from "./params.js";
import type { ArnTemplate, CatalogEntry, ContextKeySpec } from "./types.js";

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
  readonly lookup: ResourceLookup;
  readonly region: string;
}

/** One ARN of a check, with what is known about the resource it names. */
interface Expansion {
  readonly arn: string;
  readonly resourceType?: string;
  readonly facts?: ResourceFacts;
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
  if (isArnPlaceholder(template.arn)) return { by: "arn", arn: id };
  const parsed = parseArnTemplate(template.arn);
  if (parsed === undefined) return undefined;
  const typePlaceholder = /^\{([A-Za-z0-9]+)\}$/.exec(parsed.resourceType);
  const type = typePlaceholder ? values[typePlaceholder[1] as string] : parsed.resourceType;
  if (type === undefined) return undefined;
  const addressesRegion = Object.values(template.bindings).some((b) => b.from === "region");
  return addressesRegion
    ? { by: "id", service: parsed.service, type, id, regionId: env.region }
    : { by: "id", service: parsed.service, type, id };
}

/** The values of a template's non-list placeholders, and the list placeholder's values if it has one. */
function bindTemplate(template: ArnTemplate, env: Env, override?: TargetOverride) {
  const { params } = env.input;
  const fixed: Record<string, string> = {};
  let list: { readonly name: string; readonly values: readonly string[] } | undefined;
  for (const [name, binding] of Object.entries(template.bindings)) {
    switch (binding.from) {
      case "param": {
        let values =
          override !== undefined && name === template.target
            ? [override.value]
            : bindingValues(params, binding);
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
  if (template.arn === "*") return [{ arn: "*" }];
  const { fixed, list } = bindTemplate(template, env, override);
  // An absent optional list names nothing (its `when` normally already said so).
  const rows = list === undefined ? [fixed] : list.values.map((value) => ({ ...fixed, [list.name]: value }));
  const parsed = parseArnTemplate(template.arn);
  return rows.map((values) => {
    const ref = override === undefined ? targetRef(template, values, env) : undefined;
    const facts = override?.facts ?? (ref === undefined ? undefined : env.lookup.resource(ref));
    const filled: Record<string, string> = { ...values };
    for (const [name, binding] of Object.entries(template.bindings)) {
      if (binding.from === "owner") filled[name] = facts?.ownerId ?? env.input.accountId;
    }
    const resourceType = ref?.by === "id" ? ref.type : parsed?.resourceType;
    return {
      arn: expandArn(template.arn, filled),
      ...(resourceType === undefined ? {} : { resourceType }),
      ...(facts === undefined ? {} : { facts }),
    };
  });
}

/**
 * The region the request addresses: `RegionId`, else the region of the first existing resource it
 * names (actions such as StartInstance carry only an instance id), else where it was sent.
 */
function requestRegion(
  templates: readonly ArnTemplate[],
  input: DeriveInput,
  lookup: ResourceLookup,
): string {
  const fromParam = input.params.RegionId;
  if (fromParam !== undefined && fromParam !== "") return fromParam;
  const probe: Env = { input, lookup, region: input.regionId };
  for (const template of templates) {
    if (!Object.values(template.bindings).some((b) => b.from === "region")) continue;
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

interface ContextInputs {
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly setTags: readonly TagPair[];
  readonly tagKeys: readonly string[];
  readonly image?: ImageFacts;
  readonly instanceType?: string;
}

function buildContext(
  specs: readonly ContextKeySpec[],
  params: RequestParams,
  inputs: ContextInputs,
): RequestContext {
  const raw: Record<string, ContextValue> = {};
  for (const spec of specs) {
    const source = spec.source;
    if (typeof source === "object") {
      const value = params[source.param];
      if (value !== undefined) raw[spec.key] = value;
      continue;
    }
    switch (source) {
      case "resource-tags":
        for (const [key, value] of Object.entries(inputs.resourceTags ?? {}))
          raw[`acs:ResourceTag/${key}`] = value;
        break;
      case "request-tags":
        for (const tag of inputs.setTags) raw[`acs:RequestTag/${tag.key}`] = tag.value;
        break;
      case "tag-keys":
        if (inputs.tagKeys.length > 0) raw[spec.key] = [...inputs.tagKeys];
        break;
      case "image-owner-id":
        // Alibaba-provided images have no owner account: the key is absent rather than empty.
        if (inputs.image !== undefined && inputs.image.ownerId !== "") raw[spec.key] = inputs.image.ownerId;
        break;
      case "image-source":
        if (inputs.image !== undefined) raw[spec.key] = inputs.image.source;
        break;
      case "image-platform":
        if (inputs.image?.platform !== undefined) raw[spec.key] = inputs.image.platform;
        break;
      case "instance-type":
        if (inputs.instanceType !== undefined) raw[spec.key] = inputs.instanceType;
        break;
      case "not-modelled":
        break;
    }
  }
  return makeContext(raw);
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
  if (entry.checkKind === "none" || entry.checkKind === "name-only") return [];
  const { params } = input;
  const templates = entry.resources.filter(
    (template) => template.when === undefined || conditionHolds(template.when, params),
  );
  const env: Env = { input, lookup, region: requestRegion(templates, input, lookup) };

  const setTags = entry.requestTags === undefined ? [] : readTags(params, entry.requestTags);
  const removedKeys =
    entry.removedTagKeys === undefined ? [] : readTags(params, entry.removedTagKeys).map((tag) => tag.key);
  // ECS applies `All` only when no TagKey.N is given.
  const removeAll =
    entry.removeAllTagsParam !== undefined &&
    params[entry.removeAllTagsParam]?.toLowerCase() === "true" &&
    removedKeys.length === 0;
  const setKeys = setTags.map((tag) => tag.key);

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
    const expansions = templates.flatMap((template) =>
      expand(
        template,
        env,
        image !== undefined && selector !== undefined && template.target === selector.idParam
          ? { value: image.imageId, facts: image }
          : undefined,
      ),
    );
    const namedInstance = expansions.find(
      (expansion) => expansion.resourceType === "instance" && expansion.facts !== undefined,
    );
    const instanceType = params.InstanceType || namedInstance?.facts?.instanceType;
    const context = buildContext(entry.contextKeys, params, {
      ...(image?.tags === undefined ? {} : { resourceTags: image.tags }),
      setTags,
      tagKeys: unique(setKeys),
      ...(image === undefined ? {} : { image }),
      ...(instanceType === undefined ? {} : { instanceType }),
    });
    return [
      { action: entry.ramAction, resources: unique(expansions.map((expansion) => expansion.arn)), context },
    ];
  }

  const expansions = templates.flatMap((template) => expand(template, env));

  if (entry.checkKind === "list") {
    const context = buildContext(entry.contextKeys, params, { setTags, tagKeys: unique(setKeys) });
    return [
      { action: entry.ramAction, resources: unique(expansions.map((expansion) => expansion.arn)), context },
    ];
  }

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
