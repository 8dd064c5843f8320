// Alibaba's official SDK clients pointed at the local cloud. The seed talks to the cloud only
// through them, exactly as a user's script would, so every step it takes is signed, authorized by
// the RAM policy engine and recorded in the audit trail.
import * as EcsModule from "@alicloud/ecs20140526";
import * as RamModule from "@alicloud/ram20150501";
import * as ResourceManagerModule from "@alicloud/resourcemanager20200331";
import * as StsModule from "@alicloud/sts20150401";
import { $OpenApiUtil } from "@alicloud/openapi-core";

export { EcsModule, RamModule, ResourceManagerModule, StsModule };

/**
 * The SDKs are CommonJS modules compiled from TypeScript: under Node's ESM loader the namespace's
 * `default` is `module.exports`, whose own `default` is the client class; bundlers that apply the
 * `__esModule` interop hand over the class directly.
 */
function clientClass<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}

const EcsClient = clientClass(EcsModule);
const RamClient = clientClass(RamModule);
const ResourceManagerClient = clientClass(ResourceManagerModule);
const StsClient = clientClass(StsModule);

export type EcsClient = InstanceType<typeof EcsClient>;
export type RamClient = InstanceType<typeof RamClient>;
export type ResourceManagerClient = InstanceType<typeof ResourceManagerClient>;
export type StsClient = InstanceType<typeof StsClient>;

/** An AccessKey pair, or STS credentials with their token. */
export interface SeedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SdkClients {
  readonly ecs: EcsClient;
  readonly ram: RamClient;
  readonly rm: ResourceManagerClient;
  readonly sts: StsClient;
}

/** Clients for one identity; `endpoint` is `host:port` of the local cloud. */
export function sdkClients(endpoint: string, credentials: SeedCredentials, regionId: string): SdkClients {
  const config = new $OpenApiUtil.Config({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken === undefined ? {} : { securityToken: credentials.securityToken }),
    endpoint,
    protocol: "http",
    regionId,
  });
  return {
    ecs: new EcsClient(config),
    ram: new RamClient(config),
    rm: new ResourceManagerClient(config),
    sts: new StsClient(config),
  };
}
