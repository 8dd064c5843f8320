// Reading what a plan needs from the cloud, through src/client: per account and region of the
// selected findings, the instances (DescribeInstances by id), the images they run (DescribeImages by
// id under each owner alias, every status, as the scan reads them), the CPU architecture of instance
// types whose image is gone (DescribeInstanceTypes), and the images the account could replace a
// system disk with (DescribeImages, Available, each allowed source, filtered by the required tag
// keys). Failures are data: a place that cannot be read blocks its findings; nothing is guessed.
import { ConnectionError, isCloudClientError, mapWithConcurrency } from "../../client/index.js";
import type { CloudClient, CloudImage, ImageOwnerAlias } from "../../client/index.js";
import type { ImageSource } from "../../catalog/index.js";
import type { GuardrailSpec } from "../spec/types.js";
import type { CollectionFailure } from "../scan/types.js";
import type { AccountClients } from "./account-clients.js";
import { imageArchitectureOfCpu } from "./os-family.js";
import type {
  ImageFacts,
  ImageLookup,
  InstanceFacts,
  PlaceFacts,
  RemediationFacts,
  RemediationTarget,
} from "./types.js";

export interface GatherRemediationFactsOptions {
  /** Account-regions read at once (default 4). */
  readonly concurrency?: number;
}

const OWNER_ALIASES: readonly ImageOwnerAlias[] = ["self", "others", "system", "marketplace"];

const SOURCE_OF: Readonly<Record<ImageOwnerAlias, ImageSource>> = {
  self: "Self",
  others: "Others",
  system: "System",
  marketplace: "Marketplace",
};

const ALIAS_OF: Readonly<Record<ImageSource, ImageOwnerAlias>> = {
  Self: "self",
  Others: "others",
  System: "system",
  Marketplace: "marketplace",
};

export async function gatherRemediationFacts(
  targets: readonly RemediationTarget[],
  clients: AccountClients,
  spec: GuardrailSpec,
  options: GatherRemediationFactsOptions = {},
): Promise<RemediationFacts> {
  const byPlace = new Map<string, { accountId: string; regionId: string; instanceIds: string[] }>();
  for (const target of targets) {
    const key = `${target.accountId}/${target.regionId}`;
    const place = byPlace.get(key) ?? {
      accountId: target.accountId,
      regionId: target.regionId,
      instanceIds: [],
    };
    place.instanceIds.push(target.instanceId);
    byPlace.set(key, place);
  }
  const places = await mapWithConcurrency([...byPlace.values()], options.concurrency ?? 4, (place) =>
    readPlace(clients, spec, place.accountId, place.regionId, place.instanceIds),
  );
  return { places };
}

async function readPlace(
  clients: AccountClients,
  spec: GuardrailSpec,
  accountId: string,
  regionId: string,
  instanceIds: readonly string[],
): Promise<PlaceFacts> {
  let client: CloudClient;
  let instances: InstanceFacts[];
  let images: ImageLookup[];
  try {
    client = await clients(accountId);
    const listed = await client.ecs.describeInstances({ regionId, instanceIds: [...new Set(instanceIds)] });
    images = await lookUpImages(client, regionId, [
      ...new Set(listed.map((instance) => instance.imageId).filter((id) => id !== "")),
    ]);
    // An instance whose image is gone still tells its OS; its architecture comes from its type.
    const found = new Set(images.filter((image) => image.state === "found").map((image) => image.imageId));
    const orphans = listed.filter((instance) => !found.has(instance.imageId));
    const types =
      orphans.length === 0
        ? []
        : await client.ecs.describeInstanceTypes(
            orphans.map((instance) => instance.instanceType).filter((t) => t !== ""),
          );
    instances = listed.map((instance) => {
      const cpu = types.find((type) => type.instanceTypeId === instance.instanceType)?.cpuArchitecture;
      const architecture = cpu === undefined ? undefined : imageArchitectureOfCpu(cpu);
      return {
        instanceId: instance.instanceId,
        status: instance.status,
        imageId: instance.imageId,
        instanceType: instance.instanceType,
        ...(instance.osNameEn === undefined ? {} : { osName: instance.osNameEn }),
        ...(architecture === undefined ? {} : { architecture }),
      };
    });
  } catch (error) {
    return { accountId, regionId, error: failureOf(error), instances: [], images: [], candidates: [] };
  }

  try {
    return {
      accountId,
      regionId,
      instances,
      images,
      candidates: await listCandidates(client, spec, regionId),
    };
  } catch (error) {
    return { accountId, regionId, instances, images, candidates: [], candidatesError: failureOf(error) };
  }
}

async function lookUpImages(
  client: CloudClient,
  regionId: string,
  imageIds: readonly string[],
): Promise<ImageLookup[]> {
  const missing = new Set(imageIds);
  const found: ImageLookup[] = [];
  for (const alias of OWNER_ALIASES) {
    if (missing.size === 0) break;
    const images = await client.ecs.describeImages({
      regionId,
      imageIds: [...missing],
      ownerAlias: alias,
      status: "all",
    });
    for (const image of images) {
      if (!missing.delete(image.imageId)) continue;
      found.push({ state: "found", ...imageFacts(image, alias) });
    }
  }
  return [...found, ...[...missing].map((imageId): ImageLookup => ({ state: "deleted", imageId }))];
}

/**
 * Images the account can write onto a system disk: Available, from each source the spec allows,
 * carrying every required tag key (values are judged afterwards with the golden criteria).
 */
async function listCandidates(
  client: CloudClient,
  spec: GuardrailSpec,
  regionId: string,
): Promise<ImageFacts[]> {
  const sources = spec.golden.allowedSources ?? (["Self", "Others", "System", "Marketplace"] as const);
  const tags = Object.fromEntries(spec.golden.requiredTags.map((tag) => [tag.key, undefined]));
  const out: ImageFacts[] = [];
  for (const source of sources) {
    const alias = ALIAS_OF[source];
    const images = await client.ecs.describeImages({
      regionId,
      ownerAlias: alias,
      status: ["Available"],
      ...(Object.keys(tags).length === 0 ? {} : { tags }),
    });
    out.push(...images.map((image) => imageFacts(image, alias)));
  }
  return out;
}

function imageFacts(image: CloudImage, alias: ImageOwnerAlias): ImageFacts {
  const answered = OWNER_ALIASES.find((known) => known === image.ownerAlias);
  return {
    imageId: image.imageId,
    ...(image.imageName === "" ? {} : { name: image.imageName }),
    tags: image.tags,
    ...(image.ownerAccountId === undefined ? {} : { ownerId: image.ownerAccountId }),
    source: SOURCE_OF[answered ?? alias],
    status: image.status,
    createdAt: image.creationTime ?? "",
    ...(image.osNameEn === undefined ? {} : { osName: image.osNameEn }),
    ...(image.platform === undefined ? {} : { platform: image.platform }),
    ...(image.architecture === undefined ? {} : { architecture: image.architecture }),
  };
}

export function failureOf(error: unknown): CollectionFailure {
  if (isCloudClientError(error) || error instanceof ConnectionError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.help === undefined ? {} : { help: error.help }),
    };
  }
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error) };
}
