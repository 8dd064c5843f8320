import { declareHandler } from "../declared-parameters.js";
import { userNotInGroup } from "./errors.js";
import { requireGroup, requireUser } from "./lookup.js";
import { readGroupName, readUserName } from "./names.js";

export const removeUserFromGroup = declareHandler({
  product: "ram",
  action: "RemoveUserFromGroup",
  access: "write",
  parameters: { accepted: ["GroupName", "UserName"] },
  async handle(ctx) {
    const userName = readUserName(ctx.params);
    const groupName = readGroupName(ctx.params);
    const user = await requireUser(ctx, userName);
    const group = await requireGroup(ctx, groupName);
    const groups = await ctx.store.ram.groups.listForUser(user.userId);
    if (!groups.some((g) => g.groupId === group.groupId)) throw userNotInGroup(userName, groupName);
    ctx.finishDryRun();

    await ctx.store.ram.groups.removeMember(group.groupId, user.userId);
    ctx.policiesChanged();
    return {};
  },
});
