import { declareHandler } from "../declared-parameters.js";
import { requireUser } from "./lookup.js";
import { readUserName } from "./names.js";
import { wireTime } from "./render.js";

export const listGroupsForUser = declareHandler({
  product: "ram",
  action: "ListGroupsForUser",
  access: "read",
  parameters: { accepted: ["UserName"] },
  async handle(ctx) {
    const user = await requireUser(ctx, readUserName(ctx.params));
    const groups = await ctx.store.ram.groups.listForUser(user.userId);
    const rows = await Promise.all(
      groups.map(async (group) => {
        const membership = await ctx.store.ram.groups.getMembership(group.groupId, user.userId);
        return {
          GroupId: group.groupId,
          GroupName: group.groupName,
          Comments: group.comments,
          JoinDate: membership === undefined ? undefined : wireTime(membership.joinedAt),
        };
      }),
    );
    return { Groups: { Group: rows } };
  },
});
