// Alibaba's official SDK clients pointed at the local cloud. The seed talks to the cloud only
// through them, exactly as a user's script would, so every step it takes is signed, authorized by
// the RAM policy engine and recorded in the audit trail. Built by the client module's factories,
// the one place that knows how the CommonJS SDKs load and are configured.
import { DEFAULT_SDK_TIMEOUTS, sdkFactories } from "../../client/index.js";
import type { EcsSdk, RamSdk, ResourceManagerSdk, StsSdk } from "../../client/index.js";

export { EcsModule, RamModule, ResourceManagerModule, StsModule } from "../../client/index.js";

/** An AccessKey pair, or STS credentials with their token. */
export interface SeedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SdkClients {
  readonly ecs: EcsSdk;
  readonly ram: RamSdk;
  readonly rm: ResourceManagerSdk;
  readonly sts: StsSdk;
}

/** Clients for one identity; `endpoint` is `host:port` of the local cloud. */
export function sdkClients(endpoint: string, credentials: SeedCredentials, regionId: string): SdkClients {
  const at = { host: endpoint, protocol: "http" } as const;
  return {
    ecs: sdkFactories.ecs(credentials, at, regionId, DEFAULT_SDK_TIMEOUTS),
    ram: sdkFactories.ram(credentials, at, regionId, DEFAULT_SDK_TIMEOUTS),
    rm: sdkFactories.resourcemanager(credentials, at, regionId, DEFAULT_SDK_TIMEOUTS),
    sts: sdkFactories.sts(credentials, at, regionId, DEFAULT_SDK_TIMEOUTS),
  };
}
