// The Resource Directory as the organisation page shows it, read through the cloud's own API as the
// signed-in user: GetResourceDirectory, then from Root down ListFoldersForParent and
// ListAccountsForParent, and for every node ListControlPolicyAttachmentsForTarget. A listing the
// user may not make is kept on its node as an error (with the cloud's explanation), so the rest of
// the tree still shows and the refusal is explained where it happened.
import { api, asApiError, type ApiError } from "../../lib/api.js";
import { listOf } from "../../lib/format.js";

export type OrgNodeType = "Root" | "Folder" | "Account";

export interface PolicyAttachment {
  readonly policyId: string;
  readonly policyName: string;
  /** `System` or `Custom`. */
  readonly policyType: string;
  readonly effectScope: string;
  readonly attachDate: string;
  readonly description: string;
}

export interface OrgNode {
  readonly id: string;
  readonly type: OrgNodeType;
  readonly name: string;
  /** Accounts: the account type (`ResourceAccount`, `CloudAccount`). */
  readonly accountType?: string;
  readonly management?: boolean;
  readonly children: readonly OrgNode[];
  /** Why the folders or accounts under this folder could not be listed. */
  readonly childrenError?: ApiError;
  /** Undefined when they could not be listed (see `attachmentsError`). */
  readonly attachments?: readonly PolicyAttachment[];
  readonly attachmentsError?: ApiError;
}

export interface Organisation {
  readonly directoryId: string;
  readonly managementAccountId: string;
  readonly managementAccountName: string;
  /** `Enabled`, `Disabled`, `PendingEnable`, `PendingDisable`. */
  readonly controlPolicyStatus: string;
  readonly root: OrgNode;
}

export interface ControlPolicySummary {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: string;
  readonly effectScope: string;
  readonly description: string;
  readonly attachmentCount: number;
}

const PAGE_SIZE = 100;

const text = (record: Record<string, unknown>, name: string): string =>
  typeof record[name] === "string" ? (record[name] as string) : "";

/** Every item of a paged ResourceManager listing. */
async function allPages(
  action: string,
  params: Record<string, unknown>,
  container: string,
  member: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const body = await api.call<Record<string, unknown>>("ResourceManager", action, {
      ...params,
      PageNumber: page,
      PageSize: PAGE_SIZE,
    });
    const batch = listOf<Record<string, unknown>>(body[container], member);
    items.push(...batch);
    const total = Number(body["TotalCount"] ?? items.length);
    if (batch.length === 0 || items.length >= total) return items;
  }
}

async function attachmentsOf(targetId: string): Promise<Pick<OrgNode, "attachments" | "attachmentsError">> {
  try {
    const body = await api.call<Record<string, unknown>>(
      "ResourceManager",
      "ListControlPolicyAttachmentsForTarget",
      {
        TargetId: targetId,
        // The system policy's description comes in Chinese unless asked for in English.
        Language: "en",
      },
    );
    const attachments = listOf<Record<string, unknown>>(
      body["ControlPolicyAttachments"],
      "ControlPolicyAttachment",
    ).map((item): PolicyAttachment => ({
      policyId: text(item, "PolicyId"),
      policyName: text(item, "PolicyName"),
      policyType: text(item, "PolicyType"),
      effectScope: text(item, "EffectScope"),
      attachDate: text(item, "AttachDate"),
      description: text(item, "Description"),
    }));
    return { attachments };
  } catch (err) {
    return { attachmentsError: asApiError(err) };
  }
}

async function folderNode(
  id: string,
  type: "Root" | "Folder",
  name: string,
  managementAccountId: string,
): Promise<OrgNode> {
  const [listing, attached] = await Promise.all([
    (async () => {
      try {
        const [folders, accounts] = await Promise.all([
          allPages("ListFoldersForParent", { ParentFolderId: id }, "Folders", "Folder"),
          allPages("ListAccountsForParent", { ParentFolderId: id }, "Accounts", "Account"),
        ]);
        return { folders, accounts };
      } catch (err) {
        return { error: asApiError(err) };
      }
    })(),
    attachmentsOf(id),
  ]);
  if ("error" in listing) return { id, type, name, children: [], childrenError: listing.error, ...attached };
  const children = await Promise.all([
    ...listing.folders.map((folder) =>
      folderNode(text(folder, "FolderId"), "Folder", text(folder, "FolderName"), managementAccountId),
    ),
    ...listing.accounts.map(async (account): Promise<OrgNode> => {
      const accountId = text(account, "AccountId");
      return {
        id: accountId,
        type: "Account",
        name: text(account, "DisplayName") || accountId,
        accountType: text(account, "Type"),
        management: accountId === managementAccountId,
        children: [],
        ...(await attachmentsOf(accountId)),
      };
    }),
  ]);
  return { id, type, name, children, ...attached };
}

/** The whole directory; throws (an ApiError) only when the directory itself cannot be read. */
export async function loadOrganisation(): Promise<Organisation> {
  const body = await api.call<Record<string, unknown>>("ResourceManager", "GetResourceDirectory");
  const directory = (body["ResourceDirectory"] ?? {}) as Record<string, unknown>;
  const managementAccountId = text(directory, "MasterAccountId");
  return {
    directoryId: text(directory, "ResourceDirectoryId"),
    managementAccountId,
    managementAccountName: text(directory, "MasterAccountName"),
    controlPolicyStatus: text(directory, "ControlPolicyStatus"),
    root: await folderNode(text(directory, "RootFolderId"), "Root", "Root", managementAccountId),
  };
}

/** Every control policy of the directory, system and custom, for the attach picker. */
export async function loadControlPolicies(): Promise<ControlPolicySummary[]> {
  const items = await allPages("ListControlPolicies", { Language: "en" }, "ControlPolicies", "ControlPolicy");
  return items
    .map((item) => ({
      policyId: text(item, "PolicyId"),
      policyName: text(item, "PolicyName"),
      policyType: text(item, "PolicyType"),
      effectScope: text(item, "EffectScope"),
      description: text(item, "Description"),
      attachmentCount: Number(item["AttachmentCount"] ?? 0),
    }))
    .sort((a, b) => a.policyName.localeCompare(b.policyName));
}

/** The node with `id`, depth first. */
export function findNode(node: OrgNode, id: string): OrgNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children) {
    const found = findNode(child, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The same tree with `id`'s attachments replaced (after an attach or a detach). */
export function withAttachments(
  node: OrgNode,
  id: string,
  attached: Pick<OrgNode, "attachments" | "attachmentsError">,
): OrgNode {
  if (node.id === id) {
    const { attachments: _a, attachmentsError: _e, ...rest } = node;
    return { ...rest, ...attached };
  }
  return { ...node, children: node.children.map((child) => withAttachments(child, id, attached)) };
}

export async function reloadAttachments(
  targetId: string,
): Promise<Pick<OrgNode, "attachments" | "attachmentsError">> {
  return attachmentsOf(targetId);
}
