// Alibaba's official SDK clients pointed at the local cloud. The seed talks to the cloud only
// through them, exactly as a user's script would, so every step it takes is signed, authorized by
// the RAM policy engine and recorded in the audit trail. Built by the client module's factories,
// the one place that knows how the CommonJS SDKs load and are configured.
import { sdkFactories } from "../../client/index.js";
import type { EcsSdk, RamSdk, ResourceManagerSdk, StsSdk } from "../../client/index.js";

export { EcsModule, RamModule, ResourceManagerModule, StsModule } from "../../client/index.js";

export type EcsClient = EcsSdk;
export type RamClient = RamSdk;
export type ResourceManagerClient = ResourceManagerSdk;
export type StsClient = StsSdk;

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

/** The client module's defaults: the seed's calls are small and the cloud is local. */
const TIMEOUTS = { connectTimeoutMs: 5_000, readTimeoutMs: 30_000 };

/** Clients for one identity; `endpoint` is `host:port` of the local cloud. */
export function sdkClients(endpoint: string, credentials: SeedCredentials, regionId: string): SdkClients {
  const at = { host: endpoint, protocol: "http" } as const;
  return {
    ecs: sdkFactories.ecs(credentials, at, regionId, TIMEOUTS),
    ram: sdkFactories.ram(credentials, at, regionId, TIMEOUTS),
    rm: sdkFactories.resourcemanager(credentials, at, regionId, TIMEOUTS),
    sts: sdkFactories.sts(credentials, at, regionId, TIMEOUTS),
  };
}
