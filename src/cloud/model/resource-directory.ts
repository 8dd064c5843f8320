import type { EffectScope } from "../../policy/index.js";
import type { Timestamp } from "./common.js";

export type ControlPolicyStatus = "Enabled" | "Disabled" | "Enabling" | "Disabling";

/** The one Resource Directory of the local cloud. */
export interface ResourceDirectory {
  /** `rd-` + 6 characters. */
  readonly directoryId: string;
  readonly managementAccountId: string;
  /** `r-` + 6 characters; the root is a folder without a parent. */
  readonly rootFolderId: string;
  readonly controlPolicyStatus: ControlPolicyStatus;
  readonly createdAt: Timestamp;
}

export interface RdFolder {
  /** `fd-` + 10 characters, or the root folder's `r-…` id. */
  readonly folderId: string;
  readonly folderName: string;
  /** Absent for the root folder. Depth ≤ 5 below the root is enforced by the services. */
  readonly parentFolderId?: string;
  readonly createdAt: Timestamp;
}

export type RdJoinMethod = "created" | "invited";
export type RdAccountType = "CloudAccount" | "ResourceAccount";

/** An account's place in the directory. */
export interface RdMember {
  readonly accountId: string;
  readonly folderId: string;
  readonly joinMethod: RdJoinMethod;
  readonly accountType: RdAccountType;
  readonly joinedAt: Timestamp;
  /** The login name CreateResourceAccount gave it (`alice@rd-3g****.aliyunid.com`); absent for invited accounts. */
  readonly accountName?: string;
}

export type ControlPolicyType = "System" | "Custom";

export interface ControlPolicy {
  /** `cp-` + 16 characters (`cp-FullAliyunAccess` for the system policy). */
  readonly policyId: string;
  /** Unique. */
  readonly policyName: string;
  readonly description?: string;
  readonly policyType: ControlPolicyType;
  readonly effectScope: EffectScope;
  /** The policy document, as text. */
  readonly document: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export type RdTargetType = "Root" | "Folder" | "Account";

/** A control policy attached to the root folder, a folder or a member account. */
export interface ControlPolicyAttachment {
  readonly policyId: string;
  readonly targetId: string;
  readonly targetType: RdTargetType;
  readonly attachedAt: Timestamp;
}

/** One node on the way from a member account up to the root, with what is attached there. */
export interface RdPathNode {
  readonly targetId: string;
  readonly targetType: RdTargetType;
  /** The folder name, or the account's display name. */
  readonly name: string;
  readonly policies: readonly ControlPolicy[];
}
