import type { Connection } from "./connection-types.js";
import { productEndpoint, type Product } from "./endpoints.js";
import { CloudClientError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, validRetryPolicy, type RetryPolicy } from "./retry.js";
import {
  sdkFactories,
  type EcsSdk,
  type GenericSdk,
  type RamSdk,
  type ResourceManagerSdk,
  type StsSdk,
} from "./sdk.js";
import { invoke, type RetryEvent, type TransportOptions } from "./transport.js";

// What every product wrapper shares: the connection, the options, one SDK client per product and
// region, and `call`, the one way a wrapper sends a request.

export interface CloudClientOptions {
  /** Attempts and backoff; see ./retry.ts. */
  readonly retry?: Partial<RetryPolicy>;
  /** Waits between attempts (tests pass one that records and returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the backoff's jitter. */
  readonly random?: () => number;
  /** Told about every retry before its wait. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Items asked for per page (default 100), kept within each API's own bounds. */
  readonly pageSize?: number;
  /** Calls one listing may have in flight at once, e.g. reading each principal's policies (default 4). */
  readonly concurrency?: number;
  readonly connectTimeoutMs?: number;
  readonly readTimeoutMs?: number;
}

export interface ResolvedClientOptions {
  readonly transport: TransportOptions;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

/** How long an SDK call may take to connect and to answer, unless the caller says otherwise. */
export const DEFAULT_SDK_TIMEOUTS = { connectTimeoutMs: 5_000, readTimeoutMs: 30_000 } as const;

export function resolveClientOptions(options: CloudClientOptions = {}): ResolvedClientOptions {
  const retry = validRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry });
  return {
    transport: {
      retry,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    },
    pageSize: Math.max(1, Math.floor(options.pageSize ?? 100)),
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_SDK_TIMEOUTS.connectTimeoutMs,
    readTimeoutMs: options.readTimeoutMs ?? DEFAULT_SDK_TIMEOUTS.readTimeoutMs,
  };
}

interface SdkOf {
  ecs: EcsSdk;
  ram: RamSdk;
  resourcemanager: ResourceManagerSdk;
  sts: StsSdk;
  actiontrail: GenericSdk;
}

export type SdkProduct = keyof SdkOf;

export interface CallOptions {
  /** The region whose endpoint serves the call (regional products); default the connection's. */
  readonly regionId?: string;
  /** Reads and writes with a ClientToken: safe to resend after a server error or a broken connection. */
  readonly idempotent: boolean;
}

export interface ClientContext {
  readonly connection: Connection;
  readonly options: ResolvedClientOptions;
  call<P extends SdkProduct, T>(
    product: P,
    action: string,
    options: CallOptions,
    send: (sdk: SdkOf[P]) => Promise<T>,
  ): Promise<T>;
  /** The page size to ask for, within an API's bounds. */
  pageSize(min: number, max: number): number;
  /** `host[:port]` serving `product` in `regionId`. */
  endpointHost(product: Product, regionId?: string): string;
  /** A field the response must carry; its absence is the cloud's fault, reported as such. */
  must<T>(value: T | undefined | null, what: string, product: SdkProduct, action: string): T;
  /** A response without `what`: the cloud's fault, reported as such. */
  unexpected(what: string, product: SdkProduct, action: string): never;
}

export function createClientContext(connection: Connection, options: ResolvedClientOptions): ClientContext {
  const clients = new Map<string, unknown>();
  const timeouts = { connectTimeoutMs: options.connectTimeoutMs, readTimeoutMs: options.readTimeoutMs };
  const sdk = <P extends SdkProduct>(product: P, regionId: string): SdkOf[P] => {
    const endpoint = productEndpoint(connection.endpoint, product, regionId);
    const key = `${product}@${regionId}`;
    let client = clients.get(key) as SdkOf[P] | undefined;
    if (client === undefined) {
      client = sdkFactories[product](connection.credentials, endpoint, regionId, timeouts) as SdkOf[P];
      clients.set(key, client);
    }
    return client;
  };
  const endpointHost = (product: Product, regionId = connection.regionId): string =>
    productEndpoint(connection.endpoint, product, regionId).host;
  return {
    connection,
    options,
    call: (product, action, callOptions, send) => {
      const regionId = callOptions.regionId ?? connection.regionId;
      const client = sdk(product, regionId);
      return invoke(
        { product, action, endpoint: endpointHost(product, regionId), idempotent: callOptions.idempotent },
        connection.endpoint,
        options.transport,
        () => send(client),
      );
    },
    pageSize: (min, max) => Math.min(max, Math.max(min, options.pageSize)),
    endpointHost,
    must: (value, what, product, action) => {
      if (value !== undefined && value !== null && value !== "") return value;
      return unexpected(what, product, action);
    },
    unexpected,
  };

  function unexpected(what: string, product: SdkProduct, action: string): never {
    throw new CloudClientError({
      code: "UnexpectedResponse",
      serverMessage: `the response lacked ${what}`,
      product,
      action,
      endpoint: endpointHost(product),
      attempts: 1,
      help: "the cloud answered without a field its API reference promises; report it with the request id",
    });
  }
}
