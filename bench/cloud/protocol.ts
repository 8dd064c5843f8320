// What the benchmark's driver (run.ts, which hosts the servers) and its client process (client.ts,
// which makes the requests) say to each other over the fork's IPC channel.
import type { RpcCall, SigningKey } from "./signed-request.js";

export interface Endpoint {
  /** `127.0.0.1:<port>`, what the SDKs take as `endpoint` and what goes in the Host header. */
  readonly host: string;
  readonly port: number;
}

/** Sequential DescribeImages calls through the official ECS SDK (V3-signed), one at a time. */
export interface DescribeImagesJob {
  readonly kind: "describe-images";
  readonly endpoint: Endpoint;
  readonly key: SigningKey;
  readonly regionId: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly pageSize: number;
  readonly warmup: number;
  readonly iterations: number;
}

export interface DescribeImagesResult {
  readonly kind: "describe-images";
  /** Round-trip times of the timed calls, milliseconds, in call order. */
  readonly latenciesMs: readonly number[];
  readonly totalCount: number;
  readonly returned: number;
}

/**
 * A closed loop: `concurrency` workers each send a V3-signed request, wait for the whole answer,
 * and send the next, for `durationMs`. Each request is signed just before it is sent, by `keys[i %
 * keys.length]` (fresh nonce and date), so the client's signing cost is part of every request, to
 * the bare server as to the cloud.
 */
export interface LoadJob {
  readonly kind: "load";
  readonly label: string;
  readonly endpoint: Endpoint;
  readonly calls: readonly { readonly call: RpcCall; readonly key: SigningKey }[];
  readonly concurrency: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly kind: "load";
  readonly label: string;
  /** Answers received within the window (any status). */
  readonly completed: number;
  readonly ok: number;
  /** Error code (or HTTP status) → count. */
  readonly failures: Readonly<Record<string, number>>;
  readonly firstFailure?: string;
  readonly elapsedMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The client process's CPU time over the window, milliseconds (user + system). */
  readonly clientCpuMs: number;
  /** Bytes of one answer, for comparing the bare server's with the cloud's. */
  readonly responseBytes: number;
}

/** How long signing one request takes in the client (a micro-measurement, for the write-up). */
export interface SignCostJob {
  readonly kind: "sign-cost";
  readonly call: RpcCall;
  readonly key: SigningKey;
  readonly host: string;
  readonly iterations: number;
}

export interface SignCostResult {
  readonly kind: "sign-cost";
  readonly microsPerRequest: number;
}

export type ClientJob = DescribeImagesJob | LoadJob | SignCostJob;
export type ClientResult = DescribeImagesResult | LoadResult | SignCostResult;

/** The client says `ready` once, then answers every job with its result or its error. */
export type ClientMessage =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly result: ClientResult }
  | { readonly type: "error"; readonly error: string };
