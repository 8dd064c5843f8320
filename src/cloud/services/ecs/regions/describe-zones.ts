import { invalidParameter } from "../../../http/index.js";
import { INSTANCE_TYPES, findRegion } from "../../../model/index.js";
import type { ActionHandler } from "../../handler.js";
import { acceptedParameters, readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import {
  DISK_CATEGORIES,
  RESOURCE_CREATION,
  checkAcceptLanguage,
  checkChargeTypeFilter,
} from "./offerings.js";

const ACCEPTED = acceptedParameters(
  "RegionId",
  "AcceptLanguage",
  "InstanceChargeType",
  "SpotStrategy",
  "Verbose",
);

// DescribeZones: the zones of the request's region. With `Verbose=false` (Alibaba's default is
// true) only the zone's id, name and type; otherwise also what can be made there, which in the local
// cloud is the same everywhere (see offerings.ts).
export const describeZones: ActionHandler = {
  product: "ecs",
  action: "DescribeZones",
  access: "read",
  handle(ctx) {
    ACCEPTED.check(ctx);
    checkAcceptLanguage(ctx);
    checkChargeTypeFilter(ctx);
    const spot = readChoice(ctx, "SpotStrategy", ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"], () =>
      invalidParameter("SpotStrategy", "Valid values are NoSpot, SpotWithPriceLimit and SpotAsPriceGo."),
    );
    if (spot !== undefined && spot !== "NoSpot") {
      throw unsupportedValue("SpotStrategy", spot, "preemptible instances are not modelled");
    }
    const verbose = ctx.params.optBool("Verbose") ?? true;
    ctx.finishDryRun();

    const region = findRegion(ctx.regionId);
    const typeIds = INSTANCE_TYPES.map((type) => type.instanceTypeId);
    const families = [...new Set(INSTANCE_TYPES.map((type) => type.instanceTypeFamily))];
    const zones = (region?.zones ?? []).map((zone) => {
      const basic = { ZoneId: zone.zoneId, LocalName: zone.localName, ZoneType: "AvailabilityZone" };
      if (!verbose) return basic;
      return {
        ...basic,
        AvailableResourceCreation: { ResourceTypes: [...RESOURCE_CREATION] },
        AvailableInstanceTypes: { InstanceTypes: typeIds },
        AvailableDiskCategories: { DiskCategories: [...DISK_CATEGORIES] },
        AvailableVolumeCategories: { VolumeCategories: [...DISK_CATEGORIES] },
        AvailableResources: {
          ResourcesInfo: [
            {
              IoOptimized: true,
              InstanceTypes: { supportedInstanceType: typeIds },
              InstanceTypeFamilies: { supportedInstanceTypeFamily: families },
              SystemDiskCategories: { supportedSystemDiskCategory: [...DISK_CATEGORIES] },
              DataDiskCategories: { supportedDataDiskCategory: [...DISK_CATEGORIES] },
              NetworkTypes: { supportedNetworkCategory: ["vpc"] },
            },
          ],
        },
        AvailableDedicatedHostTypes: { DedicatedHostType: [] },
        DedicatedHostGenerations: { DedicatedHostGeneration: [] },
      };
    });
    return Promise.resolve({ Zones: { Zone: zones } });
  },
};
