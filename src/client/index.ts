// How imageguard reaches a cloud — the local one or Alibaba Cloud — only through Alibaba's official
// SDKs. This file is the module's only public surface.

// connection: which keys, region and endpoint
export { resolveConnection, shownPath, DEFAULT_REGION_ID, LOCAL_CLOUD_DIR } from "./resolve-connection.js";
export type { ResolveConnectionOptions } from "./resolve-connection.js";
export { describeConnection } from "./describe-connection.js";
export { ENDPOINT_FILE } from "./endpoint-url.js";
export { productEndpoint } from "./endpoints.js";
export type { Product, ProductEndpoint } from "./endpoints.js";
export type * from "./connection-types.js";

// the client
export { createCloudClient } from "./cloud-client.js";
export type { CloudClient } from "./cloud-client.js";
export type { CloudClientOptions } from "./client-context.js";
export { DEFAULT_SDK_TIMEOUTS } from "./client-context.js";
export { DEFAULT_RETRY_POLICY } from "./retry.js";
export type { RetryPolicy } from "./retry.js";
export type { RetryEvent } from "./transport.js";
export type * from "./sts.js";
export type * from "./resource-directory.js";
export type * from "./ram.js";
export type * from "./ecs.js";
export type * from "./actiontrail.js";
export { ACTIONTRAIL_VERSION, MAX_LOOKUP_RANGE_MS } from "./actiontrail.js";

// the official SDK clients themselves, for code that calls them directly (the local cloud's seed)
export { sdkFactories, EcsModule, RamModule, ResourceManagerModule, StsModule } from "./sdk.js";
export type { EcsSdk, RamSdk, ResourceManagerSdk, StsSdk, SdkTimeouts } from "./sdk.js";

// every member account
export { forEachMemberAccount, roleArn, ACCESS_ROLE_NAME } from "./member-accounts.js";
export type { ForEachMemberAccountOptions, MemberAccountOutcome } from "./member-accounts.js";
export { createRoleSessionCache, DEFAULT_REFRESH_BEFORE_MS } from "./role-session-cache.js";
export type { RoleSessionCache, RoleSessionCacheOptions } from "./role-session-cache.js";
export { mapWithConcurrency } from "./promise-pool.js";

// errors
export { CloudClientError, ConnectionError, isAccessDenied, isCloudClientError } from "./errors.js";
export type { AccessDeniedDetail, CloudClientErrorFields, ConnectionProblem } from "./errors.js";
