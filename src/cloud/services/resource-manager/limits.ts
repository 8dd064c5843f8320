import { SIZE_LIMITS } from "../../../policy/index.js";

// Resource Directory's limits, from its API reference: CreateFolder ("a maximum of five levels of
// folders can be created under the root folder", `LimitExceeded.Folder.Depth`), AttachControlPolicy
// ("each node can have at most 10 control policies attached"), the parameter descriptions of
// CreateFolder, CreateResourceAccount and CreateControlPolicy, and the paging parameters
// (PageSize 1..100, default 10).

export const RD_LIMITS = {
  /** Folder levels below the Root folder. */
  folderDepth: 5,
  /** Control policies attached to one node (the Root folder, a folder or a member). */
  attachmentsPerNode: 10,
  /** Characters, counted as the policy module counts them (whitespace outside strings excluded). */
  controlPolicyDocument: SIZE_LIMITS.control,
} as const;

export const RD_LENGTHS = {
  folderName: { min: 1, max: 24 },
  displayName: { min: 2, max: 50 },
  /** The international site's range (the China site allows 2..50). */
  accountNamePrefix: { min: 2, max: 37 },
  policyName: { min: 1, max: 128 },
  policyDescription: { min: 1, max: 1024 },
  defaultPageSize: 10,
  maxPageSize: 100,
} as const;
