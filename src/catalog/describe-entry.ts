// An entry as plain strings for `imageguard` to print (terminal, JSON, web): the data, no layout.
import { templateForm } from "./registry.js";
import type { CatalogEntry, CheckKind, ContextSource, ParamCondition } from "./types.js";

export interface EntryDescription {
  readonly ramAction: string;
  /** `Ecs 2014-05-26 RunInstances`; absent for a name no API action checks. */
  readonly api?: string;
  readonly access: CatalogEntry["access"];
  readonly checkKind: CheckKind;
  /** One sentence: how a request of this action becomes checks. */
  readonly checks: string;
  readonly resources: readonly { readonly arn: string; readonly when?: string }[];
  readonly contextKeys: readonly { readonly key: string; readonly source: string }[];
  readonly description: string;
  readonly docs?: string;
  readonly decision?: string;
}

export const CHECK_KIND_SUMMARY: Readonly<Record<CheckKind, string>> = {
  "per-resource":
    "one check per resource listed, each carrying that resource's tags as acs:ResourceTag/<key>",
  "image-consuming":
    "one check over all resources listed together, carrying the image's tags as acs:ResourceTag/<key> and its owner, source and platform",
  "tag-mutating":
    "one check per target resource: acs:ResourceTag = its tags now, acs:RequestTag = tags being set, acs:TagKeys = keys set or removed",
  "image-producing":
    "one check on the new image (image/*) with the request's tags, and one per source resource with that resource's tags",
  list: "one check over the listed type's wildcard plus any IDs the request filters on, without resource tags",
  none: "no check: any authenticated caller may call it",
  "name-only": "no check: Alibaba recognises the name in policies, but no API action checks it",
};

function sourceText(source: ContextSource): string {
  if (typeof source === "object") return `request parameter ${source.param}`;
  switch (source) {
    case "resource-tags":
      return "tags of the resource";
    case "request-tags":
      return "tags the request sets";
    case "tag-keys":
      return "keys the request sets or removes";
    case "image-owner-id":
      return "owner account of the image";
    case "image-source":
      return "source of the image (System, Self, Others, Marketplace)";
    case "image-platform":
      return "operating system platform of the image";
    case "instance-type":
      return "instance type requested, or of the instance named";
    case "not-modelled":
      return "not populated by imageguard";
  }
}

function conditionText(condition: ParamCondition): string {
  const parts: string[] = [];
  if (condition.present) parts.push(`${condition.param} is given`);
  if (condition.equals !== undefined) parts.push(`${condition.param} = ${condition.equals}`);
  if (condition.notEquals !== undefined) parts.push(`${condition.param} ≠ ${condition.notEquals}`);
  if (condition.matches !== undefined) parts.push(`${condition.param} matches ${condition.matches}`);
  return parts.join(" and ");
}

export function describeEntry(entry: CatalogEntry): EntryDescription {
  return {
    ramAction: entry.ramAction,
    ...(entry.apiAction === undefined ? {} : { api: `${entry.product} ${entry.version} ${entry.apiAction}` }),
    access: entry.access,
    checkKind: entry.checkKind,
    checks: CHECK_KIND_SUMMARY[entry.checkKind],
    resources: entry.resources.map((template) =>
      template.when === undefined
        ? { arn: templateForm(template) }
        : { arn: templateForm(template), when: conditionText(template.when) },
    ),
    contextKeys: entry.contextKeys.map((spec) => ({ key: spec.key, source: sourceText(spec.source) })),
    description: entry.description,
    ...(entry.docs === undefined ? {} : { docs: entry.docs }),
    ...(entry.decision === undefined ? {} : { decision: entry.decision }),
  };
}
