// Resource Directory (ResourceManager 2020-03-31). ARN forms from Alibaba's current per-API tables
// (DetachControlPolicy, MoveAccount): folders and members are named by their Resource Directory
// path, control policies as `policy/controlpolicy/<id>`. Parameter names from
// @alicloud/resourcemanager20200331.
import { PRODUCT_VERSIONS } from "../products.js";
import type { ArnTemplate, CatalogEntry } from "../types.js";
import { ACCOUNT, ALL_RESOURCES, REQUEST_TAGS, TAG_KEYS, TAG_PAIRS, arn, param, rdPath } from "./build.js";

type RdFields = Omit<CatalogEntry, "product" | "version" | "ramAction" | "docs" | "contextKeys"> & {
  readonly apiAction: string;
  readonly contextKeys?: CatalogEntry["contextKeys"];
};

function rd(fields: RdFields): CatalogEntry {
  return {
    product: "ResourceManager",
    version: PRODUCT_VERSIONS.ResourceManager,
    ramAction: `resourcemanager:${fields.apiAction}`,
    docs: `https://www.alibabacloud.com/help/en/resource-management/resource-directory/developer-reference/api-resourcemanager-2020-03-31-${fields.apiAction.toLowerCase()}`,
    contextKeys: [],
    ...fields,
  };
}

/** The folder a parameter names (the Root folder when an optional parameter is absent). */
const folder = (idParam: string, extra: Pick<ArnTemplate, "when"> = {}): ArnTemplate =>
  arn(
    `acs:resourcemanager::{AccountId}:folder/{${idParam}Path}`,
    { AccountId: ACCOUNT, [`${idParam}Path`]: rdPath(idParam) },
    { target: `${idParam}Path`, ...extra },
  );
const memberAccount = (idParam: string, extra: Pick<ArnTemplate, "when"> = {}): ArnTemplate =>
  arn(
    `acs:resourcemanager::{AccountId}:account/{${idParam}Path}`,
    { AccountId: ACCOUNT, [`${idParam}Path`]: rdPath(idParam) },
    { target: `${idParam}Path`, ...extra },
  );
const accounts = arn("acs:resourcemanager::{AccountId}:account/*", { AccountId: ACCOUNT });
const controlPolicies = arn("acs:resourcemanager::{AccountId}:policy/controlpolicy/*", {
  AccountId: ACCOUNT,
});
const controlPolicy = arn(
  "acs:resourcemanager::{AccountId}:policy/controlpolicy/{PolicyId}",
  { AccountId: ACCOUNT, PolicyId: param("PolicyId") },
  { target: "PolicyId" },
);
/** `TargetId` is the Root folder (`r-`), a folder (`fd-`) or a member account (digits). */
const attachTarget: readonly ArnTemplate[] = [
  folder("TargetId", { when: { param: "TargetId", matches: "(r|fd)-.+" } }),
  memberAccount("TargetId", { when: { param: "TargetId", matches: "[0-9]+" } }),
];

const DIRECTORY_WIDE = "not authorized at resource level (`*`): the action concerns the whole directory";
const PARENT_FOLDER =
  "checks the parent folder the new node goes into (the Root folder when `ParentFolderId` is absent)";
const LISTED_FOLDER =
  "checks the folder whose children are listed (the Root folder when `ParentFolderId` is absent)";

export const resourceManagerActions: readonly CatalogEntry[] = [
  // the directory
  rd({
    apiAction: "EnableResourceDirectory",
    access: "write",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "enable a resource directory with the caller as management account",
    decision: DIRECTORY_WIDE,
  }),
  rd({
    apiAction: "GetResourceDirectory",
    access: "read",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "read the resource directory the account belongs to",
    decision: DIRECTORY_WIDE,
  }),

  // folders
  rd({
    apiAction: "CreateFolder",
    access: "write",
    checkKind: "per-resource",
    resources: [folder("ParentFolderId")],
    description: "create a folder",
    decision: PARENT_FOLDER,
  }),
  rd({
    apiAction: "GetFolder",
    access: "read",
    checkKind: "per-resource",
    resources: [folder("FolderId")],
    description: "read a folder",
  }),
  rd({
    apiAction: "ListFoldersForParent",
    access: "list",
    checkKind: "list",
    resources: [folder("ParentFolderId")],
    description: "list the subfolders of a folder",
    decision: LISTED_FOLDER,
  }),
  rd({
    apiAction: "UpdateFolder",
    access: "write",
    checkKind: "per-resource",
    resources: [folder("FolderId")],
    description: "rename a folder",
  }),
  rd({
    apiAction: "DeleteFolder",
    access: "write",
    checkKind: "per-resource",
    resources: [folder("FolderId")],
    description: "delete an empty folder",
  }),

  // member accounts
  rd({
    apiAction: "CreateResourceAccount",
    access: "write",
    checkKind: "per-resource",
    resources: [folder("ParentFolderId")],
    contextKeys: [REQUEST_TAGS, TAG_KEYS],
    requestTags: TAG_PAIRS,
    description: "create a member account of the resource-account type",
    decision: PARENT_FOLDER,
  }),
  rd({
    apiAction: "GetAccount",
    access: "read",
    checkKind: "per-resource",
    resources: [memberAccount("AccountId")],
    description: "read a member account",
  }),
  rd({
    apiAction: "ListAccounts",
    access: "list",
    checkKind: "list",
    resources: [accounts],
    description: "list the directory's member accounts",
    decision: "one check on `account/*`",
  }),
  rd({
    apiAction: "ListAccountsForParent",
    access: "list",
    checkKind: "list",
    resources: [folder("ParentFolderId")],
    description: "list the member accounts in a folder",
    decision: LISTED_FOLDER,
  }),
  rd({
    apiAction: "MoveAccount",
    access: "write",
    checkKind: "per-resource",
    resources: [memberAccount("AccountId"), folder("DestinationFolderId")],
    description: "move a member account to another folder",
  }),

  // control policies
  rd({
    apiAction: "EnableControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "enable the control policy feature",
    decision: DIRECTORY_WIDE,
  }),
  rd({
    apiAction: "DisableControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "disable the control policy feature",
    decision: DIRECTORY_WIDE,
  }),
  rd({
    apiAction: "GetControlPolicyEnablementStatus",
    access: "read",
    checkKind: "per-resource",
    resources: [ALL_RESOURCES],
    description: "read whether control policies are enabled",
    decision: DIRECTORY_WIDE,
  }),
  rd({
    apiAction: "CreateControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [controlPolicies],
    description: "create a custom control policy",
    decision: "checks `policy/controlpolicy/*`, as ram:CreatePolicy checks `policy/*`",
  }),
  rd({
    apiAction: "GetControlPolicy",
    access: "read",
    checkKind: "per-resource",
    resources: [controlPolicy],
    description: "read a control policy",
  }),
  rd({
    apiAction: "ListControlPolicies",
    access: "list",
    checkKind: "list",
    resources: [controlPolicies],
    description: "list system and custom control policies",
    decision: "one check on `policy/controlpolicy/*`",
  }),
  rd({
    apiAction: "UpdateControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [controlPolicy],
    description: "change a custom control policy's name, description or document",
  }),
  rd({
    apiAction: "DeleteControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [controlPolicy],
    description: "delete a custom control policy that is attached nowhere",
  }),
  rd({
    apiAction: "AttachControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [controlPolicy, ...attachTarget],
    description: "attach a control policy to the Root folder, a folder or a member account",
  }),
  rd({
    apiAction: "DetachControlPolicy",
    access: "write",
    checkKind: "per-resource",
    resources: [controlPolicy, ...attachTarget],
    description: "detach a control policy from the Root folder, a folder or a member account",
  }),
  rd({
    apiAction: "ListControlPolicyAttachmentsForTarget",
    access: "list",
    checkKind: "per-resource",
    resources: attachTarget,
    description: "list the control policies attached to a folder or member account",
  }),
  rd({
    apiAction: "ListTargetAttachmentsForControlPolicy",
    access: "list",
    checkKind: "per-resource",
    resources: [controlPolicy],
    description: "list the folders and member accounts a control policy is attached to",
  }),
];
