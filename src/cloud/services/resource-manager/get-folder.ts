import type { ActionHandler } from "../handler.js";
import { findFolder, managedDirectory, rdPath, readFolderId } from "./directory.js";
import { folderView } from "./render.js";

export const getFolder: ActionHandler = {
  product: "resourcemanager",
  action: "GetFolder",
  access: "read",
  async handle(ctx) {
    const folderId = readFolderId(ctx.params, "FolderId", true);
    const directory = await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, folderId);
    return { Folder: folderView(folder, await rdPath(ctx.store, directory, folder.folderId)) };
  },
};
