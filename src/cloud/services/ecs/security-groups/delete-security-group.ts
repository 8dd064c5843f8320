import type { ActionHandler } from "../../handler.js";
import { ownedSecurityGroup } from "../../vpc/network.js";
import { acceptedParameters } from "../../vpc/support/parameters.js";
import { securityGroupNotFound } from "../instances/errors.js";
import { securityGroupInUse } from "./errors.js";

const ACCEPTED = acceptedParameters("RegionId", "SecurityGroupId");

// DeleteSecurityGroup: a group no live instance belongs to (DependencyViolation otherwise, as the
// DeleteSecurityGroup reference says). Groups referencing each other in rules are not modelled, so
// that second DependencyViolation cannot arise. The default group can be deleted like any other;
// the local cloud makes a new one the next time the region's default network is needed.
export const deleteSecurityGroup: ActionHandler = {
  product: "ecs",
  action: "DeleteSecurityGroup",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud does not model it");
    const securityGroupId = ctx.params.str("SecurityGroupId");
    const group = await ownedSecurityGroup(ctx.store, ctx.caller.accountId, securityGroupId);
    if (group === undefined || group.regionId !== ctx.regionId) throw securityGroupNotFound();
    const members = await ctx.store.instances.count({ accountId: group.accountId, securityGroupId });
    if (members > 0) throw securityGroupInUse();
    ctx.finishDryRun();
    await ctx.store.network.securityGroups.delete(securityGroupId);
    return {};
  },
};
