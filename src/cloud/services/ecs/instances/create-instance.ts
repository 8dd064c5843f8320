import type { ActionHandler } from "../../handler.js";
import { AcceptedParameters } from "../../vpc/support/parameters.js";
import { freePrivateAddresses } from "./addresses.js";
import { VCPU_QUOTA_PER_REGION, capacityFor } from "./capacity.js";
import { createInstances, orderFields } from "./create-instances.js";
import { elasticQuotaExceeded, privateAddressesExhausted } from "./errors.js";
import { LAUNCH_NOT_MODELLED, LAUNCH_PARAMETERS, planLaunch } from "./launch.js";
import { hostNamer, singleInstanceName } from "./naming.js";

const ACCEPTED = new AcceptedParameters([...LAUNCH_PARAMETERS]);

// CreateInstance: one instance, created Stopped (the CreateInstance reference: start it with
// StartInstance). Unlike RunInstances it assigns no public address even with
// InternetMaxBandwidthOut > 0 (Alibaba's AllocatePublicIpAddress does that, and is not modelled).
export const createInstance: ActionHandler = {
  product: "ecs",
  action: "CreateInstance",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, LAUNCH_NOT_MODELLED, "the local cloud does not model it");
    const plan = await planLaunch(ctx, { securityGroupList: false, autoPay: false });
    const name = singleInstanceName(ctx.params.optStr("InstanceName"));
    const hostNameOf = hostNamer(ctx.params.optStr("HostName"), 1, false, plan.image.osType);

    const capacity = await capacityFor(ctx.store, ctx.caller.accountId, plan.regionId, plan.instanceType);
    if (capacity.instancesLeft < 1) {
      throw elasticQuotaExceeded(
        `${capacity.vcpusInUse} of the ${VCPU_QUOTA_PER_REGION} vCPUs of the account in ${plan.regionId} are in use`,
      );
    }
    const addresses = await freePrivateAddresses(ctx.store, plan.vSwitch, 1);
    if (addresses.length < 1) throw privateAddressesExhausted();
    ctx.finishDryRun();

    const [instance] = await createInstances(ctx, {
      plan,
      count: 1,
      status: "Stopped",
      privateAddresses: addresses,
      publicAddresses: [],
      nameOf: (_, instanceId) => name ?? instanceId,
      hostNameOf,
    });
    return { InstanceId: instance!.instanceId, ...orderFields() };
  },
};
