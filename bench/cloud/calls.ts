// The calls the benchmark measures, as RPC parameters: shared by run.ts and statements.ts so both
// measure the same requests.
import { PRODUCT_VERSIONS } from "../../src/cloud/http/index.js";
import type { Launcher } from "./launchers.js";
import type { RpcCall } from "./signed-request.js";
import { HOME_REGION, type WorldAccount } from "./world.js";

export const ECS_VERSION = PRODUCT_VERSIONS.find((v) => v.product === "ecs")?.version ?? "2014-05-26";
export const INSTANCE_TYPE = "ecs.g7.large";

/** What a golden image carries: the two filters of DescribeImages. */
export const GOLDEN_TAGS = [
  { key: "status", value: "approved" },
  { key: "environment", value: "production" },
] as const;

/** One instance from the account's newest golden image, in its default security group and vSwitch, with one tag. */
export function runInstancesCall(account: WorldAccount, launcher: Launcher): RpcCall {
  return {
    action: "RunInstances",
    version: ECS_VERSION,
    params: {
      RegionId: HOME_REGION,
      ImageId: account.newestGoldenInHome,
      InstanceType: INSTANCE_TYPE,
      SecurityGroupId: launcher.securityGroupId,
      InstanceName: "bench-web",
      "SystemDisk.Category": "cloud_essd",
      Amount: "1",
      "Tag.1.Key": "team",
      "Tag.1.Value": "web",
    },
  };
}

/** DescribeImages with the two golden tags as Tag.1 and Tag.2, as the SDK flattens them. */
export function describeGoldenImagesCall(pageSize: number): RpcCall {
  const params: Record<string, string> = { RegionId: HOME_REGION, PageSize: String(pageSize) };
  GOLDEN_TAGS.forEach((tag, i) => {
    params[`Tag.${i + 1}.Key`] = tag.key;
    params[`Tag.${i + 1}.Value`] = tag.value;
  });
  return { action: "DescribeImages", version: ECS_VERSION, params };
}
