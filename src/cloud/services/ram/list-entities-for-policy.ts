import { declareHandler } from "../declared-parameters.js";
import { readPolicyRef, requirePolicy } from "./lookup.js";
import { wireTime } from "./render.js";

export const listEntitiesForPolicy = declareHandler({
  product: "ram",
  action: "ListEntitiesForPolicy",
  access: "read",
  parameters: { accepted: ["PolicyName", "PolicyType"] },
  async handle(ctx) {
    const ref = readPolicyRef(ctx);
    await requirePolicy(ctx, ref);
    // Only the caller's account: a system policy's attachments elsewhere are other tenants' business.
    const attachments = await ctx.store.ram.policies.listAttachments({
      accountId: ctx.caller.accountId,
      policy: ref,
    });
    const users = [];
    const groups = [];
    const roles = [];
    for (const attachment of attachments) {
      const attachDate = wireTime(attachment.attachedAt);
      switch (attachment.principalType) {
        case "User": {
          const user = await ctx.store.ram.users.getById(attachment.principalId);
          if (user !== undefined) {
            users.push({
              UserId: user.userId,
              UserName: user.userName,
              DisplayName: user.displayName,
              AttachDate: attachDate,
            });
          }
          break;
        }
        case "Group": {
          const group = await ctx.store.ram.groups.getById(attachment.principalId);
          if (group !== undefined) {
            groups.push({ GroupName: group.groupName, Comments: group.comments, AttachDate: attachDate });
          }
          break;
        }
        case "Role": {
          const role = await ctx.store.ram.roles.getById(attachment.principalId);
          if (role !== undefined) {
            roles.push({
              RoleId: role.roleId,
              RoleName: role.roleName,
              Arn: role.arn,
              Description: role.description,
              AttachDate: attachDate,
            });
          }
          break;
        }
      }
    }
    return { Users: { User: users }, Groups: { Group: groups }, Roles: { Role: roles } };
  },
});
