// The organisation as the connected cloud answered for it: the Resource Directory (folders, accounts,
// control-policy enablement, control policies with their documents and what each node has attached)
// and, per account, the RAM principals with the policies attached to them. Plain data: the reader
// (read-cloud-org.ts) fills it through src/client, and the pure half (org-document.ts) turns it into
// an organisation file's data, which buildOrgModel reads like any file.
import type {
  ControlPolicy,
  ControlPolicyAttachment,
  ControlPolicyStatus,
  Folder,
  IdentityKind,
  MemberAccount,
  RamPrincipals,
} from "../../client/index.js";

export interface CloudOrgRead {
  /** Who read it: the account and ARN of the credentials. */
  readonly caller: { readonly kind: IdentityKind; readonly accountId: string; readonly arn: string };
  /** Undefined for an account in no Resource Directory: the account itself is the organisation. */
  readonly directory?: CloudDirectoryRead;
  /** Every account whose principals were asked for, management account first, in directory order. */
  readonly accounts: readonly CloudAccountRead[];
}

export interface CloudDirectoryRead {
  readonly directoryId: string;
  readonly rootFolderId: string;
  readonly managementAccountId: string;
  readonly controlPolicyStatus: ControlPolicyStatus;
  /** Root first. */
  readonly folders: readonly Folder[];
  /** Every account of the directory, the management account included. */
  readonly accounts: readonly MemberAccount[];
  /** The custom control policies some node has attached, with their documents. */
  readonly controlPolicies: readonly ControlPolicy[];
  /** Per folder or account id: the control policies attached to the node itself. Empty when disabled. */
  readonly attachments: Readonly<Record<string, readonly ControlPolicyAttachment[]>>;
}

export type CloudAccountRead =
  | {
      readonly accountId: string;
      readonly name: string;
      readonly management: boolean;
      readonly ok: true;
      readonly principals: RamPrincipals;
    }
  | {
      readonly accountId: string;
      readonly name: string;
      readonly management: boolean;
      readonly ok: false;
      /** Why its principals could not be read (its access role gone, a refused call). */
      readonly error: OrgReadFailure;
    };

export interface OrgReadFailure {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
}

export interface OrgReadProgress {
  readonly accountsTotal: number;
  readonly accountsDone: number;
  /** What just finished: `app-payments (1234…)`. */
  readonly last?: string;
}

export interface ReadCloudOrgOptions {
  /** Read the principals of these accounts only (ids or display names); the directory is read whole. */
  readonly accounts?: readonly string[];
  /** Accounts read at once (default 4); each also reads its principals' policies 4 at a time. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: OrgReadProgress) => void;
}

export interface OrgDocumentOptions {
  /** List each account's root identity as a principal (default true). */
  readonly includeRootIdentities?: boolean;
}

/** An organisation file's data (docs/org-format.md): what buildOrgModel reads, and `--save-org` writes. */
export interface OrgDocument {
  readonly name: string;
  readonly policies?: Readonly<Record<string, OrgDocumentPolicy>>;
  readonly controlPolicies?: Readonly<Record<string, OrgDocumentControlPolicy>>;
  readonly directory?: {
    readonly managementAccountId: string;
    readonly controlPoliciesEnabled: boolean;
    readonly nodes: readonly OrgDocumentNode[];
  };
  readonly principals: readonly OrgDocumentPrincipal[];
}

/** The document is the parsed JSON, or the text itself when it is not JSON (the model says why). */
export type PolicyDocumentValue = Readonly<Record<string, unknown>> | string;

export interface OrgDocumentPolicy {
  readonly type: "Custom" | "System";
  readonly version: string;
  readonly document: PolicyDocumentValue;
}

export interface OrgDocumentControlPolicy {
  readonly effectScope: "RAM" | "All";
  readonly document: PolicyDocumentValue;
}

export interface OrgDocumentNode {
  readonly id: string;
  readonly type: "Root" | "Folder" | "Account";
  readonly name: string;
  readonly parent?: string;
  readonly attach?: readonly string[];
  readonly detach?: readonly string[];
}

export type OrgDocumentPrincipal =
  | { readonly type: "RootAccount"; readonly accountId: string }
  | {
      readonly type: "RamUser";
      readonly accountId: string;
      readonly name: string;
      readonly policies?: readonly string[];
      readonly groups?: Readonly<Record<string, readonly string[]>>;
    }
  | {
      readonly type: "AssumedRole";
      readonly accountId: string;
      readonly name: string;
      readonly policies?: readonly string[];
    };
