import { declareHandler } from "../declared-parameters.js";
import { findFolder, findMember, managedDirectory, readAccountId, readFolderId } from "./directory.js";

// Moves a member to another folder. Its own control policy attachments go with it; what it
// inherits changes with its new ancestors, at once.

export const moveAccount = declareHandler({
  product: "resourcemanager",
  action: "MoveAccount",
  access: "write",
  parameters: { accepted: ["AccountId", "DestinationFolderId"] },
  async handle(ctx) {
    const accountId = readAccountId(ctx.params);
    const destinationId = readFolderId(ctx.params, "DestinationFolderId", true);
    await managedDirectory(ctx);
    const { member } = await findMember(ctx.store, accountId);
    const destination = await findFolder(ctx.store, destinationId);
    ctx.finishDryRun();

    if (member.folderId !== destination.folderId) {
      await ctx.store.directory.moveMember(accountId, destination.folderId);
      ctx.policiesChanged();
    }
    return {};
  },
});
