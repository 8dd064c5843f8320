// Which Resource Directory node a scope of the spec names: a folder or account by id, or the path of
// names from Root down (`Root/Production`, `Root/Production/app-payments`). Offline a path cannot be
// checked; here it is, against the directory as it is now.
import type { ScopeSelector } from "../spec/types.js";
import type { DeployIssue, ObservedAccount, ObservedFolder } from "./types.js";

export interface DirectoryTree {
  readonly rootFolderId: string;
  readonly managementAccountId: string;
  readonly folders: readonly ObservedFolder[];
  readonly accounts: readonly ObservedAccount[];
}

export interface ResolvedNode {
  readonly nodeId: string;
  readonly kind: "root" | "folder" | "account";
  readonly path: string;
}

export type ScopeResolution =
  { readonly ok: true; readonly node: ResolvedNode } | { readonly ok: false; readonly issue: DeployIssue };

/** How many folder paths an error lists before "…". */
const SHOWN_PATHS = 12;

export function resolveScope(key: string, selector: ScopeSelector, tree: DirectoryTree): ScopeResolution {
  const nodes = directoryNodes(tree);
  let found: ResolvedNode[];
  switch (selector.kind) {
    case "folder":
    case "account":
      found = nodes.filter((node) => node.nodeId === selector.id);
      break;
    case "path": {
      const path = selector.names.join("/");
      found = nodes.filter((node) => node.path === path);
      break;
    }
  }
  if (found.length === 0) {
    const known = tree.folders.map((folder) => `\`${folder.path}\``);
    return {
      ok: false,
      issue: {
        code: "scope-not-found",
        message: `scope \`${key}\` names no ${selector.kind === "path" ? "folder or account" : selector.kind} of the resource directory`,
        help:
          selector.kind === "path"
            ? `paths are folder names from Root down, optionally ending with an account's display name; the directory's folders are ${known.slice(0, SHOWN_PATHS).join(", ")}${known.length > SHOWN_PATHS ? ", …" : ""}`
            : "check the id in the spec against the Resource Directory console, or name the scope by its path",
      },
    };
  }
  if (found.length > 1) {
    return {
      ok: false,
      issue: {
        code: "scope-ambiguous",
        message: `scope \`${key}\` names ${found.length} nodes: ${found.map((node) => `${node.kind} \`${node.nodeId}\``).join(", ")}`,
        help: "name the scope by its id instead of its path",
      },
    };
  }
  const node = found[0] as ResolvedNode;
  if (node.kind === "account" && node.nodeId === tree.managementAccountId) {
    return {
      ok: false,
      issue: {
        code: "management-account-scope",
        message: `scope \`${key}\` is the management account \`${node.nodeId}\`, which control policies never hold`,
        help: "remove the scope, or guard the management account with RAM policies (`--target ram` with its own credentials)",
      },
    };
  }
  return { ok: true, node };
}

/** Every folder and account with its path; the Root folder's kind is `root`. */
export function directoryNodes(tree: DirectoryTree): ResolvedNode[] {
  const paths = new Map(tree.folders.map((folder) => [folder.folderId, folder.path]));
  return [
    ...tree.folders.map((folder) => ({
      nodeId: folder.folderId,
      kind: folder.folderId === tree.rootFolderId ? ("root" as const) : ("folder" as const),
      path: folder.path,
    })),
    ...tree.accounts.map((account) => ({
      nodeId: account.accountId,
      kind: "account" as const,
      path: `${paths.get(account.folderId) ?? account.folderId}/${account.displayName}`,
    })),
  ];
}

/** A node's path for people, or its id when the directory does not know it. */
export function nodeLabel(tree: DirectoryTree, nodeId: string): string {
  return directoryNodes(tree).find((node) => node.nodeId === nodeId)?.path ?? nodeId;
}
