import { declareHandler } from "../declared-parameters.js";
import { findFolder, managedDirectory, readFolderId } from "./directory.js";
import { folderHasAccounts, folderHasSubFolders, invalidRdParameter } from "./errors.js";

// Deletes an empty folder (no subfolder, no member), with the control policies attached to it.
// [decision] The Root folder goes only with the directory.

export const deleteFolder = declareHandler({
  product: "resourcemanager",
  action: "DeleteFolder",
  access: "write",
  parameters: { accepted: ["FolderId"] },
  async handle(ctx) {
    const folderId = readFolderId(ctx.params, "FolderId", true);
    await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, folderId);
    if (folder.parentFolderId === undefined) {
      throw invalidRdParameter(
        "FolderId",
        `The FolderId is invalid: \`${folderId}\` is the Root folder, which cannot be deleted.`,
      );
    }
    const one = { maxResults: 1 };
    if ((await ctx.store.directory.listFolders({ parentFolderId: folderId }, one)).items.length > 0) {
      throw folderHasSubFolders(folderId);
    }
    if ((await ctx.store.directory.listMembers({ folderId }, one)).items.length > 0)
      throw folderHasAccounts(folderId);
    ctx.finishDryRun();

    await ctx.store.directory.deleteFolder(folderId);
    ctx.policiesChanged();
    return {};
  },
});
