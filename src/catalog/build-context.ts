// A check's condition keys, from the entry's key specs and what the request and its resources say.
// Built straight in the engine's canonical spelling (what `makeContext` would make of it): the spec
// keys are normalised once per entry, and a tag key is its prefix plus the tag's own key, so a
// request does not normalise every key again.
import { makeContext, normalizeContextKey } from "../policy/index.js";
import type { ContextValue, RequestContext } from "../policy/index.js";
import type { ImageFacts } from "./derive-checks.js";
import type { RequestParams, TagPair } from "./params.js";
import type { ContextKeySpec } from "./types.js";

export interface ContextInputs {
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly setTags: readonly TagPair[];
  readonly tagKeys: readonly string[];
  readonly image?: ImageFacts;
  readonly instanceType?: string;
}

/** How one entry's specs are written into a context: the key of each spec, and the tag prefixes. */
interface Spelling {
  readonly keys: readonly string[];
  readonly resourceTag: string;
  readonly requestTag: string;
  /** Keys are already the engine's; otherwise `makeContext` normalises (and merges) them. */
  readonly canonical: boolean;
}

const spellings = new WeakMap<readonly ContextKeySpec[], Spelling>();

function spellingOf(specs: readonly ContextKeySpec[]): Spelling {
  let spelling = spellings.get(specs);
  if (spelling === undefined) {
    spelling = canonicalSpelling(specs) ?? {
      keys: specs.map((spec) => spec.key),
      resourceTag: "acs:ResourceTag/",
      requestTag: "acs:RequestTag/",
      canonical: false,
    };
    spellings.set(specs, spelling);
  }
  return spelling;
}

/**
 * The specs in canonical spelling, unless two of them could land on one canonical key (two
 * spellings of one key, a tag family twice, a fixed key inside a tag family): `makeContext` merges
 * such keys into one multi-valued key, so those specs take its path to stay identical. Otherwise
 * canonical keys collide exactly when raw keys do (a tag set twice), and a plain assignment does
 * what `makeContext` does with a raw key set twice.
 */
function canonicalSpelling(specs: readonly ContextKeySpec[]): Spelling | undefined {
  const isFamily = (spec: ContextKeySpec) =>
    spec.source === "resource-tags" || spec.source === "request-tags";
  const families = specs.filter(isFamily).map((spec) => spec.source);
  const fixed = specs.filter((spec) => !isFamily(spec)).map((spec) => normalizeContextKey(spec.key));
  const resourceTag = "acs:resourcetag/";
  const requestTag = "acs:requesttag/";
  if (
    new Set(families).size !== families.length ||
    new Set(fixed).size !== fixed.length ||
    fixed.some((key) => key.startsWith(resourceTag) || key.startsWith(requestTag))
  ) {
    return undefined;
  }
  return {
    keys: specs.map((spec) => normalizeContextKey(spec.key)),
    resourceTag,
    requestTag,
    canonical: true,
  };
}

export function buildContext(
  specs: readonly ContextKeySpec[],
  params: RequestParams,
  inputs: ContextInputs,
): RequestContext {
  const spelling = spellingOf(specs);
  const values = collect(specs, params, inputs, spelling);
  return spelling.canonical ? values : makeContext(values);
}

/** The context's values in spec order, keyed as `spelling` writes them. */
function collect(
  specs: readonly ContextKeySpec[],
  params: RequestParams,
  inputs: ContextInputs,
  spelling: Spelling,
): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (let i = 0; i < specs.length; i++) {
    const source = (specs[i] as ContextKeySpec).source;
    const key = spelling.keys[i] as string;
    if (typeof source === "object") {
      const value = params[source.param];
      if (value !== undefined) out[key] = value;
      continue;
    }
    switch (source) {
      case "resource-tags":
        for (const [tag, value] of Object.entries(inputs.resourceTags ?? {}))
          out[spelling.resourceTag + tag] = value;
        break;
      case "request-tags":
        for (const tag of inputs.setTags) out[spelling.requestTag + tag.key] = tag.value;
        break;
      case "tag-keys":
        if (inputs.tagKeys.length > 0) out[key] = [...inputs.tagKeys];
        break;
      case "image-owner-id":
        // Alibaba-provided images have no owner account: the key is absent rather than empty.
        if (inputs.image !== undefined && inputs.image.ownerId !== "") out[key] = inputs.image.ownerId;
        break;
      case "image-source":
        if (inputs.image !== undefined) out[key] = inputs.image.source;
        break;
      case "image-platform":
        if (inputs.image?.platform !== undefined) out[key] = inputs.image.platform;
        break;
      case "instance-type":
        if (inputs.instanceType !== undefined) out[key] = inputs.instanceType;
        break;
      case "not-modelled":
        break;
    }
  }
  return out;
}
