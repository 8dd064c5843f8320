import type { ActionHandler } from "../../handler.js";
import { AcceptedParameters } from "../../vpc/support/parameters.js";
import { freePrivateAddresses, newPublicAddresses } from "./addresses.js";
import { VCPU_QUOTA_PER_REGION, capacityFor } from "./capacity.js";
import { createInstances, orderFields } from "./create-instances.js";
import { elasticQuotaExceeded, minAmountMalformed, privateAddressesExhausted } from "./errors.js";
import { LAUNCH_NOT_MODELLED, LAUNCH_PARAMETERS, planLaunch } from "./launch.js";
import { hostNamer, instanceNamer } from "./naming.js";

const ACCEPTED = new AcceptedParameters([
  ...LAUNCH_PARAMETERS,
  "SecurityGroupIds",
  "SecurityGroupIds.N",
  "Amount",
  "MinAmount",
  "UniqueSuffix",
  "AutoPay",
]);

const MAX_AMOUNT = 100;

// RunInstances: 1 to 100 instances from one image, started. How many are made (the RunInstances
// reference, Amount and MinAmount):
// - without MinAmount, all `Amount` or none: a batch the capacity cannot hold fails as a whole;
// - with MinAmount, as many as the capacity allows between MinAmount and Amount, and a failure when
//   it cannot hold MinAmount.
// Capacity is the account's vCPU quota in the region (capacity.ts) and the free addresses of the
// vSwitch. A DryRun checks all of it, capacity included, and creates nothing.
//
// Lifecycle [decision]: Alibaba's instances go Pending → Starting → Running within about a minute;
// the local cloud's are Running when the call returns, so nothing has to poll and the guardrail's
// stop → ReplaceSystemDisk → start remediation runs without waiting.
export const runInstances: ActionHandler = {
  product: "ecs",
  action: "RunInstances",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, LAUNCH_NOT_MODELLED, "the local cloud does not model it");
    const amount = ctx.params.optInt("Amount", { min: 1, max: MAX_AMOUNT }) ?? 1;
    const minAmount = readMinAmount(ctx.params.optStr("MinAmount"), amount);
    const uniqueSuffix = ctx.params.optBool("UniqueSuffix") ?? false;
    const plan = await planLaunch(ctx, { securityGroupList: true, autoPay: true });
    const nameOf = instanceNamer(ctx.params.optStr("InstanceName"), amount, uniqueSuffix);
    const hostNameOf = hostNamer(ctx.params.optStr("HostName"), amount, uniqueSuffix, plan.image.osType);

    const capacity = await capacityFor(ctx.store, ctx.caller.accountId, plan.regionId, plan.instanceType);
    const addresses = await freePrivateAddresses(ctx.store, plan.vSwitch, amount);
    const quotaDetail = () =>
      `${capacity.vcpusInUse} of the ${VCPU_QUOTA_PER_REGION} vCPUs of the account in ${plan.regionId} are in use, ` +
      `${plan.instanceType.instanceTypeId} needs ${plan.instanceType.cpuCoreCount} per instance`;
    const needed = minAmount ?? amount;
    if (capacity.instancesLeft < needed) throw elasticQuotaExceeded(quotaDetail());
    if (addresses.length < needed) throw privateAddressesExhausted();
    const count = Math.min(amount, capacity.instancesLeft, addresses.length);
    ctx.finishDryRun();

    const instances = await createInstances(ctx, {
      plan,
      count,
      status: "Running",
      privateAddresses: addresses,
      publicAddresses:
        plan.internetMaxBandwidthOut > 0
          ? await newPublicAddresses(ctx.store, ctx.caller.accountId, plan.regionId, count)
          : [],
      nameOf,
      hostNameOf,
    });
    return {
      InstanceIdSets: { InstanceIdSet: instances.map((instance) => instance.instanceId) },
      ...orderFields(),
    };
  },
};

/** MinAmount: 1..100 and at most Amount (InvalidMinAmount.Malformed otherwise). */
function readMinAmount(raw: string | undefined, amount: number): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = /^[0-9]{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_AMOUNT || value > amount)
    throw minAmountMalformed();
  return value;
}
