import { incorrectInstanceStatus, invalidParameter } from "../../../http/index.js";
import type { ActionHandler } from "../../handler.js";
import { acceptedParameters, readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import { ownedInstance } from "./lookup.js";

const ACCEPTED = acceptedParameters(
  "InstanceId",
  "RegionId",
  "ForceStop",
  "StoppedMode",
  "ConfirmStop",
  "Hibernate",
);

// StopInstance: a Running instance stops; any other status is IncorrectInstanceStatus (403).
// [decision] Stopping → Stopped completes before the call returns, so a remediation can replace the
// system disk right after (see run-instances.ts, lifecycle). `ForceStop` changes how the guest is
// shut down, which the local cloud has none of: both ways end Stopped.
// `StoppedMode=StopCharging` (economical mode) is accepted and the instance stops in standard mode,
// as Alibaba does for instances that do not support economical mode ("the API does not return an
// error; the instance is stopped as a priority"): the local cloud bills nothing, so it has none.
// `ConfirmStop` is deprecated and ignored by Alibaba itself.
export const stopInstance: ActionHandler = {
  product: "ecs",
  action: "StopInstance",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud does not model it");
    ctx.params.optBool("ForceStop");
    ctx.params.optBool("ConfirmStop");
    readChoice(ctx, "StoppedMode", ["StopCharging", "KeepCharging"], () =>
      invalidParameter("StoppedMode", "Valid values are StopCharging and KeepCharging."),
    );
    if (ctx.params.optBool("Hibernate") === true) {
      throw unsupportedValue("Hibernate", "true", "hibernation is not modelled");
    }
    const instance = await ownedInstance(ctx);
    if (instance.status !== "Running") throw incorrectInstanceStatus();
    ctx.finishDryRun();
    // StartTime keeps the last start, as Alibaba shows it for a stopped instance.
    await ctx.store.instances.update(instance.instanceId, { status: "Stopped" });
    return {};
  },
};
