import { newFolderId } from "../../model/index.js";
import type { RdFolder } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { childFolders, findFolder, folderDepth, managedDirectory, readFolderId } from "./directory.js";
import { folderDepthExceeded, folderNameUsed } from "./errors.js";
import { attachIfEnabled } from "./full-aliyun-access.js";
import { RD_LIMITS } from "./limits.js";
import { readFolderName } from "./names.js";
import { folderView } from "./render.js";

// A folder under ParentFolderId (the Root folder when absent). Alibaba allows five levels of
// folders below the Root folder (`LimitExceeded.Folder.Depth`) and unique names under one parent.

export const createFolder = declareHandler({
  product: "resourcemanager",
  action: "CreateFolder",
  access: "write",
  parameters: { accepted: ["FolderName", "ParentFolderId"] },
  async handle(ctx) {
    const folderName = readFolderName(ctx.params, "FolderName");
    const parentParam = readFolderId(ctx.params, "ParentFolderId", false);
    const directory = await managedDirectory(ctx);
    const parent = await findFolder(ctx.store, parentParam ?? directory.rootFolderId);
    if ((await folderDepth(ctx.store, parent.folderId)) >= RD_LIMITS.folderDepth) {
      throw folderDepthExceeded(RD_LIMITS.folderDepth);
    }
    if (
      (await childFolders(ctx.store, parent.folderId)).some((sibling) => sibling.folderName === folderName)
    ) {
      throw folderNameUsed(folderName);
    }
    ctx.finishDryRun();

    const createdAt = ctx.now.toISOString();
    let folderId: string;
    do folderId = newFolderId();
    while ((await ctx.store.directory.getFolder(folderId)) !== undefined);
    const folder: RdFolder = { folderId, folderName, parentFolderId: parent.folderId, createdAt };
    await ctx.store.directory.insertFolder(folder);
    await attachIfEnabled(ctx.store, { targetId: folderId, targetType: "Folder" }, createdAt);
    ctx.policiesChanged();
    return { Folder: folderView(folder) };
  },
});
