import type { ProductName } from "./types.js";

/**
 * Product ↔ API version (wire-protocol.md): one endpoint serves every product and tells them apart
 * by `Version` / `x-acs-version`, so this table is also how the local cloud routes a request.
 */
export const PRODUCT_VERSIONS: Readonly<Record<ProductName, string>> = {
  Ecs: "2014-05-26",
  Vpc: "2016-04-28",
  Ram: "2015-05-01",
  Sts: "2015-04-01",
  ResourceManager: "2020-03-31",
  Tag: "2018-08-28",
  ActionTrail: "2020-07-06",
};

/** The RAM code each product's actions are written with in policies (`ecs:RunInstances`). */
export const RAM_CODES: Readonly<Record<ProductName, string>> = {
  Ecs: "ecs",
  Vpc: "vpc",
  Ram: "ram",
  Sts: "sts",
  ResourceManager: "resourcemanager",
  Tag: "tag",
  ActionTrail: "actiontrail",
};

const PRODUCT_NAMES = Object.keys(PRODUCT_VERSIONS) as ProductName[];

/** `Ecs`, `ecs` or `2014-05-26` → `Ecs`; undefined for anything else. */
export function resolveProduct(productOrVersion: string): ProductName | undefined {
  const wanted = productOrVersion.toLowerCase();
  return PRODUCT_NAMES.find(
    (name) => name.toLowerCase() === wanted || PRODUCT_VERSIONS[name] === productOrVersion,
  );
}
