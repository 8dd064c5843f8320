import { declareHandler } from "../declared-parameters.js";
import { RAM_LENGTHS } from "./limits.js";
import { requireRole } from "./lookup.js";
import { readRoleName, readText } from "./names.js";
import { validateDocument } from "./policy-document.js";
import { readMaxSessionDuration } from "./read-max-session-duration.js";
import { fullRole } from "./render.js";

export const updateRole = declareHandler({
  product: "ram",
  action: "UpdateRole",
  access: "write",
  parameters: {
    accepted: ["NewAssumeRolePolicyDocument", "NewDescription", "NewMaxSessionDuration", "RoleName"],
  },
  async handle(ctx) {
    const roleName = readRoleName(ctx.params);
    const rawTrust = ctx.params.optStr("NewAssumeRolePolicyDocument");
    const trust =
      rawTrust === undefined || rawTrust === ""
        ? undefined
        : validateDocument(rawTrust, "NewAssumeRolePolicyDocument", "trust");
    const description = readText(ctx.params, "NewDescription", RAM_LENGTHS.roleDescription);
    const maxSessionDuration = readMaxSessionDuration(ctx.params, "NewMaxSessionDuration");
    const role = await requireRole(ctx, roleName);
    ctx.finishDryRun();

    await ctx.store.ram.roles.update(role.roleId, {
      assumeRolePolicyDocument: trust?.text,
      description,
      maxSessionDuration,
      updatedAt: ctx.now.toISOString(),
    });
    ctx.policiesChanged();
    const updated = await ctx.store.ram.roles.getById(role.roleId);
    return { Role: fullRole(updated ?? role) };
  },
});
