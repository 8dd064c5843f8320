import { newRamRoleId } from "../../model/index.js";
import type { RamRole } from "../../model/index.js";
import { declareHandler } from "../declared-parameters.js";
import { countRoles } from "./counts.js";
import { entityAlreadyExists, limitExceeded } from "./errors.js";
import { RAM_LENGTHS, RAM_LIMITS, SESSION_DURATION } from "./limits.js";
import { readRoleName, readText } from "./names.js";
import { readPolicyDocument } from "./policy-document.js";
import { readMaxSessionDuration } from "./read-max-session-duration.js";
import { createdRole } from "./render.js";
import { roleArn } from "./role-arn.js";
import { TAGS_UNSUPPORTED } from "./unsupported.js";

export const createRole = declareHandler({
  product: "ram",
  action: "CreateRole",
  access: "write",
  parameters: {
    accepted: ["AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "RoleName"],
    notModelled: { Tag: TAGS_UNSUPPORTED },
  },
  async handle(ctx) {
    const roleName = readRoleName(ctx.params);
    // The trust policy is validated as a trust policy: Principal required, no Resource.
    const trust = readPolicyDocument(ctx.params, "AssumeRolePolicyDocument", "trust");
    const description = readText(ctx.params, "Description", RAM_LENGTHS.roleDescription);
    const maxSessionDuration =
      readMaxSessionDuration(ctx.params, "MaxSessionDuration") ?? SESSION_DURATION.default;
    const { accountId } = ctx.caller;
    const arn = roleArn(accountId, roleName);

    if (
      (await ctx.store.ram.roles.get(accountId, roleName)) !== undefined ||
      (await ctx.store.ram.roles.getByArn(arn)) !== undefined
    ) {
      throw entityAlreadyExists("Role", roleName);
    }
    if ((await countRoles(ctx.store, accountId)) >= RAM_LIMITS.rolesPerAccount) {
      throw limitExceeded(
        "Role",
        `The count of roles beyond the current limits. An account can have at most ${RAM_LIMITS.rolesPerAccount} roles.`,
      );
    }
    ctx.finishDryRun();

    const now = ctx.now.toISOString();
    const role: RamRole = {
      accountId,
      roleId: newRamRoleId(),
      roleName,
      arn,
      description,
      assumeRolePolicyDocument: trust.text,
      maxSessionDuration,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.store.ram.roles.insert(role);
    ctx.policiesChanged();
    return { Role: createdRole(role) };
  },
});
