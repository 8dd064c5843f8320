// A real local cloud for tests: a fresh data directory, port 0, the SQLite store, the runtime and
// every registered handler, reached through Alibaba's official SDKs exactly as users reach it.
//
//   const t = await startTestCloud();
//   const images = await t.ecs().describeImages(new Ecs.DescribeImagesRequest({ regionId: "cn-hangzhou" }));
//   const asAlice = t.ecs({ accessKeyId, accessKeySecret });           // any AccessKey pair
//   const asRole = t.ecs({ accessKeyId, accessKeySecret, securityToken }); // STS credentials
//   await t.close();
//
// Clients sign with V3 (ACS3-HMAC-SHA256, the SDKs' default) unless `signatureAlgorithm: "v2"` is
// given. `popCore(product)` is the older @alicloud/pop-core client (V1 signing).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as EcsModule from "@alicloud/ecs20140526";
import * as RamModule from "@alicloud/ram20150501";
import * as ResourceManagerModule from "@alicloud/resourcemanager20200331";
import * as StsModule from "@alicloud/sts20150401";
import * as TagModule from "@alicloud/tag20180828";
import * as VpcModule from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import RPCClient from "@alicloud/pop-core";
import { startCloud, type RunningCloud, type StartCloudOptions } from "../../src/cloud/index.js";
import type { CloudProduct } from "../../src/cloud/http/index.js";
import { PRODUCT_VERSIONS } from "../../src/cloud/http/index.js";
import { commonJsDefault } from "./http/harness.js";

export const EcsClient = commonJsDefault(EcsModule);
export const VpcClient = commonJsDefault(VpcModule);
export const RamClient = commonJsDefault(RamModule);
export const StsClient = commonJsDefault(StsModule);
export const ResourceManagerClient = commonJsDefault(ResourceManagerModule);
export const TagClient = commonJsDefault(TagModule);
export { EcsModule, RamModule, ResourceManagerModule, StsModule, TagModule, VpcModule };

/** An AccessKey pair, or STS credentials with their token. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** `v2` makes the product SDKs sign with V1 (HMAC-SHA1). */
  readonly signatureAlgorithm?: "v2";
  /** Default `cn-hangzhou`. */
  readonly regionId?: string;
}

type Client<C extends abstract new (...args: never[]) => unknown> = InstanceType<C>;

export interface TestCloud {
  readonly cloud: RunningCloud;
  /** The management account's root AccessKey. */
  readonly root: Credentials;
  ecs(creds?: Credentials): Client<typeof EcsClient>;
  vpc(creds?: Credentials): Client<typeof VpcClient>;
  ram(creds?: Credentials): Client<typeof RamClient>;
  sts(creds?: Credentials): Client<typeof StsClient>;
  rm(creds?: Credentials): Client<typeof ResourceManagerClient>;
  tag(creds?: Credentials): Client<typeof TagClient>;
  /** pop-core, V1-signed, for one product's API version. */
  popCore(product: CloudProduct, creds?: Credentials): RPCClient;
  /** Stops the cloud and removes its data directory (unless `keepData` was set). */
  close(): Promise<void>;
}

export interface TestCloudOptions extends Partial<StartCloudOptions> {
  /** Keep the data directory after close (restart tests reuse it). */
  readonly keepData?: boolean;
}

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "imageguard-cloud-")));
  const { keepData, ...startOptions } = options;
  const cloud = await startCloud({
    port: 0,
    // Unexpected errors are test failures: keep them visible but out of passing runs' noise.
    logger: { error: (message, fields) => console.error(message, fields) },
    ...startOptions,
    dataDir,
  });
  const root: Credentials = {
    accessKeyId: cloud.managementAccount.accessKeyId,
    accessKeySecret: cloud.managementAccount.accessKeySecret,
  };
  const config = (creds: Credentials = root): $OpenApiUtil.Config =>
    new $OpenApiUtil.Config({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
      ...(creds.signatureAlgorithm === undefined ? {} : { signatureAlgorithm: creds.signatureAlgorithm }),
      endpoint: cloud.endpoint,
      protocol: "http",
      regionId: creds.regionId ?? "cn-hangzhou",
    });
  return {
    cloud,
    root,
    ecs: (creds) => new EcsClient(config(creds)),
    vpc: (creds) => new VpcClient(config(creds)),
    ram: (creds) => new RamClient(config(creds)),
    sts: (creds) => new StsClient(config(creds)),
    rm: (creds) => new ResourceManagerClient(config(creds)),
    tag: (creds) => new TagClient(config(creds)),
    popCore: (product, creds = root) =>
      new RPCClient({
        accessKeyId: creds.accessKeyId,
        accessKeySecret: creds.accessKeySecret,
        ...(creds.securityToken === undefined ? {} : { securityToken: creds.securityToken }),
        endpoint: cloud.url,
        apiVersion: PRODUCT_VERSIONS.find((entry) => entry.product === product)?.version ?? "",
      }),
    close: async () => {
      await cloud.close();
      if (keepData !== true && options.dataDir === undefined)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error an SDK call rejected with (fails the test when it resolved). */
export async function sdkError(promise: Promise<unknown>): Promise<{
  code: string;
  statusCode: number;
  message: string;
  data: Record<string, unknown>;
  accessDeniedDetail?: Record<string, unknown>;
}> {
  try {
    await promise;
  } catch (err) {
    return err as Awaited<ReturnType<typeof sdkError>>;
  }
  throw new Error("expected the SDK call to fail");
}
