import { incorrectInstanceStatus } from "../../../http/index.js";
import type { ActionHandler } from "../../handler.js";
import { acceptedParameters, unsupportedValue } from "../../vpc/support/parameters.js";
import { ownedInstance } from "./lookup.js";

const ACCEPTED = acceptedParameters("InstanceId", "RegionId", "InitLocalDisk");

// StartInstance: a Stopped instance starts; any other status is IncorrectInstanceStatus (403), a
// Running one included, as on Alibaba. [decision] Starting → Running completes before the call
// returns (see run-instances.ts, lifecycle).
export const startInstance: ActionHandler = {
  product: "ecs",
  action: "StartInstance",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud does not model it");
    if (ctx.params.optBool("InitLocalDisk") === true) {
      throw unsupportedValue("InitLocalDisk", "true", "local disks are not modelled");
    }
    const instance = await ownedInstance(ctx);
    if (instance.status !== "Stopped") throw incorrectInstanceStatus();
    ctx.finishDryRun();
    await ctx.store.instances.update(instance.instanceId, {
      status: "Running",
      startedAt: ctx.now.toISOString(),
    });
    return {};
  },
};
