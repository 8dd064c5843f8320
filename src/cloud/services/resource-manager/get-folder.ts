import { declareHandler } from "../declared-parameters.js";
import { findFolder, managedDirectory, rdPath, readFolderId } from "./directory.js";
import { folderView } from "./render.js";

export const getFolder = declareHandler({
  product: "resourcemanager",
  action: "GetFolder",
  access: "read",
  parameters: { accepted: ["FolderId"] },
  async handle(ctx) {
    const folderId = readFolderId(ctx.params, "FolderId", true);
    const directory = await managedDirectory(ctx);
    const folder = await findFolder(ctx.store, folderId);
    return { Folder: folderView(folder, await rdPath(ctx.store, directory, folder.folderId)) };
  },
});
