// ActionTrail (2020-07-06): the audit trail of API calls. The local cloud serves LookupEvents over
// its own audit events (the console's trail page reads them through it).
import { PRODUCT_VERSIONS } from "../products.js";
import type { CatalogEntry } from "../types.js";
import { ACCOUNT, arn } from "./build.js";

export const actionTrailActions: readonly CatalogEntry[] = [
  {
    product: "ActionTrail",
    version: PRODUCT_VERSIONS.ActionTrail,
    apiAction: "LookupEvents",
    ramAction: "actiontrail:LookupEvents",
    access: "read",
    checkKind: "per-resource",
    resources: [arn("acs:actiontrail:*:{AccountId}:*", { AccountId: ACCOUNT })],
    contextKeys: [],
    description: "look up the account's recorded API calls (events) by time and attributes",
    docs: "https://www.alibabacloud.com/help/en/actiontrail/developer-reference/api-actiontrail-2020-07-06-lookupevents",
    decision:
      "Alibaba documents All Resources; imageguard checks the account-wide ARN `acs:actiontrail:*:<account>:*`, which `*` also matches",
  },
];
