import {
  createClientContext,
  resolveClientOptions,
  type CloudClientOptions,
  type ResolvedClientOptions,
} from "./client-context.js";
import { createActionTrailApi, type ActionTrailApi } from "./actiontrail.js";
import type { Connection, Credentials } from "./connection-types.js";
import { createEcsApi, type EcsApi } from "./ecs.js";
import { createRamApi, type RamApi } from "./ram.js";
import { createResourceDirectoryApi, type ResourceDirectoryApi } from "./resource-directory.js";
import { createStsApi, type CallerIdentity, type StsApi } from "./sts.js";

// One cloud, one identity: typed wrappers over the official SDKs for what imageguard needs. Every
// call retries as ./retry.ts says, every listing pages to its end, every failure is a
// CloudClientError.

export interface CloudClient {
  /** Where the calls go and with which keys (the secret is in it: do not print it). */
  readonly connection: Connection;
  readonly regionId: string;
  /** sts:GetCallerIdentity: who these credentials are. */
  whoami(): Promise<CallerIdentity>;
  readonly sts: StsApi;
  readonly rd: ResourceDirectoryApi;
  readonly ram: RamApi;
  readonly ecs: EcsApi;
  /** ActionTrail: the account's recorded calls. */
  readonly trail: ActionTrailApi;
  /** The same endpoint, region and options with other credentials (e.g. a role session). */
  withCredentials(credentials: Credentials): CloudClient;
  /** The same credentials and endpoint, another default region. */
  inRegion(regionId: string): CloudClient;
}

export function createCloudClient(connection: Connection, options: CloudClientOptions = {}): CloudClient {
  return build(connection, resolveClientOptions(options));
}

function build(connection: Connection, options: ResolvedClientOptions): CloudClient {
  const ctx = createClientContext(connection, options);
  const sts = createStsApi(ctx);
  return {
    connection,
    regionId: connection.regionId,
    whoami: () => sts.getCallerIdentity(),
    sts,
    rd: createResourceDirectoryApi(ctx),
    ram: createRamApi(ctx),
    ecs: createEcsApi(ctx),
    trail: createActionTrailApi(ctx),
    withCredentials: (credentials) => build({ ...connection, credentials }, options),
    inRegion: (regionId) => build({ ...connection, regionId }, options),
  };
}
