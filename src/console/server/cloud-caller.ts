import * as OpenApiCore from "@alicloud/openapi-core";
import type { ProductName } from "../../catalog/index.js";
import { PRODUCT_VERSIONS, resolveProduct } from "../../catalog/index.js";
import type { AccessDeniedDetail, AccessDeniedInfo, DecodedDenial } from "../web/lib/denial-types.js";
import { CloudCallError } from "./cloud-call-error.js";
import { ConsoleError } from "./console-error.js";
import type { SessionCredentials } from "./sessions.js";

// The console acts for the signed-in user through Alibaba's official SDK core (@alicloud/openapi-core,
// the client every product SDK is built on), signing with the session's own keys against the cloud's
// own URL: every call is authenticated, authorized and audited by the cloud like any other client's.

/** Flat or nested request parameters; nested arrays and objects are flattened the SDKs' way (`Tag.1.Key`). */
export type CallParams = Readonly<Record<string, unknown>>;

export interface CloudCaller {
  /**
   * Calls `action` of `product` (`Ecs`, `ecs` or `2014-05-26`) and returns the response body (with
   * `RequestId`); throws CloudCallError, or ConsoleError UnknownAction for a product imageguard does
   * not know.
   */
  call(product: ProductName | string, action: string, params?: CallParams): Promise<Record<string, unknown>>;
}

export interface CloudTarget {
  /** `127.0.0.1:8930`, what the SDK takes as endpoint. */
  readonly endpoint: string;
  readonly protocol: "http" | "https";
}

type OpenApiClientClass = typeof OpenApiCore.default.default;
type OpenApiClient = InstanceType<OpenApiClientClass>;

/**
 * The CommonJS class exported as `exports.default`: at `module.default.default` under Node's ESM
 * loader, at `module.default` under Vitest's interop (see src/client/sdk.ts).
 */
function clientClass(): OpenApiClientClass {
  const outer = OpenApiCore.default as unknown as { default?: OpenApiClientClass };
  return typeof outer.default === "function" ? outer.default : (outer as unknown as OpenApiClientClass);
}

const OpenApiUtil = OpenApiCore.OpenApiUtil;

export function createCloudCaller(
  target: CloudTarget,
  credentials: SessionCredentials,
  regionId: string,
): CloudCaller {
  let client: OpenApiClient | undefined;
  const sdk = (): OpenApiClient => {
    const Client = clientClass();
    client ??= new Client(
      new OpenApiCore.$OpenApiUtil.Config({
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        ...(credentials.securityToken === undefined ? {} : { securityToken: credentials.securityToken }),
        endpoint: target.endpoint,
        protocol: target.protocol,
        regionId,
        readTimeout: 60_000,
        connectTimeout: 5_000,
      }),
    );
    return client;
  };

  const rawCall = async (
    product: ProductName,
    action: string,
    params: CallParams,
  ): Promise<Record<string, unknown>> => {
    const request = new OpenApiCore.$OpenApiUtil.OpenApiRequest({
      query: OpenApiUtil.query(params as Record<string, unknown>),
    });
    const spec = new OpenApiCore.$OpenApiUtil.Params({
      action,
      version: PRODUCT_VERSIONS[product],
      protocol: target.protocol.toUpperCase(),
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    // No retry options are configured, so the SDK makes one attempt: a console user sees each
    // refusal as it happened. The runtime options are read field by field; none is needed.
    const runtime = {} as Parameters<OpenApiClient["callApi"]>[2];
    const response = (await sdk().callApi(spec, request, runtime)) as { body?: unknown };
    return (response.body ?? {}) as Record<string, unknown>;
  };

  return {
    async call(productText, action, params = {}) {
      const product = resolveProduct(productText);
      if (product === undefined) {
        throw new ConsoleError({
          status: 400,
          code: "UnknownAction",
          message: `\`${productText}\` is not a product the console can call`,
          help: `use one of ${Object.keys(PRODUCT_VERSIONS).join(", ")}`,
        });
      }
      try {
        return await rawCall(product, action, params);
      } catch (err) {
        const failure = toCloudCallError(err);
        const encoded = failure.accessDenied?.detail.EncodedDiagnosticMessage;
        if (failure.accessDenied === undefined || encoded === undefined || encoded === "") throw failure;
        // Decoded at once, as the same user: whoever may not decode learns that, not the decision.
        throw await withExplanation(failure, failure.accessDenied, () =>
          rawCall("Ram", "DecodeDiagnosticMessage", { EncodedDiagnosticMessage: encoded }),
        );
      }
    },
  };
}

async function withExplanation(
  failure: CloudCallError,
  accessDenied: AccessDeniedInfo,
  decode: () => Promise<Record<string, unknown>>,
): Promise<CloudCallError> {
  let info: AccessDeniedInfo;
  try {
    const decoded = await decode();
    const decision = decoded["Decision"];
    info =
      typeof decision === "string"
        ? { ...accessDenied, explanation: JSON.parse(decision) as DecodedDenial }
        : {
            ...accessDenied,
            decodeError: {
              code: "DecisionMissing",
              message: "the cloud decoded the diagnostic message without the whole decision",
              httpStatus: 200,
            },
          };
  } catch (err) {
    const decodeFailure = toCloudCallError(err);
    info = {
      ...accessDenied,
      decodeError: {
        code: decodeFailure.code,
        message: decodeFailure.message,
        httpStatus: decodeFailure.httpStatus,
      },
    };
  }
  return new CloudCallError({
    code: failure.code,
    message: failure.message,
    httpStatus: failure.httpStatus,
    ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }),
    accessDenied: info,
  });
}

const DETAIL_FIELDS = [
  "AuthAction",
  "AuthPrincipalType",
  "AuthPrincipalOwnerId",
  "AuthPrincipalDisplayName",
  "NoPermissionType",
  "PolicyType",
  "EncodedDiagnosticMessage",
] as const;

/** Whatever the SDK threw, as the console reports it; a network failure is a 502. */
export function toCloudCallError(err: unknown): CloudCallError {
  const e = (err ?? {}) as {
    code?: unknown;
    message?: unknown;
    statusCode?: unknown;
    requestId?: unknown;
    data?: Record<string, unknown>;
    accessDeniedDetail?: Record<string, unknown>;
  };
  const data = e.data ?? {};
  const status = typeof e.statusCode === "number" ? e.statusCode : Number(data["statusCode"]);
  const rawDetail =
    e.accessDeniedDetail ?? (data["AccessDeniedDetail"] as Record<string, unknown> | undefined);
  let accessDenied: AccessDeniedInfo | undefined;
  if (rawDetail !== undefined && typeof rawDetail === "object") {
    const detail: Record<string, string> = {};
    for (const field of DETAIL_FIELDS) {
      const value = rawDetail[field];
      if (typeof value === "string") detail[field] = value;
    }
    accessDenied = { detail: detail as AccessDeniedDetail };
  }
  const cloudMessage = typeof data["Message"] === "string" ? data["Message"] : undefined;
  const requestId =
    typeof data["RequestId"] === "string"
      ? data["RequestId"]
      : typeof e.requestId === "string"
        ? e.requestId
        : undefined;
  if (!Number.isInteger(status) || status === 0 || typeof e.code !== "string") {
    return new CloudCallError({
      code: "CloudUnreachable",
      message: `the cloud did not answer: ${typeof e.message === "string" ? e.message : String(err)}`,
      httpStatus: 502,
    });
  }
  return new CloudCallError({
    code: e.code,
    message: cloudMessage ?? (typeof e.message === "string" ? e.message : e.code),
    httpStatus: status,
    ...(requestId === undefined ? {} : { requestId }),
    ...(accessDenied === undefined ? {} : { accessDenied }),
  });
}
