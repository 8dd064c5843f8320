// A local cloud with a fake credential store and a fake business layer, plus raw HTTP helpers.
// Requests built by hand are signed with openapi-core's own OpenApiUtil (the code the product SDKs
// run), not with the signer under test, so a negative test cannot pass by two bugs agreeing.
import { createHmac, randomUUID } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { OpenApiUtil } from "@alicloud/openapi-core";
import {
  createCloudHttpServer,
  forbiddenRam,
  invalidActionNotFound,
  noPermission,
  startCloudHttpServer,
  stopCloudHttpServer,
  throttlingUser,
  type AccessDeniedDetail,
  type AuthenticatedCall,
  type CallRecord,
  type CloudHttpServerOptions,
  type ResolvedCredential,
} from "../../../src/cloud/http/index.js";

export const AK = "LTAI-test-alice";
export const SECRET = "alice-secret-do-not-leak";
export const INACTIVE_AK = "LTAI-test-disabled";
export const STS_AK = "STS.test-session";
export const STS_SECRET = "sts-session-secret";
export const STS_TOKEN = "CAIS-test-token-1";
export const EXPIRED_STS_AK = "STS.test-expired";

export const DENIAL: AccessDeniedDetail = {
  AuthAction: "ecs:DescribeInstances",
  AuthPrincipalType: "SubUser",
  AuthPrincipalOwnerId: "1234567890123456",
  AuthPrincipalDisplayName: "alice",
  NoPermissionType: "ImplicitDeny",
  PolicyType: "AccountLevelIdentityBasedPolicy",
  EncodedDiagnosticMessage: "AQEAAAAA-opaque",
};

export const REGIONS_BODY = {
  Regions: {
    Region: [
      {
        RegionId: "cn-hangzhou",
        LocalName: "华东1（杭州）",
        RegionEndpoint: "ecs.aliyuncs.com",
        Status: "available",
      },
      {
        RegionId: "ap-northeast-1",
        LocalName: "日本（东京）",
        RegionEndpoint: "ecs.ap-northeast-1.aliyuncs.com",
        Status: "available",
      },
    ],
  },
};

export const IMAGES_BODY = {
  RegionId: "cn-hangzhou",
  TotalCount: 1,
  PageNumber: 1,
  PageSize: 10,
  Images: {
    Image: [
      {
        ImageId: "m-golden-1",
        ImageName: "golden <base> & co",
        ImageOwnerAlias: "self",
        OSType: "linux",
        Tags: { Tag: [{ TagKey: "environment", TagValue: "production" }] },
      },
    ],
  },
};

const credentials: Record<string, ResolvedCredential> = {
  [AK]: { secret: SECRET, status: "Active", principal: { kind: "user", name: "alice" } },
  [INACTIVE_AK]: { secret: "whatever", status: "Inactive", principal: { kind: "user", name: "bob" } },
  [STS_AK]: {
    secret: STS_SECRET,
    status: "Active",
    securityToken: STS_TOKEN,
    expiresAt: new Date(Date.now() + 3_600_000),
    principal: { kind: "role-session", name: "ci" },
  },
  [EXPIRED_STS_AK]: {
    secret: STS_SECRET,
    status: "Active",
    securityToken: STS_TOKEN,
    expiresAt: new Date(Date.now() - 1000),
    principal: { kind: "role-session", name: "old" },
  },
};

/** The business layer of these tests: fixed answers per action, one per wire outcome. */
export async function fakeDispatch(call: AuthenticatedCall): Promise<Record<string, unknown>> {
  switch (call.action) {
    case "DescribeRegions":
      return REGIONS_BODY;
    case "DescribeImages":
      return IMAGES_BODY;
    case "RunInstances":
      return { InstanceIdSets: { InstanceIdSet: ["i-first", "i-second"] }, OrderId: "1", TradePrice: 0 };
    case "DescribeInstances":
      throw forbiddenRam(DENIAL);
    case "ListUsers":
      throw noPermission({ ...DENIAL, AuthAction: "ram:ListUsers", NoPermissionType: "ExplicitDeny" });
    case "DescribeZones":
      throw throttlingUser(1500);
    case "DescribeInstanceTypes":
      throw new Error("database password is hunter2 at /work/main/src/cloud/store.ts:42");
    default:
      throw invalidActionNotFound();
  }
}

export interface TestCloud {
  port: number;
  host: string;
  records: CallRecord[];
  calls: AuthenticatedCall[];
  logged: Array<{ message: string; fields: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTestCloud(overrides: Partial<CloudHttpServerOptions> = {}): Promise<TestCloud> {
  const records: CallRecord[] = [];
  const calls: AuthenticatedCall[] = [];
  const logged: TestCloud["logged"] = [];
  const server = createCloudHttpServer({
    resolveCredential: (id) => Promise.resolve(credentials[id]),
    dispatch: (call) => {
      calls.push(call);
      return fakeDispatch(call);
    },
    onCallFinished: (record) => records.push(record),
    logger: { error: (message, fields) => logged.push({ message, fields }) },
    ...overrides,
  });
  const { host, port } = await startCloudHttpServer(server, { host: "127.0.0.1", port: 0 });
  return { host, port, records, calls, logged, close: () => stopCloudHttpServer(server, { graceMs: 500 }) };
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the form the SDKs send. */
export function acsTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

export interface RawRequest {
  method?: string;
  /** Path and query exactly as they go on the request line. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function send(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: req.method ?? "GET",
        path: req.target,
        headers: req.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // XML or empty: tests that expect JSON assert on `json` and fail there.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}

export function formEncode(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}

export interface V1Options {
  action?: string;
  version?: string;
  accessKeyId?: string;
  secret?: string;
  method?: "GET" | "POST";
  timestamp?: string;
  nonce?: string;
  format?: string;
  securityToken?: string;
  params?: Record<string, string>;
  /** Sign with signV1ByHand rather than openapi-core (which cannot sign `__proto__`). */
  signByHand?: boolean;
}

/** A V1 (HMAC-SHA1) request as pop-core builds it: everything in the query (GET) or the form body. */
export function v1Request(options: V1Options = {}): RawRequest {
  const method = options.method ?? "GET";
  const params: Record<string, string> = {
    Action: options.action ?? "DescribeRegions",
    Version: options.version ?? "2014-05-26",
    Format: options.format ?? "JSON",
    AccessKeyId: options.accessKeyId ?? AK,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: options.nonce ?? randomUUID(),
    Timestamp: options.timestamp ?? acsTimestamp(),
    ...(options.securityToken === undefined ? {} : { SecurityToken: options.securityToken }),
    ...options.params,
  };
  const secret = options.secret ?? SECRET;
  params["Signature"] =
    options.signByHand === true
      ? signV1ByHand(params, method, secret)
      : OpenApiUtil.getRPCSignature(params, method, secret);
  const encoded = formEncode(params);
  return method === "GET"
    ? { method, target: `/?${encoded}` }
    : {
        method,
        target: "/",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: encoded,
      };
}

/**
 * V1 as Alibaba documents it, for the one case openapi-core cannot sign: a parameter named
 * `__proto__`, which it drops by flattening the parameters into a plain object. Written here rather
 * than taken from the server, so that a test still cannot pass by two bugs agreeing.
 */
export function signV1ByHand(
  params: Readonly<Record<string, string>>,
  method: string,
  secret: string,
): string {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${encode(name)}=${encode(params[name] ?? "")}`)
    .join("&");
  return createHmac("sha1", `${secret}&`)
    .update(`${method}&${encode("/")}&${encode(canonical)}`)
    .digest("base64");
}

export interface V3Options {
  action?: string;
  version?: string;
  accessKeyId?: string;
  secret?: string;
  date?: string;
  nonce?: string;
  securityToken?: string;
  query?: Record<string, string>;
  body?: string;
  /** The host the signature covers; the request is always sent to 127.0.0.1:<port>. */
  host: string;
  extraHeaders?: Record<string, string>;
}

/** A V3 (ACS3-HMAC-SHA256) request as openapi-core builds it: POST, query parameters, signed headers. */
export function v3Request(options: V3Options): RawRequest {
  const query = options.query ?? { RegionId: "cn-hangzhou" };
  const body = options.body ?? "";
  const headers: Record<string, string> = {
    host: options.host,
    "x-acs-action": options.action ?? "DescribeRegions",
    "x-acs-version": options.version ?? "2014-05-26",
    "x-acs-date": options.date ?? acsTimestamp(),
    "x-acs-signature-nonce": options.nonce ?? randomUUID().replaceAll("-", ""),
    "x-acs-content-sha256": OpenApiUtil.hash(Buffer.from(body, "utf8"), "ACS3-HMAC-SHA256").toString("hex"),
    ...(body === "" ? {} : { "content-type": "application/x-www-form-urlencoded" }),
    ...(options.securityToken === undefined ? {} : { "x-acs-security-token": options.securityToken }),
    ...options.extraHeaders,
  };
  headers["Authorization"] = OpenApiUtil.getAuthorization(
    { method: "POST", pathname: "/", query, headers } as Parameters<typeof OpenApiUtil.getAuthorization>[0],
    "ACS3-HMAC-SHA256",
    headers["x-acs-content-sha256"] ?? "",
    options.accessKeyId ?? AK,
    options.secret ?? SECRET,
  );
  const encoded = formEncode(query);
  return { method: "POST", target: encoded === "" ? "/" : `/?${encoded}`, headers, body };
}

/**
 * The class a CommonJS SDK exports as `exports.default`. TypeScript (NodeNext) and Node's own ESM
 * loader put it at `module.default.default`; Vitest's interop unwraps one level and puts it at
 * `module.default`. Taking whichever is a function works under both.
 */
export function commonJsDefault<T>(imported: { default: { default: T } }): T {
  const outer = imported.default as unknown as { default?: T };
  return (typeof outer.default === "function" ? outer.default : outer) as T;
}
