import { declareHandler } from "../declared-parameters.js";
import { deleteConflict } from "./errors.js";
import { requireRole } from "./lookup.js";
import { readRoleName } from "./names.js";

// RAM refuses to delete a role with attached policies (`DeleteConflict.Role.Policy`). Sessions
// already issued for it stay valid until they expire but, with no role behind them, are refused
// everything (the credential resolver finds no policies for a role id that no longer exists).
export const deleteRole = declareHandler({
  product: "ram",
  action: "DeleteRole",
  access: "write",
  parameters: { accepted: ["RoleName"] },
  async handle(ctx) {
    const role = await requireRole(ctx, readRoleName(ctx.params));
    const attached = await ctx.store.ram.policies.listAttachments({
      accountId: ctx.caller.accountId,
      principal: { principalType: "Role", principalId: role.roleId },
    });
    if (attached.length > 0) {
      throw deleteConflict(
        "Role.Policy",
        `The role CAN NOT has any attached policy while deleting the role: ${role.roleName} has ${attached.length}.`,
      );
    }
    ctx.finishDryRun();

    await ctx.store.ram.roles.delete(role.roleId);
    ctx.policiesChanged();
    return {};
  },
});
