import { declareHandler } from "../declared-parameters.js";
import { allFolders, allMembers, managedDirectory } from "./directory.js";
import { enablementStatus } from "./render.js";

// Disables the Control Policy feature. Alibaba: "every control policy attached to folders and
// members is detached automatically; the policies themselves are kept, but cannot be attached to
// any node" until the feature is enabled again. Done inside the call, answering `Disabled`.
// [decision] Disabling a disabled feature changes nothing and answers `Disabled`.

export const disableControlPolicy = declareHandler({
  product: "resourcemanager",
  action: "DisableControlPolicy",
  access: "write",
  parameters: { accepted: [] },
  async handle(ctx) {
    const directory = await managedDirectory(ctx);
    ctx.finishDryRun();
    if (directory.controlPolicyStatus === "Disabled")
      return { EnablementStatus: enablementStatus("Disabled") };

    const nodes = [
      directory.rootFolderId,
      ...(await allFolders(ctx.store, directory.rootFolderId)).map((folder) => folder.folderId),
      ...(await allMembers(ctx.store)).map((member) => member.accountId),
    ];
    for (const targetId of nodes) {
      for (const policy of await ctx.store.controlPolicies.listForTarget(targetId)) {
        await ctx.store.controlPolicies.detach(policy.policyId, targetId);
      }
    }
    await ctx.store.directory.setControlPolicyStatus("Disabled");
    ctx.policiesChanged();
    return { EnablementStatus: enablementStatus("Disabled") };
  },
});
