// One endpoint serves every product; the API version tells them apart, as the brief of the wire
// protocol says. `product` is the RAM service prefix (`ecs:RunInstances`), `code` is Alibaba's
// product code as it appears in error links.

export type CloudProduct = "ecs" | "vpc" | "ram" | "resourcemanager" | "sts" | "tag" | "actiontrail";

export interface ProductVersion {
  product: CloudProduct;
  version: string;
  code: string;
}

export const PRODUCT_VERSIONS: readonly ProductVersion[] = [
  { product: "ecs", version: "2014-05-26", code: "Ecs" },
  { product: "vpc", version: "2016-04-28", code: "Vpc" },
  { product: "ram", version: "2015-05-01", code: "Ram" },
  { product: "resourcemanager", version: "2020-03-31", code: "ResourceManager" },
  { product: "sts", version: "2015-04-01", code: "Sts" },
  { product: "tag", version: "2018-08-28", code: "Tag" },
  { product: "actiontrail", version: "2020-07-06", code: "Actiontrail" },
];

const byVersion = new Map(PRODUCT_VERSIONS.map((entry) => [entry.version, entry]));

export function productForVersion(version: string): ProductVersion | undefined {
  return byVersion.get(version);
}
