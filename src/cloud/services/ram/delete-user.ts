import { declareHandler } from "../declared-parameters.js";
import { deleteConflict } from "./errors.js";
import { requireUser } from "./lookup.js";
import { readUserName } from "./names.js";

// RAM refuses to delete a user that still has AccessKeys, group memberships or attached policies
// (`DeleteConflict.User.AccessKey`, `.Group`, `.Policy`, in that order of RAM's error list).
export const deleteUser = declareHandler({
  product: "ram",
  action: "DeleteUser",
  access: "write",
  parameters: { accepted: ["UserName"] },
  async handle(ctx) {
    const user = await requireUser(ctx, readUserName(ctx.params));
    const { accountId } = ctx.caller;

    const keys = await ctx.store.ram.accessKeys.listForOwner(accountId, {
      type: "user",
      userId: user.userId,
    });
    if (keys.length > 0) {
      throw deleteConflict(
        "User.AccessKey",
        `The user CAN NOT has any access key while deleting the user: ${user.userName} has ${keys.length}.`,
      );
    }
    const groups = await ctx.store.ram.groups.listForUser(user.userId);
    if (groups.length > 0) {
      throw deleteConflict(
        "User.Group",
        `The user CAN NOT be in any group while deleting the user: ${user.userName} is in ${groups.map((g) => g.groupName).join(", ")}.`,
      );
    }
    const attached = await ctx.store.ram.policies.listAttachments({
      accountId,
      principal: { principalType: "User", principalId: user.userId },
    });
    if (attached.length > 0) {
      throw deleteConflict(
        "User.Policy",
        `The user CAN NOT has any attached policy while deleting the user: ${user.userName} has ${attached.length}.`,
      );
    }
    ctx.finishDryRun();

    await ctx.store.ram.users.delete(user.userId);
    ctx.policiesChanged();
    return {};
  },
});
