import type { Folder } from "../../client/index.js";
import type { InventoryFolder } from "./types.js";

/** Each folder's chain from Root down to itself. */
export function folderChains(folders: readonly Folder[]): Map<string, InventoryFolder[]> {
  const byId = new Map(folders.map((folder) => [folder.folderId, folder]));
  const chains = new Map<string, InventoryFolder[]>();
  for (const folder of folders) {
    const chain: InventoryFolder[] = [];
    const seen = new Set<string>();
    for (let at: Folder | undefined = folder; at !== undefined && !seen.has(at.folderId);) {
      seen.add(at.folderId);
      chain.unshift({ folderId: at.folderId, name: at.name });
      at = at.parentFolderId === undefined ? undefined : byId.get(at.parentFolderId);
    }
    chains.set(folder.folderId, chain);
  }
  return chains;
}
