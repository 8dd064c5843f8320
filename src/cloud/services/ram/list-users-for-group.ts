import { declareHandler } from "../declared-parameters.js";
import { requireGroup } from "./lookup.js";
import { readGroupName } from "./names.js";
import { markerFields, readMarkerPaging } from "./paging.js";
import { wireTime } from "./render.js";

export const listUsersForGroup = declareHandler({
  product: "ram",
  action: "ListUsersForGroup",
  access: "read",
  parameters: { accepted: ["GroupName", "Marker", "MaxItems"] },
  async handle(ctx) {
    const group = await requireGroup(ctx, readGroupName(ctx.params));
    const page = await ctx.store.ram.groups.listMembers(group.groupId, readMarkerPaging(ctx.params));
    const rows = await Promise.all(
      page.items.map(async (user) => {
        const membership = await ctx.store.ram.groups.getMembership(group.groupId, user.userId);
        return {
          UserName: user.userName,
          DisplayName: user.displayName,
          JoinDate: membership === undefined ? undefined : wireTime(membership.joinedAt),
        };
      }),
    );
    return { Users: { User: rows }, ...markerFields(page) };
  },
});
