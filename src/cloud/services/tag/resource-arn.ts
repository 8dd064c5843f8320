import type { ResourceRef, ResourceType } from "../../model/index.js";
import { invalidResourceArn } from "./tag-service-errors.js";

// Resources the Tag service names by ARN: `acs:<service>:<region>:<account>:<type>/<id>`, the
// form RAM policies use. The local cloud stores tags for ECS instances, images and security groups
// and for VPCs and vSwitches.
//
// Only that exact form, with a concrete region and account, is accepted. The runtime authorized the
// ARNs as written: Alibaba also accepts `arn:acs:…` and `*` for "this region/account", but a
// check on `arn:acs:ecs:…` or `acs:ecs:*:*:…` is not the check a policy about
// `acs:ecs:cn-hangzhou:<me>:image/*` was written for, so honouring those spellings would let a
// request step around a Deny.

/** Where each (service, type) an ARN may name is stored. */
const TAGGABLE: Readonly<Record<string, Readonly<Record<string, ResourceType>>>> = {
  ecs: { instance: "instance", image: "image", securitygroup: "securitygroup" },
  vpc: { vpc: "vpc", vswitch: "vswitch" },
};

export interface ParsedArn {
  readonly arn: string;
  readonly service: string;
  readonly regionId: string;
  readonly accountId: string;
  readonly type: string;
  readonly id: string;
}

const ARN = /^acs:([a-z0-9-]+):([a-z0-9-]+):(\d{1,20}):([A-Za-z0-9_-]+)\/([^/\s]+)$/;

/** Parses one ARN or throws `InvalidParameter.ResourceARN` saying what is wrong with it. */
export function parseResourceArn(param: string, arn: string): ParsedArn {
  if (arn.startsWith("arn:acs:")) {
    throw invalidResourceArn(
      param,
      "Write the ARN as RAM policies do, without the `arn:` prefix: `acs:<service>:<region>:<account>:<type>/<id>`.",
    );
  }
  const match = ARN.exec(arn);
  if (match === null) {
    throw invalidResourceArn(
      param,
      "It must be `acs:<service>:<region>:<account>:<type>/<id>` with a concrete region and account (no `*`).",
    );
  }
  const [, service, regionId, accountId, type, id] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { arn, service, regionId, accountId, type, id };
}

/** Where the tags of the resource an ARN names are stored; undefined for a type the local cloud does not tag. */
export function storedRef(parsed: ParsedArn): ResourceRef | undefined {
  const resourceType = TAGGABLE[parsed.service]?.[parsed.type];
  return resourceType === undefined
    ? undefined
    : { regionId: parsed.regionId, resourceType, resourceId: parsed.id };
}

/** The ARN of a stored resource, as ListTagResources reports it. */
export function formatResourceArn(ref: ResourceRef, accountId: string): string {
  const service = ref.resourceType === "vpc" || ref.resourceType === "vswitch" ? "vpc" : "ecs";
  return `acs:${service}:${ref.regionId}:${accountId}:${ref.resourceType}/${ref.resourceId}`;
}

/** Every stored type the Tag service reaches. */
export const TAG_SERVICE_TYPES: readonly ResourceType[] = [
  "instance",
  "image",
  "securitygroup",
  "vpc",
  "vswitch",
];
