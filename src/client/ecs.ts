import { randomUUID } from "node:crypto";
import type { ClientContext } from "./client-context.js";
import { allOffsetPages, allTokenPages } from "./paging.js";
import { CloudClientError } from "./errors.js";
import { EcsModule as Ecs } from "./sdk.js";

// ECS: regions, images and instances as the guardrail reads them, and the few writes remediation
// makes (stop, start, replace the system disk, release, tag images). ECS is regional: every call
// goes to the endpoint of the region it is about (`regionId`, default the connection's region).

export interface Region {
  readonly regionId: string;
  readonly localName: string;
  readonly endpoint: string;
  readonly status: string;
}

/** Relative to the caller: `self` its own, `others` shared with it, `system` Alibaba's. */
export type ImageOwnerAlias = "system" | "self" | "others" | "marketplace";

export type ImageStatus =
  "Creating" | "Waiting" | "Available" | "UnAvailable" | "CreateFailed" | "Deprecated";

export interface CloudImage {
  readonly imageId: string;
  readonly imageName: string;
  readonly regionId: string;
  readonly ownerAlias: string;
  /** Undefined for Alibaba's public images. */
  readonly ownerAccountId?: string;
  readonly status: string;
  readonly creationTime?: string;
  readonly description?: string;
  readonly imageFamily?: string;
  readonly imageVersion?: string;
  readonly osType?: string;
  /** `Ubuntu  22.04 64位`, as the API writes it. */
  readonly osName?: string;
  /** `Ubuntu  22.04 64 bit`. */
  readonly osNameEn?: string;
  readonly platform?: string;
  readonly architecture?: string;
  readonly isCopied?: boolean;
  readonly usage?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ImageQuery {
  readonly regionId?: string;
  /** Split into calls of at most 100 ids. */
  readonly imageIds?: readonly string[];
  readonly ownerAlias?: ImageOwnerAlias;
  /** Images carrying every one of these tags; a value of `undefined` matches any value of the key. */
  readonly tags?: Readonly<Record<string, string | undefined>>;
  /** Default: the API's own (`Available` only). `all` lists every status. */
  readonly status?: readonly ImageStatus[] | "all";
  readonly imageName?: string;
  /** `x86_64`, `arm64` or `i386`. */
  readonly architecture?: string;
  /** `linux` or `windows`. */
  readonly osType?: string;
  /** Alibaba's image family attribute (ImageFamily), not the OS. */
  readonly imageFamily?: string;
}

export interface CloudInstance {
  readonly instanceId: string;
  readonly instanceName: string;
  readonly regionId: string;
  readonly zoneId?: string;
  readonly status: string;
  readonly imageId: string;
  readonly instanceType: string;
  readonly osType?: string;
  /** The OS of the image the system disk was written from (`Ubuntu  22.04 64 bit`). */
  readonly osNameEn?: string;
  readonly vpcId?: string;
  readonly vSwitchId?: string;
  readonly securityGroupIds: readonly string[];
  readonly creationTime?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Why the instance is locked (`security`, `financial`, …); an operation such as ReplaceSystemDisk is done when none is left. */
  readonly operationLocks: readonly string[];
}

export interface InstanceQuery {
  readonly regionId?: string;
  /** Split into calls of at most 100 ids. */
  readonly instanceIds?: readonly string[];
  readonly imageId?: string;
  readonly status?: "Pending" | "Running" | "Starting" | "Stopping" | "Stopped";
}

export interface InstanceCallOptions {
  /** The instance's region (its endpoint serves the call); default the connection's region. */
  readonly regionId?: string;
  /** Told the answered call's request id, so a caller can record it (remediation does). */
  readonly onReceipt?: (receipt: CallReceipt) => void;
}

/** What a successful write answered with. */
export interface CallReceipt {
  readonly action: string;
  /** Absent only when the cloud answered without one. */
  readonly requestId?: string;
}

/** `X86` or `ARM` as DescribeInstanceTypes says; images say `x86_64` / `arm64`. */
export interface InstanceTypeArchitecture {
  readonly instanceTypeId: string;
  readonly cpuArchitecture: string;
}

export interface WaitForInstanceOptions {
  readonly regionId?: string;
  /** True once the instance is as wanted; `undefined` means DescribeInstances no longer lists it. */
  readonly until: (instance: CloudInstance | undefined) => boolean;
  /** What is awaited, for the timeout's message: `Stopped`. */
  readonly what: string;
  /** Give up after this much waiting (default 600,000 ms). */
  readonly timeoutMs?: number;
  /** Between two looks (default 5,000 ms; Alibaba's status changes take seconds to minutes). */
  readonly intervalMs?: number;
}

export interface EcsApi {
  describeRegions(): Promise<Region[]>;
  describeImages(query?: ImageQuery): Promise<CloudImage[]>;
  describeInstances(query?: InstanceQuery): Promise<CloudInstance[]>;
  stopInstance(
    instanceId: string,
    options?: InstanceCallOptions & {
      readonly force?: boolean;
      /** `KeepCharging` is standard mode: the instance keeps its resources and can start again for sure. */
      readonly stoppedMode?: "KeepCharging" | "StopCharging";
    },
  ): Promise<void>;
  startInstance(instanceId: string, options?: InstanceCallOptions): Promise<void>;
  /** The new system disk's id. The instance must be stopped. */
  replaceSystemDisk(
    instanceId: string,
    imageId: string,
    options?: InstanceCallOptions & { readonly clientToken?: string },
  ): Promise<string>;
  deleteInstance(
    instanceId: string,
    options?: InstanceCallOptions & { readonly force?: boolean },
  ): Promise<void>;
  /** Sets `tags` on the images (ECS TagResources, ResourceType `image`), 50 images per call. */
  tagImages(
    imageIds: readonly string[],
    tags: Readonly<Record<string, string>>,
    options?: InstanceCallOptions,
  ): Promise<void>;
  /** The CPU architecture of each instance type (DescribeInstanceTypes), e.g. for an instance whose image is gone. */
  describeInstanceTypes(instanceTypes: readonly string[]): Promise<InstanceTypeArchitecture[]>;
  /**
   * Polls DescribeInstances until `until` holds, and returns what it saw last; status changes on
   * Alibaba Cloud take seconds to minutes. Throws a CloudClientError `WaitTimedOut` when it never holds.
   */
  waitForInstance(instanceId: string, options: WaitForInstanceOptions): Promise<CloudInstance | undefined>;
}

/** DescribeImages' and DescribeInstances' largest page, and their largest id list. */
const MAX_PAGE_SIZE = 100;
const MAX_IDS_PER_CALL = 100;
/** DescribeInstances' MaxResults is 10..100. */
const MIN_MAX_RESULTS = 10;
/** TagResources takes at most 50 resources and 20 tags per call. */
const MAX_TAG_RESOURCES = 50;
/** DescribeInstanceTypes takes at most 10 instance types per call. */
const MAX_INSTANCE_TYPES_PER_CALL = 10;
const DEFAULT_WAIT_TIMEOUT_MS = 600_000;
const DEFAULT_WAIT_INTERVAL_MS = 5_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function tagMap(tags: readonly { tagKey?: string; tagValue?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.tagKey !== undefined) out[tag.tagKey] = tag.tagValue ?? "";
  return out;
}

export function createEcsApi(ctx: ClientContext): EcsApi {
  const product = "ecs";
  const regionOf = (regionId: string | undefined) => regionId ?? ctx.connection.regionId;

  const api: EcsApi = {
    async describeRegions() {
      const action = "DescribeRegions";
      const body = (
        await ctx.call(product, action, { idempotent: true }, (ecs) =>
          ecs.describeRegions(new Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" })),
        )
      ).body;
      return (body?.regions?.region ?? []).map((region) => ({
        regionId: ctx.must(region.regionId, "Regions.Region.RegionId", product, action),
        localName: region.localName ?? "",
        endpoint: region.regionEndpoint ?? "",
        status: region.status ?? "",
      }));
    },

    async describeImages(query = {}) {
      const regionId = regionOf(query.regionId);
      const idGroups = query.imageIds === undefined ? [undefined] : chunks(query.imageIds, MAX_IDS_PER_CALL);
      const out: CloudImage[] = [];
      for (const ids of idGroups) {
        if (ids !== undefined && ids.length === 0) continue;
        out.push(...(await imagesPage(regionId, query, ids)));
      }
      return out;
    },

    async describeInstances(query = {}) {
      const regionId = regionOf(query.regionId);
      const idGroups =
        query.instanceIds === undefined ? [undefined] : chunks(query.instanceIds, MAX_IDS_PER_CALL);
      const out: CloudInstance[] = [];
      for (const ids of idGroups) {
        if (ids !== undefined && ids.length === 0) continue;
        out.push(...(await instancesPage(regionId, query, ids)));
      }
      return out;
    },

    async stopInstance(instanceId, options = {}) {
      // Stopping a stopped instance is refused (IncorrectInstanceStatus), never done twice.
      const response = await ctx.call(
        product,
        "StopInstance",
        { regionId: regionOf(options.regionId), idempotent: true },
        (ecs) =>
          ecs.stopInstance(
            new Ecs.StopInstanceRequest({
              instanceId,
              ...(options.force === undefined ? {} : { forceStop: options.force }),
              ...(options.stoppedMode === undefined ? {} : { stoppedMode: options.stoppedMode }),
            }),
          ),
      );
      receipt(options, "StopInstance", response.body?.requestId);
    },

    async startInstance(instanceId, options = {}) {
      const response = await ctx.call(
        product,
        "StartInstance",
        { regionId: regionOf(options.regionId), idempotent: true },
        (ecs) => ecs.startInstance(new Ecs.StartInstanceRequest({ instanceId })),
      );
      receipt(options, "StartInstance", response.body?.requestId);
    },

    async replaceSystemDisk(instanceId, imageId, options = {}) {
      const action = "ReplaceSystemDisk";
      // The ClientToken makes a resent call the same call: the cloud answers it from its record.
      const clientToken = options.clientToken ?? randomUUID();
      const body = (
        await ctx.call(product, action, { regionId: regionOf(options.regionId), idempotent: true }, (ecs) =>
          ecs.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId, imageId, clientToken })),
        )
      ).body;
      receipt(options, action, body?.requestId);
      return ctx.must(body?.diskId, "DiskId", product, action);
    },

    async deleteInstance(instanceId, options = {}) {
      const response = await ctx.call(
        product,
        "DeleteInstance",
        { regionId: regionOf(options.regionId), idempotent: true },
        (ecs) =>
          ecs.deleteInstance(
            new Ecs.DeleteInstanceRequest({
              instanceId,
              ...(options.force === undefined ? {} : { force: options.force }),
            }),
          ),
      );
      receipt(options, "DeleteInstance", response.body?.requestId);
    },

    async tagImages(imageIds, tags, options = {}) {
      const regionId = regionOf(options.regionId);
      const tag = Object.entries(tags).map(([key, value]) => new Ecs.TagResourcesRequestTag({ key, value }));
      if (tag.length === 0) return;
      for (const resourceId of chunks(imageIds, MAX_TAG_RESOURCES)) {
        if (resourceId.length === 0) continue;
        // Setting the same tags again changes nothing: safe to resend.
        const response = await ctx.call(product, "TagResources", { regionId, idempotent: true }, (ecs) =>
          ecs.tagResources(new Ecs.TagResourcesRequest({ regionId, resourceType: "image", resourceId, tag })),
        );
        receipt(options, "TagResources", response.body?.requestId);
      }
    },

    async describeInstanceTypes(instanceTypes) {
      const action = "DescribeInstanceTypes";
      const out: InstanceTypeArchitecture[] = [];
      for (const group of chunks([...new Set(instanceTypes)], MAX_INSTANCE_TYPES_PER_CALL)) {
        if (group.length === 0) continue;
        const types = await allTokenPages(
          { product, action, endpoint: ctx.endpointHost(product) },
          async (nextToken) => {
            const body = (
              await ctx.call(product, action, { idempotent: true }, (ecs) =>
                ecs.describeInstanceTypes(
                  new Ecs.DescribeInstanceTypesRequest({
                    instanceTypes: group,
                    ...(nextToken === undefined ? {} : { nextToken }),
                  }),
                ),
              )
            ).body;
            return {
              items: body?.instanceTypes?.instanceType ?? [],
              ...(body?.nextToken ? { nextToken: body.nextToken } : {}),
            };
          },
        );
        for (const type of types) {
          out.push({
            instanceTypeId: ctx.must(
              type.instanceTypeId,
              "InstanceTypes.InstanceType.InstanceTypeId",
              product,
              action,
            ),
            cpuArchitecture: type.cpuArchitecture ?? "",
          });
        }
      }
      return out;
    },

    async waitForInstance(instanceId, options) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
      const intervalMs = Math.max(1, options.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS);
      // Waited time is counted in intervals slept, not read from a clock, so an injected sleep
      // (tests) and a real one give up after the same number of looks.
      let waited = 0;
      let looks = 0;
      for (;;) {
        looks += 1;
        const [instance] = await api.describeInstances({
          instanceIds: [instanceId],
          ...(options.regionId === undefined ? {} : { regionId: options.regionId }),
        });
        if (options.until(instance)) return instance;
        if (waited >= timeoutMs) {
          throw new CloudClientError({
            code: "WaitTimedOut",
            serverMessage: `instance \`${instanceId}\` was not ${options.what} after ${Math.round(waited / 1000)} s (last seen ${instance === undefined ? "gone" : `\`${instance.status}\``})`,
            product,
            action: "DescribeInstances",
            endpoint: ctx.endpointHost(product, regionOf(options.regionId)),
            attempts: looks,
            help: "the cloud may still be working on it: look at the instance in a while, then run the remediation again",
          });
        }
        await ctx.options.transport.sleep(intervalMs);
        waited += intervalMs;
      }
    },
  };

  function receipt(options: InstanceCallOptions, action: string, requestId: string | undefined): void {
    options.onReceipt?.({ action, ...(requestId === undefined || requestId === "" ? {} : { requestId }) });
  }

  async function imagesPage(
    regionId: string,
    query: ImageQuery,
    imageIds: readonly string[] | undefined,
  ): Promise<CloudImage[]> {
    const action = "DescribeImages";
    const status = query.status === "all" ? "ALL" : query.status?.join(",");
    const tag = Object.entries(query.tags ?? {}).map(
      ([key, value]) => new Ecs.DescribeImagesRequestTag(value === undefined ? { key } : { key, value }),
    );
    const images = await allOffsetPages(
      { product, action, endpoint: ctx.endpointHost(product, regionId) },
      ctx.pageSize(1, MAX_PAGE_SIZE),
      async (pageNumber, pageSize) => {
        const body = (
          await ctx.call(product, action, { regionId, idempotent: true }, (ecs) =>
            ecs.describeImages(
              new Ecs.DescribeImagesRequest({
                regionId,
                pageNumber,
                pageSize,
                ...(imageIds === undefined ? {} : { imageId: imageIds.join(",") }),
                ...(query.ownerAlias === undefined ? {} : { imageOwnerAlias: query.ownerAlias }),
                ...(status === undefined || status === "" ? {} : { status }),
                ...(query.imageName === undefined ? {} : { imageName: query.imageName }),
                ...(query.architecture === undefined ? {} : { architecture: query.architecture }),
                ...(query.osType === undefined ? {} : { OSType: query.osType }),
                ...(query.imageFamily === undefined ? {} : { imageFamily: query.imageFamily }),
                ...(tag.length === 0 ? {} : { tag }),
              }),
            ),
          )
        ).body;
        return {
          items: body?.images?.image ?? [],
          ...(typeof body?.totalCount === "number" ? { totalCount: body.totalCount } : {}),
        };
      },
    );
    return images.map((image) => ({
      imageId: ctx.must(image.imageId, "Images.Image.ImageId", product, action),
      imageName: image.imageName ?? "",
      regionId,
      ownerAlias: image.imageOwnerAlias ?? "",
      ...(image.imageOwnerId === undefined || image.imageOwnerId === null
        ? {}
        : { ownerAccountId: String(image.imageOwnerId) }),
      status: image.status ?? "",
      ...optionalText("creationTime", image.creationTime),
      ...optionalText("description", image.description),
      ...optionalText("imageFamily", image.imageFamily),
      ...optionalText("imageVersion", image.imageVersion),
      ...optionalText("osType", image.OSType),
      ...optionalText("osName", image.OSName),
      ...optionalText("osNameEn", image.OSNameEn),
      ...optionalText("platform", image.platform),
      ...optionalText("architecture", image.architecture),
      ...optionalText("usage", image.usage),
      ...(typeof image.isCopied === "boolean" ? { isCopied: image.isCopied } : {}),
      tags: tagMap(image.tags?.tag),
    }));
  }

  async function instancesPage(
    regionId: string,
    query: InstanceQuery,
    instanceIds: readonly string[] | undefined,
  ): Promise<CloudInstance[]> {
    const action = "DescribeInstances";
    const maxResults = ctx.pageSize(MIN_MAX_RESULTS, MAX_PAGE_SIZE);
    const instances = await allTokenPages(
      { product, action, endpoint: ctx.endpointHost(product, regionId) },
      async (nextToken) => {
        const body = (
          await ctx.call(product, action, { regionId, idempotent: true }, (ecs) =>
            ecs.describeInstances(
              new Ecs.DescribeInstancesRequest({
                regionId,
                maxResults,
                ...(nextToken === undefined ? {} : { nextToken }),
                ...(instanceIds === undefined ? {} : { instanceIds: JSON.stringify(instanceIds) }),
                ...(query.imageId === undefined ? {} : { imageId: query.imageId }),
                ...(query.status === undefined ? {} : { status: query.status }),
              }),
            ),
          )
        ).body;
        return {
          items: body?.instances?.instance ?? [],
          ...(body?.nextToken ? { nextToken: body.nextToken } : {}),
        };
      },
    );
    return instances.map((instance) => ({
      instanceId: ctx.must(instance.instanceId, "Instances.Instance.InstanceId", product, action),
      instanceName: instance.instanceName ?? "",
      regionId: instance.regionId ?? regionId,
      ...optionalText("zoneId", instance.zoneId),
      status: instance.status ?? "",
      imageId: instance.imageId ?? "",
      instanceType: instance.instanceType ?? "",
      ...optionalText("osType", instance.OSType),
      ...optionalText("osNameEn", instance.OSNameEn),
      ...optionalText("vpcId", instance.vpcAttributes?.vpcId),
      ...optionalText("vSwitchId", instance.vpcAttributes?.vSwitchId),
      securityGroupIds: instance.securityGroupIds?.securityGroupId ?? [],
      ...optionalText("creationTime", instance.creationTime),
      tags: tagMap(instance.tags?.tag),
      operationLocks: (instance.operationLocks?.lockReason ?? [])
        .map((lock) => lock.lockReason ?? "")
        .filter((reason) => reason !== ""),
    }));
  }

  return api;
}

function optionalText<K extends string>(key: K, value: string | undefined | null): { [P in K]?: string } {
  return (value === undefined || value === null || value === "" ? {} : { [key]: value }) as {
    [P in K]?: string;
  };
}
