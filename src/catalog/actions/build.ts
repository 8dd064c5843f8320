// Small constructors that keep the product tables readable: one line per resource, the same
// spelling for the same binding everywhere.
import type { ArnTemplate, Binding, ContextKeySpec, ParamCondition, TagParam } from "../types.js";

export const ACCOUNT: Binding = { from: "account" };
export const REGION: Binding = { from: "region" };
export const OWNER: Binding = { from: "owner" };

export function param(name: string, list?: "repeated" | "json" | "comma"): Binding {
  return list === undefined ? { from: "param", param: name } : { from: "param", param: name, list };
}

/** RAM's optional `UserName`: absent means the caller's own user. */
export function userOrCaller(name: string): Binding {
  return { from: "param", param: name, orCaller: true };
}

/**
 * A parameter naming a RAM role (`RoleName`, or a whole `RoleArn`), lower-cased: a role's ARN
 * carries its name in lower case, and resource patterns match case-sensitively, so the check must
 * name the ARN the role has, however the request spells the name.
 */
export function roleParam(name: string): Binding {
  return { from: "param", param: name, lowerCase: true };
}

export function rdPath(nodeParam: string): Binding {
  return { from: "rd-path", param: nodeParam };
}

export function arn(
  template: string,
  bindings: Readonly<Record<string, Binding>>,
  extra: { readonly target?: string; readonly when?: ParamCondition } = {},
): ArnTemplate {
  return { arn: template, bindings, ...extra };
}

/** Resources Alibaba does not authorize at resource level: the check's resource is `*`. */
export const ALL_RESOURCES: ArnTemplate = { arn: "*", bindings: {} };

export const present = (name: string): ParamCondition => ({ param: name, present: true });

export const RESOURCE_TAGS: ContextKeySpec = { key: "acs:ResourceTag/*", source: "resource-tags" };
export const REQUEST_TAGS: ContextKeySpec = { key: "acs:RequestTag/*", source: "request-tags" };
export const TAG_KEYS: ContextKeySpec = { key: "acs:TagKeys", source: "tag-keys" };

/** `Tag.N.Key` / `Tag.N.Value`, the way ECS, VPC and Resource Directory take tags. */
export const TAG_PAIRS: TagParam = { param: "Tag", format: "pairs" };

export function notModelled(...keys: string[]): ContextKeySpec[] {
  return keys.map((key) => ({ key, source: "not-modelled" }));
}
