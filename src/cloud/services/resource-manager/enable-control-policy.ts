import { declareHandler } from "../declared-parameters.js";
import { allFolders, allMembers, managedDirectory } from "./directory.js";
import { attachFullAliyunAccess } from "./full-aliyun-access.js";
import { enablementStatus } from "./render.js";

// Enables the Control Policy feature: FullAliyunAccess is attached to every node (the Root
// folder, every folder, every member), so nothing changes until a custom policy is attached, and
// to every node created afterwards. Alibaba enables asynchronously (`PendingEnable`); the local
// cloud does it inside the call and answers `Enabled`. [decision] Enabling an enabled feature
// changes nothing and answers `Enabled`.

export const enableControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "EnableControlPolicy",
  access: "write",
  parameters: { accepted: [] },
  async handle(ctx) {
    const directory = await managedDirectory(ctx);
    ctx.finishDryRun();
    if (directory.controlPolicyStatus === "Enabled") return { EnablementStatus: enablementStatus("Enabled") };

    const at = ctx.now.toISOString();
    await attachFullAliyunAccess(ctx.store, { targetId: directory.rootFolderId, targetType: "Root" }, at);
    for (const folder of await allFolders(ctx.store, directory.rootFolderId)) {
      await attachFullAliyunAccess(ctx.store, { targetId: folder.folderId, targetType: "Folder" }, at);
    }
    for (const member of await allMembers(ctx.store)) {
      await attachFullAliyunAccess(ctx.store, { targetId: member.accountId, targetType: "Account" }, at);
    }
    await ctx.store.directory.setControlPolicyStatus("Enabled");
    ctx.policiesChanged();
    return { EnablementStatus: enablementStatus("Enabled") };
  },
});
