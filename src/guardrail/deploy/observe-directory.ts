// Reading a Resource Directory for deployment: its tree, whether control policies are enabled, the
// custom control policies that concern the spec (its own, look-alikes, and any that hold a name it
// needs) with their documents, where the managed ones are attached, and what every scope node
// holds (its free slots). Everything is sorted, so the same cloud reads as the same bytes and a
// saved plan can tell whether anything changed since.
import { mapWithConcurrency } from "../../client/index.js";
import type { CloudClient, ResourceDirectory } from "../../client/index.js";
import { parseMarker } from "./marker.js";
import { resolveScope } from "./resolve-scopes.js";
import type { DirectoryTree } from "./resolve-scopes.js";
import type {
  ObserveRequest,
  ObservedAccount,
  ObservedControlPolicy,
  ObservedDirectory,
  ObservedFolder,
  ObservedNode,
} from "./types.js";

export async function observeDirectory(
  client: CloudClient,
  directory: ResourceDirectory,
  request: ObserveRequest,
): Promise<ObservedDirectory> {
  const limit = 4;
  const [folders, accounts, summaries] = [
    await client.rd.listFolders(),
    await client.rd.listAccounts(),
    await client.rd.listControlPolicies({ policyType: "Custom" }),
  ];
  const observedFolders: ObservedFolder[] = folders
    .map((folder) => ({
      folderId: folder.folderId,
      name: folder.name,
      ...(folder.parentFolderId === undefined ? {} : { parentFolderId: folder.parentFolderId }),
      path: folder.path.replace(/^\//, ""),
    }))
    .sort((a, b) => compare(a.path, b.path));
  const observedAccounts: ObservedAccount[] = accounts
    .map((account) => ({
      accountId: account.accountId,
      displayName: account.displayName,
      folderId: account.folderId,
    }))
    .sort((a, b) => compare(a.accountId, b.accountId));
  const tree: DirectoryTree = {
    rootFolderId: directory.rootFolderId,
    managementAccountId: directory.managementAccountId,
    folders: observedFolders,
    accounts: observedAccounts,
  };

  const concerned = summaries.filter((summary) => concerns(request, summary.policyName, summary.description));
  const policies: ObservedControlPolicy[] = await mapWithConcurrency(concerned, limit, async (summary) => {
    const policy = await client.rd.getControlPolicy(summary.policyId);
    const managed = parseMarker(policy.description)?.namePrefix === request.namePrefix;
    const targets = managed ? await client.rd.listControlPolicyTargets(policy.policyId) : [];
    return {
      policyId: policy.policyId,
      policyName: policy.policyName,
      description: policy.description,
      effectScope: policy.effectScope,
      document: policy.document,
      targets: targets.map((target) => target.targetId).sort(compare),
    };
  });
  policies.sort((a, b) => compare(a.policyName, b.policyName) || compare(a.policyId, b.policyId));

  const nodeIds = new Set<string>();
  for (const selector of request.scopes) {
    const resolved = resolveScope("", selector, tree);
    if (resolved.ok) nodeIds.add(resolved.node.nodeId);
  }
  for (const policy of policies) for (const target of policy.targets) nodeIds.add(target);
  const paths = pathsOf(tree);
  const nodes: ObservedNode[] = await mapWithConcurrency(
    [...nodeIds].sort(compare),
    limit,
    async (nodeId) => {
      const attached = await client.rd.listControlPolicyAttachments(nodeId);
      return {
        nodeId,
        kind:
          nodeId === directory.rootFolderId
            ? ("root" as const)
            : observedFolders.some((folder) => folder.folderId === nodeId)
              ? ("folder" as const)
              : ("account" as const),
        path: paths.get(nodeId) ?? nodeId,
        attached: attached
          .map((attachment) => ({
            policyId: attachment.policyId,
            policyName: attachment.policyName,
            policyType: attachment.policyType,
          }))
          .sort((a, b) => compare(a.policyName, b.policyName) || compare(a.policyId, b.policyId)),
      };
    },
  );

  return {
    kind: "resource-directory",
    directoryId: directory.directoryId,
    rootFolderId: directory.rootFolderId,
    managementAccountId: directory.managementAccountId,
    controlPolicyStatus: directory.controlPolicyStatus,
    folders: observedFolders,
    accounts: observedAccounts,
    policies,
    nodes,
  };
}

/** Policies the plan must know about: any imageguard's, look-alikes by prefix, and holders of a needed name. */
export function concerns(request: ObserveRequest, name: string, description: string): boolean {
  return (
    parseMarker(description) !== undefined ||
    name.startsWith(`${request.namePrefix}-`) ||
    request.policyNames.includes(name)
  );
}

function pathsOf(tree: DirectoryTree): Map<string, string> {
  const folderPaths = new Map(tree.folders.map((folder) => [folder.folderId, folder.path]));
  const paths = new Map(folderPaths);
  for (const account of tree.accounts) {
    paths.set(
      account.accountId,
      `${folderPaths.get(account.folderId) ?? account.folderId}/${account.displayName}`,
    );
  }
  return paths;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
