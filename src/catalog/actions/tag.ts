// Tag service (2018-08-28): tags any product's resources, named by ARN. It is the second way to
// change an image's tags, so it must carry the same condition keys as the ECS tag APIs (spec §6).
import { PRODUCT_VERSIONS } from "../products.js";
import type { ArnTemplate, CatalogEntry } from "../types.js";
import { ALL_RESOURCES, REQUEST_TAGS, RESOURCE_TAGS, TAG_KEYS, param, present } from "./build.js";

const byArn: ArnTemplate = {
  arn: "{ResourceARN}",
  form: "acs:{Service}:{RegionId}:{AccountId}:{ResourceType}/{ResourceId}",
  bindings: { ResourceARN: param("ResourceARN", "repeated") },
  target: "ResourceARN",
};

const TAG_SERVICE_DECISION =
  "one check per `ResourceARN.N` on that ARN, with the tag-mutating keys of spec §6; Alibaba additionally requires the owning product's tag permission, which imageguard does not add";

export const tagActions: readonly CatalogEntry[] = [
  {
    product: "Tag",
    version: PRODUCT_VERSIONS.Tag,
    apiAction: "TagResources",
    ramAction: "tag:TagResources",
    access: "write",
    checkKind: "tag-mutating",
    resources: [byArn],
    contextKeys: [RESOURCE_TAGS, REQUEST_TAGS, TAG_KEYS],
    requestTags: { param: "Tags", format: "json-map" },
    description: "add or overwrite tags on resources of any product, named by ARN",
    decision: TAG_SERVICE_DECISION,
  },
  {
    product: "Tag",
    version: PRODUCT_VERSIONS.Tag,
    apiAction: "UntagResources",
    ramAction: "tag:UntagResources",
    access: "write",
    checkKind: "tag-mutating",
    resources: [byArn],
    contextKeys: [RESOURCE_TAGS, REQUEST_TAGS, TAG_KEYS],
    removedTagKeys: { param: "TagKey", format: "keys" },
    description: "remove tags from resources of any product, named by ARN",
    decision: TAG_SERVICE_DECISION,
  },
  {
    product: "Tag",
    version: PRODUCT_VERSIONS.Tag,
    apiAction: "ListTagResources",
    ramAction: "tag:ListTagResources",
    access: "list",
    checkKind: "list",
    resources: [ALL_RESOURCES, { ...byArn, when: present("ResourceARN") }],
    contextKeys: [],
    description: "list the tags of resources, by ARN or by tag",
    decision: "one check on `*` plus each ARN the request filters on; no resource tags",
  },
];
