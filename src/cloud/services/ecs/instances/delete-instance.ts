import { incorrectInstanceStatus } from "../../../http/index.js";
import type { ActionHandler } from "../../handler.js";
import { acceptedParameters } from "../../vpc/support/parameters.js";
import { deletionProtected } from "./errors.js";
import { ownedInstance } from "./lookup.js";

const ACCEPTED = acceptedParameters("InstanceId", "RegionId", "Force", "ForceStop", "TerminateSubscription");

// DeleteInstance: releases a Stopped instance, or a Running one with `Force=true` (the
// DeleteInstance reference); a Running instance without Force is IncorrectInstanceStatus (403), a
// protected one InvalidOperation.DeletionProtection (403). The row stays as `Deleted` (scans and
// audits can still name it) and its tags go, as a released resource's do. `ForceStop` only changes
// how the guest shuts down; `TerminateSubscription` concerns expired subscriptions, which the local
// cloud does not have.
export const deleteInstance: ActionHandler = {
  product: "ecs",
  action: "DeleteInstance",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud does not model it");
    const force = ctx.params.optBool("Force") ?? false;
    ctx.params.optBool("ForceStop");
    ctx.params.optBool("TerminateSubscription");
    const instance = await ownedInstance(ctx);
    if (instance.deletionProtection) throw deletionProtected();
    if (!(instance.status === "Stopped" || (instance.status === "Running" && force))) {
      throw incorrectInstanceStatus();
    }
    ctx.finishDryRun();
    await ctx.store.instances.markDeleted([instance.instanceId], ctx.now.toISOString());
    return {};
  },
};
