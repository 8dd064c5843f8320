import type { Instance } from "../../../model/index.js";
import type { CallContext } from "../../handler.js";
import { instanceNotFound } from "./errors.js";

/**
 * The instance a request names by `InstanceId`, as the caller's account sees it: another
 * account's, a released one, or one outside the request's `RegionId` (when it gives one) is
 * InvalidInstanceId.NotFound.
 */
export async function ownedInstance(ctx: CallContext): Promise<Instance> {
  const instanceId = ctx.params.str("InstanceId");
  const instance = await ctx.store.instances.get(instanceId);
  if (
    instance === undefined ||
    instance.status === "Deleted" ||
    instance.accountId !== ctx.caller.accountId ||
    (ctx.params.has("RegionId") && instance.regionId !== ctx.regionId)
  ) {
    throw instanceNotFound();
  }
  return instance;
}
