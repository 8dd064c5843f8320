// STS (2015-04-01). AssumeRole is authorized on the role's ARN, which the request carries whole
// (`RoleArn`), lower-cased as RAM writes role ARNs (STS accepts the name in any case); the role's
// trust policy is a separate test the policy engine makes.
import { PRODUCT_VERSIONS } from "../products.js";
import type { CatalogEntry } from "../types.js";
import { arn, roleParam } from "./build.js";

export const stsActions: readonly CatalogEntry[] = [
  {
    product: "Sts",
    version: PRODUCT_VERSIONS.Sts,
    apiAction: "AssumeRole",
    ramAction: "sts:AssumeRole",
    access: "write",
    checkKind: "per-resource",
    resources: [
      {
        ...arn("{RoleArn}", { RoleArn: roleParam("RoleArn") }, { target: "RoleArn" }),
        form: "acs:ram::{AccountId}:role/{RoleName}",
      },
    ],
    contextKeys: [],
    description: "get temporary credentials for a RAM role the caller is trusted by",
  },
  {
    product: "Sts",
    version: PRODUCT_VERSIONS.Sts,
    apiAction: "GetCallerIdentity",
    ramAction: "sts:GetCallerIdentity",
    access: "read",
    checkKind: "none",
    resources: [],
    contextKeys: [],
    description: "tell the caller who it is; any authenticated caller may, no permission needed",
  },
];
