import { invalidParameter } from "../../../http/index.js";
import { REGIONS } from "../../../model/index.js";
import type { ActionHandler } from "../../handler.js";
import { acceptedParameters, readChoice, unsupportedValue } from "../../vpc/support/parameters.js";
import { checkAcceptLanguage, checkChargeTypeFilter } from "./offerings.js";

const ACCEPTED = acceptedParameters("RegionId", "AcceptLanguage", "InstanceChargeType", "ResourceType");

// DescribeRegions: the static region list. `ResourceType` filters regions by what they offer:
// every local region offers instances and disks; reserved instances and storage capacity units are
// not modelled.
export const describeRegions: ActionHandler = {
  product: "ecs",
  action: "DescribeRegions",
  access: "read",
  handle(ctx) {
    ACCEPTED.check(ctx);
    checkAcceptLanguage(ctx);
    checkChargeTypeFilter(ctx);
    const resourceType = readChoice(
      ctx,
      "ResourceType",
      ["instance", "disk", "reservedinstance", "scu"],
      () => invalidParameter("ResourceType", "Valid values are instance, disk, reservedinstance and scu."),
    );
    if (resourceType === "reservedinstance" || resourceType === "scu") {
      throw unsupportedValue(
        "ResourceType",
        resourceType,
        "reserved instances and storage capacity units are not modelled",
      );
    }
    ctx.finishDryRun();
    return Promise.resolve({
      Regions: {
        Region: REGIONS.map((region) => ({
          RegionId: region.regionId,
          LocalName: region.localName,
          RegionEndpoint: region.regionEndpoint,
          Status: "available",
        })),
      },
    });
  },
};
