import { declareHandler } from "../declared-parameters.js";
import { deleteConflict } from "./errors.js";
import { requireGroup } from "./lookup.js";
import { readGroupName } from "./names.js";

// RAM refuses to delete a group with members (`DeleteConflict.Group.User`) or attached policies
// (`DeleteConflict.Group.Policy`).
export const deleteGroup = declareHandler({
  product: "ram",
  action: "DeleteGroup",
  access: "write",
  parameters: { accepted: ["GroupName"] },
  async handle(ctx) {
    const group = await requireGroup(ctx, readGroupName(ctx.params));
    const members = await ctx.store.ram.groups.listMembers(group.groupId, { maxResults: 1 });
    if (members.items.length > 0) {
      throw deleteConflict(
        "Group.User",
        `The group CAN NOT has any user member while deleting the group: ${group.groupName} has members.`,
      );
    }
    const attached = await ctx.store.ram.policies.listAttachments({
      accountId: ctx.caller.accountId,
      principal: { principalType: "Group", principalId: group.groupId },
    });
    if (attached.length > 0) {
      throw deleteConflict(
        "Group.Policy",
        `The entity CAN NOT has any attached policy while deleting the group: ${group.groupName} has ${attached.length}.`,
      );
    }
    ctx.finishDryRun();

    await ctx.store.ram.groups.delete(group.groupId);
    ctx.policiesChanged();
    return {};
  },
});
