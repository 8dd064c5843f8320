import { declareHandler } from "../declared-parameters.js";
import { childFolders, findFolder, managedDirectory, readFolderId } from "./directory.js";
import { folderNameUsed, invalidRdParameter } from "./errors.js";
import { readFolderName } from "./names.js";
import { folderView } from "./render.js";

// Renames a folder; the name stays unique under its parent. [decision] The Root folder keeps its
// name `Root`, as in Alibaba's console.

export const updateFolder = declareHandler({
  product: "resourcemanager",
  action: "UpdateFolder",
  access: "write",
  parameters: { accepted: ["FolderId", "NewFolderName"] },
  async handle(ctx) {
    const folderId = readFolderId(ctx.params, "FolderId", true);
    const folderName = readFolderName(ctx.params, "NewFolderName");
    await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, folderId);
    if (folder.parentFolderId === undefined) {
      throw invalidRdParameter(
        "FolderId",
        `The FolderId is invalid: \`${folderId}\` is the Root folder, which cannot be renamed.`,
      );
    }
    const siblings = await childFolders(ctx.store, folder.parentFolderId);
    if (siblings.some((sibling) => sibling.folderId !== folderId && sibling.folderName === folderName)) {
      throw folderNameUsed(folderName);
    }
    ctx.finishDryRun();

    await ctx.store.directory.updateFolder(folderId, { folderName });
    ctx.policiesChanged();
    return { Folder: folderView({ ...folder, folderName }) };
  },
});
