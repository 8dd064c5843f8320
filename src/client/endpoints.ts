import type { EndpointSetting } from "./connection-types.js";

// Alibaba Cloud's public endpoints, from each product's "Endpoints" page (API reference):
//   ECS              ecs.<region>.aliyuncs.com          regional
//   VPC              vpc.<region>.aliyuncs.com          regional
//   RAM              ram.aliyuncs.com                   central
//   STS              sts.aliyuncs.com                   central (regional hosts exist; the central one
//                                                      serves every account)
//   ResourceManager  resourcemanager.aliyuncs.com       central, same host in every region
//   Tag              tag.<region>.aliyuncs.com          regional
//   ActionTrail      actiontrail.<region>.aliyuncs.com  regional (a region's events, plus the
//                                                      global services' events in every region)
// The SDKs carry their own endpoint maps with historical aliases (ecs-cn-hangzhou.aliyuncs.com,
// vpc.aliyuncs.com); imageguard passes the documented host explicitly so what it shows is what it
// calls. HTTPS always: an AccessKey signature is not a secret, but the responses are.

export type Product = "ecs" | "vpc" | "ram" | "sts" | "resourcemanager" | "tag" | "actiontrail";

export interface ProductEndpoint {
  /** `host[:port]`, what the SDKs take as `endpoint`. */
  readonly host: string;
  readonly protocol: "http" | "https";
}

const REGIONAL: Readonly<Record<Product, boolean>> = {
  ecs: true,
  vpc: true,
  ram: false,
  sts: false,
  resourcemanager: false,
  tag: true,
  actiontrail: true,
};

/** Where a call of `product` in `regionId` goes. */
export function productEndpoint(
  setting: EndpointSetting,
  product: Product,
  regionId: string,
): ProductEndpoint {
  if (setting.kind === "single") return { host: setting.host, protocol: setting.protocol };
  return {
    host: REGIONAL[product] ? `${product}.${regionId}.aliyuncs.com` : `${product}.aliyuncs.com`,
    protocol: "https",
  };
}

/** Whether the endpoint, not the request, decides the region (one SDK client per region). */
export function isRegional(product: Product): boolean {
  return REGIONAL[product];
}
