// Alibaba Cloud's official SDK clients, the only way imageguard reaches a cloud. One SDK client per
// product and region; the endpoint comes from ./endpoints.ts, so the host a call goes to is the one
// imageguard shows, never one the SDK picked on its own.
import * as EcsModule from "@alicloud/ecs20140526";
import * as RamModule from "@alicloud/ram20150501";
import * as ResourceManagerModule from "@alicloud/resourcemanager20200331";
import * as StsModule from "@alicloud/sts20150401";
import * as OpenApiModule from "@alicloud/openapi-core";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { Credentials } from "./connection-types.js";
import type { ProductEndpoint } from "./endpoints.js";

export { EcsModule, RamModule, ResourceManagerModule, StsModule };

/**
 * The class a CommonJS SDK exports as `exports.default`. TypeScript (NodeNext) and Node's own ESM
 * loader (the bin, through tsx) put it at `module.default.default`; Vitest's interop unwraps one
 * level and puts it at `module.default`. Taking whichever is a function works under both.
 */
function clientClass<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}

const EcsClient = clientClass(EcsModule);
const RamClient = clientClass(RamModule);
const ResourceManagerClient = clientClass(ResourceManagerModule);
const StsClient = clientClass(StsModule);
// Products without an SDK package here (ActionTrail) are called through openapi-core's generic
// `callApi`, the same client class every product SDK extends: same signing, errors and timeouts.
const OpenApiClient = clientClass(OpenApiModule);

export type EcsSdk = InstanceType<typeof EcsClient>;
export type RamSdk = InstanceType<typeof RamClient>;
export type ResourceManagerSdk = InstanceType<typeof ResourceManagerClient>;
export type StsSdk = InstanceType<typeof StsClient>;
export type GenericSdk = InstanceType<typeof OpenApiClient>;

export interface SdkTimeouts {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

function config(
  credentials: Credentials,
  endpoint: ProductEndpoint,
  regionId: string,
  timeouts: SdkTimeouts,
): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken === undefined ? {} : { securityToken: credentials.securityToken }),
    endpoint: endpoint.host,
    protocol: endpoint.protocol,
    regionId,
    connectTimeout: timeouts.connectTimeoutMs,
    readTimeout: timeouts.readTimeoutMs,
    // Retries are ours (./retry.ts): the SDK's own policy is left off so that attempts are not
    // multiplied and every wait goes through the injectable sleep.
  });
}

export const sdkFactories = {
  ecs: (c: Credentials, e: ProductEndpoint, r: string, t: SdkTimeouts): EcsSdk =>
    new EcsClient(config(c, e, r, t)),
  ram: (c: Credentials, e: ProductEndpoint, r: string, t: SdkTimeouts): RamSdk =>
    new RamClient(config(c, e, r, t)),
  resourcemanager: (c: Credentials, e: ProductEndpoint, r: string, t: SdkTimeouts): ResourceManagerSdk =>
    new ResourceManagerClient(config(c, e, r, t)),
  sts: (c: Credentials, e: ProductEndpoint, r: string, t: SdkTimeouts): StsSdk =>
    new StsClient(config(c, e, r, t)),
  actiontrail: (c: Credentials, e: ProductEndpoint, r: string, t: SdkTimeouts): GenericSdk =>
    new OpenApiClient(config(c, e, r, t)),
};
