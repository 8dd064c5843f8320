import type { ClientContext } from "./client-context.js";
import { isCloudClientError } from "./errors.js";
import { allOffsetPages } from "./paging.js";
import { mapWithConcurrency } from "./promise-pool.js";
import { ResourceManagerModule as Rm } from "./sdk.js";

// Resource Directory (ResourceManager 2020-03-31): the organisation, its folders and accounts, and
// the control policies attached to them. Management APIs answer only the directory's management
// account (its root or its RAM users and roles).

export interface ResourceDirectory {
  readonly directoryId: string;
  readonly rootFolderId: string;
  readonly managementAccountId: string;
  readonly managementAccountName?: string;
  readonly controlPolicyStatus: ControlPolicyStatus;
}

/** The Control Policy feature's state, as the wire spells it. */
export type ControlPolicyStatus = "Enabled" | "Disabled" | "PendingEnable" | "PendingDisable";

export interface Folder {
  readonly folderId: string;
  readonly name: string;
  /** Undefined for the Root folder. */
  readonly parentFolderId?: string;
  /** Folder names from Root down, e.g. `/Root/Production`. */
  readonly path: string;
  /** 0 for Root. */
  readonly depth: number;
}

export interface MemberAccount {
  readonly accountId: string;
  readonly displayName: string;
  readonly folderId: string;
  /** The path of `folderId`, e.g. `/Root/Production`. */
  readonly folderPath: string;
  /** `ResourceAccount` (created in the directory) or `CloudAccount` (invited). */
  readonly type: string;
  readonly status: string;
  readonly joinMethod: string;
  readonly isManagementAccount: boolean;
}

export interface ControlPolicySummary {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
  readonly description: string;
  /** `RAM` (RAM users and roles only) or `All` (the root identity too). */
  readonly effectScope: string;
  readonly attachmentCount: number;
  readonly createDate?: string;
  readonly updateDate?: string;
}

export interface ControlPolicy extends ControlPolicySummary {
  readonly document: string;
}

export interface ControlPolicyAttachment {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: "System" | "Custom";
  readonly effectScope: string;
  readonly attachDate?: string;
}

/** A node one control policy is attached to. */
export interface ControlPolicyTarget {
  readonly targetId: string;
  readonly targetName: string;
  /** `Root`, `Folder` or `Account`. */
  readonly targetType: string;
  readonly attachDate?: string;
}

export interface NewControlPolicy {
  readonly name: string;
  readonly document: string;
  readonly description?: string;
  /** Default `RAM`, Alibaba's default. */
  readonly effectScope?: "RAM" | "All";
}

export interface ControlPolicyChange {
  readonly name?: string;
  readonly document?: string;
  readonly description?: string;
}

export interface ResourceDirectoryApi {
  /** Undefined when the caller's account is in no directory. */
  getDirectory(): Promise<ResourceDirectory | undefined>;
  /** Every folder, Root first, then by path. */
  listFolders(): Promise<Folder[]>;
  /** Every account of the directory, the management account included, with its folder's path. */
  listAccounts(): Promise<MemberAccount[]>;
  getControlPolicyStatus(): Promise<ControlPolicyStatus>;
  enableControlPolicy(): Promise<ControlPolicyStatus>;
  listControlPolicies(filter?: {
    readonly policyType?: "System" | "Custom";
  }): Promise<ControlPolicySummary[]>;
  getControlPolicy(policyId: string): Promise<ControlPolicy>;
  createControlPolicy(policy: NewControlPolicy): Promise<ControlPolicySummary>;
  updateControlPolicy(policyId: string, change: ControlPolicyChange): Promise<ControlPolicySummary>;
  deleteControlPolicy(policyId: string): Promise<void>;
  attachControlPolicy(policyId: string, targetId: string): Promise<void>;
  detachControlPolicy(policyId: string, targetId: string): Promise<void>;
  /** The policies attached to one folder or account itself (not those it inherits). */
  listControlPolicyAttachments(targetId: string): Promise<ControlPolicyAttachment[]>;
  /** Every node one control policy is attached to (ListTargetAttachmentsForControlPolicy). */
  listControlPolicyTargets(policyId: string): Promise<ControlPolicyTarget[]>;
}

/** Alibaba's maximum PageSize for Resource Directory listings. */
const MAX_PAGE_SIZE = 100;

const CONTROL_POLICY_STATUSES: readonly ControlPolicyStatus[] = [
  "Enabled",
  "Disabled",
  "PendingEnable",
  "PendingDisable",
];

/** Codes that mean "the caller's account is in no resource directory". */
const NO_DIRECTORY = new Set(["ResourceDirectoryNotInUse", "EntityNotExists.ResourceDirectory"]);

export function createResourceDirectoryApi(ctx: ClientContext): ResourceDirectoryApi {
  const product = "resourcemanager";
  const endpoint = ctx.endpointHost(product);
  const pageSize = () => ctx.pageSize(1, MAX_PAGE_SIZE);

  const status = (value: string | undefined, action: string): ControlPolicyStatus => {
    const found = CONTROL_POLICY_STATUSES.find((known) => known === value);
    return (
      found ?? ctx.unexpected(`a known control policy status (got \`${String(value)}\`)`, product, action)
    );
  };

  const policyType = (value: string | undefined): "System" | "Custom" =>
    value === "System" ? "System" : "Custom";

  const summary = (
    p: {
      policyId?: string;
      policyName?: string;
      policyType?: string;
      description?: string;
      effectScope?: string;
      attachmentCount?: string;
      createDate?: string;
      updateDate?: string;
    },
    action: string,
  ): ControlPolicySummary => ({
    policyId: ctx.must(p.policyId, "PolicyId", product, action),
    policyName: ctx.must(p.policyName, "PolicyName", product, action),
    policyType: policyType(p.policyType),
    description: p.description ?? "",
    effectScope: p.effectScope ?? "RAM",
    attachmentCount: Number(p.attachmentCount ?? 0) || 0,
    ...(p.createDate === undefined ? {} : { createDate: p.createDate }),
    ...(p.updateDate === undefined ? {} : { updateDate: p.updateDate }),
  });

  const api: ResourceDirectoryApi = {
    async getDirectory() {
      const action = "GetResourceDirectory";
      let body;
      try {
        body = (await ctx.call(product, action, { idempotent: true }, (rm) => rm.getResourceDirectory()))
          .body;
      } catch (err) {
        if (isCloudClientError(err) && NO_DIRECTORY.has(err.code)) return undefined;
        throw err;
      }
      const directory = body?.resourceDirectory;
      return {
        directoryId: ctx.must(
          directory?.resourceDirectoryId,
          "ResourceDirectory.ResourceDirectoryId",
          product,
          action,
        ),
        rootFolderId: ctx.must(directory?.rootFolderId, "ResourceDirectory.RootFolderId", product, action),
        managementAccountId: ctx.must(
          directory?.masterAccountId,
          "ResourceDirectory.MasterAccountId",
          product,
          action,
        ),
        ...(directory?.masterAccountName ? { managementAccountName: directory.masterAccountName } : {}),
        controlPolicyStatus: status(directory?.controlPolicyStatus, action),
      };
    },

    async listFolders() {
      const directory = await api.getDirectory();
      return directory === undefined ? [] : folderTree(directory);
    },

    async listAccounts() {
      const action = "ListAccounts";
      const directory = await api.getDirectory();
      if (directory === undefined) return [];
      const folders = await folderTree(directory);
      const paths = new Map(folders.map((folder) => [folder.folderId, folder.path]));
      const accounts = await allOffsetPages(
        { product, action, endpoint },
        pageSize(),
        async (pageNumber, size) => {
          const body = (
            await ctx.call(product, action, { idempotent: true }, (rm) =>
              rm.listAccounts(new Rm.ListAccountsRequest({ pageNumber, pageSize: size })),
            )
          ).body;
          return { items: body?.accounts?.account ?? [], ...totalOf(body?.totalCount) };
        },
      );
      return accounts.map((account) => {
        const accountId = ctx.must(account.accountId, "Accounts.Account.AccountId", product, action);
        const folderId = account.folderId ?? directory.rootFolderId;
        return {
          accountId,
          displayName: account.displayName ?? accountId,
          folderId,
          folderPath: paths.get(folderId) ?? `/${folderId}`,
          type: account.type ?? "",
          status: account.status ?? "",
          joinMethod: account.joinMethod ?? "",
          isManagementAccount: accountId === directory.managementAccountId,
        };
      });
    },

    async getControlPolicyStatus() {
      const action = "GetControlPolicyEnablementStatus";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (rm) => rm.getControlPolicyEnablementStatus())
      ).body;
      return status(body?.enablementStatus, action);
    },

    async enableControlPolicy() {
      const action = "EnableControlPolicy";
      // Enabling twice is refused, not repeated, so a resend after a broken connection is harmless.
      const body = (await ctx.call(product, action, { idempotent: true }, (rm) => rm.enableControlPolicy()))
        .body;
      return status(body?.enablementStatus, action);
    },

    async listControlPolicies(filter = {}) {
      const action = "ListControlPolicies";
      const policies = await allOffsetPages(
        { product, action, endpoint },
        pageSize(),
        async (pageNumber, size) => {
          const body = (
            await ctx.call(product, action, { idempotent: true }, (rm) =>
              rm.listControlPolicies(
                new Rm.ListControlPoliciesRequest({
                  pageNumber,
                  pageSize: size,
                  language: "en",
                  ...(filter.policyType === undefined ? {} : { policyType: filter.policyType }),
                }),
              ),
            )
          ).body;
          return { items: body?.controlPolicies?.controlPolicy ?? [], ...totalOf(body?.totalCount) };
        },
      );
      return policies.map((policy) => summary(policy, action));
    },

    async getControlPolicy(policyId) {
      const action = "GetControlPolicy";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (rm) =>
          rm.getControlPolicy(new Rm.GetControlPolicyRequest({ policyId, language: "en" })),
        )
      ).body;
      const policy = ctx.must(body?.controlPolicy, "ControlPolicy", product, action);
      return {
        ...summary(policy, action),
        document: ctx.must(policy.policyDocument, "ControlPolicy.PolicyDocument", product, action),
      };
    },

    async createControlPolicy(policy) {
      const action = "CreateControlPolicy";
      // Names are unique in a directory: a resent create fails with a clear conflict, never makes two.
      const body = (
        await ctx.call(product, action, { idempotent: true }, (rm) =>
          rm.createControlPolicy(
            new Rm.CreateControlPolicyRequest({
              policyName: policy.name,
              policyDocument: policy.document,
              effectScope: policy.effectScope ?? "RAM",
              ...(policy.description === undefined ? {} : { description: policy.description }),
            }),
          ),
        )
      ).body;
      return summary(ctx.must(body?.controlPolicy, "ControlPolicy", product, action), action);
    },

    async updateControlPolicy(policyId, change) {
      const action = "UpdateControlPolicy";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (rm) =>
          rm.updateControlPolicy(
            new Rm.UpdateControlPolicyRequest({
              policyId,
              ...(change.name === undefined ? {} : { newPolicyName: change.name }),
              ...(change.document === undefined ? {} : { newPolicyDocument: change.document }),
              ...(change.description === undefined ? {} : { newDescription: change.description }),
            }),
          ),
        )
      ).body;
      return summary(ctx.must(body?.controlPolicy, "ControlPolicy", product, action), action);
    },

    async deleteControlPolicy(policyId) {
      await ctx.call(product, "DeleteControlPolicy", { idempotent: true }, (rm) =>
        rm.deleteControlPolicy(new Rm.DeleteControlPolicyRequest({ policyId })),
      );
    },

    async attachControlPolicy(policyId, targetId) {
      await ctx.call(product, "AttachControlPolicy", { idempotent: true }, (rm) =>
        rm.attachControlPolicy(new Rm.AttachControlPolicyRequest({ policyId, targetId })),
      );
    },

    async detachControlPolicy(policyId, targetId) {
      await ctx.call(product, "DetachControlPolicy", { idempotent: true }, (rm) =>
        rm.detachControlPolicy(new Rm.DetachControlPolicyRequest({ policyId, targetId })),
      );
    },

    async listControlPolicyAttachments(targetId) {
      const action = "ListControlPolicyAttachmentsForTarget";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (rm) =>
          rm.listControlPolicyAttachmentsForTarget(
            new Rm.ListControlPolicyAttachmentsForTargetRequest({ targetId, language: "en" }),
          ),
        )
      ).body;
      return (body?.controlPolicyAttachments?.controlPolicyAttachment ?? []).map((attachment) => ({
        policyId: ctx.must(attachment.policyId, "PolicyId", product, action),
        policyName: ctx.must(attachment.policyName, "PolicyName", product, action),
        policyType: policyType(attachment.policyType),
        effectScope: attachment.effectScope ?? "RAM",
        ...(attachment.attachDate === undefined ? {} : { attachDate: attachment.attachDate }),
      }));
    },

    async listControlPolicyTargets(policyId) {
      const action = "ListTargetAttachmentsForControlPolicy";
      const targets = await allOffsetPages(
        { product, action, endpoint },
        pageSize(),
        async (pageNumber, size) => {
          const body = (
            await ctx.call(product, action, { idempotent: true }, (rm) =>
              rm.listTargetAttachmentsForControlPolicy(
                new Rm.ListTargetAttachmentsForControlPolicyRequest({ policyId, pageNumber, pageSize: size }),
              ),
            )
          ).body;
          return { items: body?.targetAttachments?.targetAttachment ?? [], ...totalOf(body?.totalCount) };
        },
      );
      return targets.map((target) => ({
        targetId: ctx.must(target.targetId, "TargetAttachments.TargetAttachment.TargetId", product, action),
        targetName: target.targetName ?? "",
        targetType: target.targetType ?? "",
        ...(target.attachDate === undefined ? {} : { attachDate: target.attachDate }),
      }));
    },
  };

  async function folderTree(directory: ResourceDirectory): Promise<Folder[]> {
    const rootBody = (
      await ctx.call(product, "GetFolder", { idempotent: true }, (rm) =>
        rm.getFolder(new Rm.GetFolderRequest({ folderId: directory.rootFolderId })),
      )
    ).body;
    const rootName = rootBody?.folder?.folderName || "Root";
    const root: Folder = { folderId: directory.rootFolderId, name: rootName, path: `/${rootName}`, depth: 0 };
    const all: Folder[] = [root];
    // Level by level, so every folder's path is known before its children are asked for; a folder
    // listed twice (a cloud answering inconsistently) is kept once, so the walk always ends.
    const seen = new Set([root.folderId]);
    let level: Folder[] = [root];
    while (level.length > 0) {
      const children = await mapWithConcurrency(level, ctx.options.concurrency, (parent) =>
        childFolders(parent),
      );
      level = children.flat().filter((folder) => !seen.has(folder.folderId) && seen.add(folder.folderId));
      all.push(...level);
    }
    const [first, ...rest] = all;
    return [first ?? root, ...rest.sort((a, b) => a.path.localeCompare(b.path))];
  }

  async function childFolders(parent: Folder): Promise<Folder[]> {
    const action = "ListFoldersForParent";
    const listed = await allOffsetPages(
      { product, action, endpoint },
      pageSize(),
      async (pageNumber, size) => {
        const body = (
          await ctx.call(product, action, { idempotent: true }, (rm) =>
            rm.listFoldersForParent(
              new Rm.ListFoldersForParentRequest({
                parentFolderId: parent.folderId,
                pageNumber,
                pageSize: size,
              }),
            ),
          )
        ).body;
        return { items: body?.folders?.folder ?? [], ...totalOf(body?.totalCount) };
      },
    );
    return listed.map((folder) => {
      const name = ctx.must(folder.folderName, "Folders.Folder.FolderName", product, action);
      return {
        folderId: ctx.must(folder.folderId, "Folders.Folder.FolderId", product, action),
        name,
        parentFolderId: parent.folderId,
        path: `${parent.path}/${name}`,
        depth: parent.depth + 1,
      };
    });
  }

  return api;
}

function totalOf(totalCount: number | undefined): { totalCount?: number } {
  return typeof totalCount === "number" && Number.isFinite(totalCount) ? { totalCount } : {};
}
