import { declareHandler } from "../declared-parameters.js";
import { childFolders, findFolder, managedDirectory, readFolderId } from "./directory.js";
import { matchesKeyword, pageFields, pageOf, readPaging } from "./paging.js";
import { listedFolder } from "./render.js";

// The folders one level below ParentFolderId (the Root folder when absent), in name order;
// QueryKeyword narrows them by name.

export const listFoldersForParent = declareHandler({
  product: "resourcemanager",
  action: "ListFoldersForParent",
  access: "read",
  parameters: { accepted: ["PageNumber", "PageSize", "ParentFolderId", "QueryKeyword"] },
  async handle(ctx) {
    const parentParam = readFolderId(ctx.params, "ParentFolderId", false);
    const keyword = ctx.params.optStr("QueryKeyword");
    const paging = readPaging(ctx.params);
    const directory = await managedDirectory(ctx);
    const parent = await findFolder(ctx.store, parentParam ?? directory.rootFolderId);
    const folders = (await childFolders(ctx.store, parent.folderId)).filter((folder) =>
      matchesKeyword(keyword, folder.folderName),
    );
    const page = pageOf(folders, paging);
    return { Folders: { Folder: page.items.map(listedFolder) }, ...pageFields(page) };
  },
});
