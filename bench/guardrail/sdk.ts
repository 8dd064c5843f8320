// The official SDK clients for one identity at the local cloud, for building the benchmark's
// organisation the way an administrator would (the scan itself goes through src/client).
import * as RamModule from "@alicloud/ram20150501";
import * as ResourceManagerModule from "@alicloud/resourcemanager20200331";
import * as StsModule from "@alicloud/sts20150401";
import { $OpenApiUtil } from "@alicloud/openapi-core";

export { RamModule, ResourceManagerModule, StsModule };

/** The SDK packages are CommonJS compiled from ESM: the class sits one or two `default`s deep. */
function commonJsDefault<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}
const RamClient = commonJsDefault(RamModule);
const ResourceManagerClient = commonJsDefault(ResourceManagerModule);
const StsClient = commonJsDefault(StsModule);

export interface Keys {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface Clients {
  readonly ram: InstanceType<typeof RamClient>;
  readonly rm: InstanceType<typeof ResourceManagerClient>;
  readonly sts: InstanceType<typeof StsClient>;
}

export function clients(endpoint: string, keys: Keys): Clients {
  const config = new $OpenApiUtil.Config({
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
    ...(keys.securityToken === undefined ? {} : { securityToken: keys.securityToken }),
    endpoint,
    protocol: "http",
    regionId: "cn-hangzhou",
  });
  return { ram: new RamClient(config), rm: new ResourceManagerClient(config), sts: new StsClient(config) };
}

export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === "")
    throw new Error(`the cloud's answer lacked ${what}`);
  return value;
}
