import { declareHandler } from "../declared-parameters.js";
import { limitExceeded, userAlreadyInGroup } from "./errors.js";
import { RAM_LIMITS } from "./limits.js";
import { requireGroup, requireUser } from "./lookup.js";
import { readGroupName, readUserName } from "./names.js";

export const addUserToGroup = declareHandler({
  product: "ram",
  action: "AddUserToGroup",
  access: "write",
  parameters: { accepted: ["GroupName", "UserName"] },
  async handle(ctx) {
    const userName = readUserName(ctx.params);
    const groupName = readGroupName(ctx.params);
    const user = await requireUser(ctx, userName);
    const group = await requireGroup(ctx, groupName);

    const groups = await ctx.store.ram.groups.listForUser(user.userId);
    if (groups.some((g) => g.groupId === group.groupId)) throw userAlreadyInGroup(userName, groupName);
    if (groups.length >= RAM_LIMITS.groupsPerUser) {
      throw limitExceeded(
        "User.Group",
        `The count of groups the target user joined beyond the current limits: ${userName} is in ${groups.length} groups, the maximum is ${RAM_LIMITS.groupsPerUser}.`,
      );
    }
    ctx.finishDryRun();

    await ctx.store.ram.groups.addMember({
      groupId: group.groupId,
      userId: user.userId,
      joinedAt: ctx.now.toISOString(),
    });
    ctx.policiesChanged();
    return {};
  },
});
