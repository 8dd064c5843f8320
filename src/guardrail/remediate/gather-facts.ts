// Reading what a plan needs from the cloud, through src/client: per account and region of the
// selected findings, the instances (DescribeInstances by id), the images they run (DescribeImages by
// id, every status, as the scan looks them up: look-up-images.ts), the CPU architecture of instance
// types whose image is gone (DescribeInstanceTypes), and the images the account could replace a
// system disk with (DescribeImages, Available, each allowed source, filtered by the required tag
// keys), and where every account sits in the organisation's directory now, which decides its scopes
// and mode. Failures are data: a place that cannot be read blocks its findings; nothing is guessed.
import { mapWithConcurrency } from "../../client/index.js";
import type { CloudClient, CloudImage } from "../../client/index.js";
import type { ImageSource } from "../../catalog/index.js";
import type { GuardrailSpec } from "../spec/types.js";
import { collectionFailure } from "../scan/collection-failure.js";
import { ALIAS_OF, foundImageFacts, lookUpImages, sourceOfImage } from "../scan/look-up-images.js";
import type { AccountClients } from "./account-clients.js";
import { folderChains } from "../scan/folder-chains.js";
import { imageArchitectureOfCpu } from "./os-family.js";
import type {
  ImageFacts,
  AccountPlacement,
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
  const [places, directory] = await Promise.all([
    mapWithConcurrency([...byPlace.values()], options.concurrency ?? 4, (place) =>
      readPlace(clients, spec, place.accountId, place.regionId, place.instanceIds),
    ),
    readAccountPlacements(clients.callerClient),
  ]);
  return { places, ...directory };
}

/**
 * Every account with the folders that hold it, Root first, as the scan's inventory has them
 * (collect.ts, folder-chains.ts); without a Resource Directory the caller's own account is the whole organisation.
 */
async function readAccountPlacements(
  caller: CloudClient,
): Promise<Pick<RemediationFacts, "accounts" | "accountsError">> {
  try {
    const directory = await caller.rd.getDirectory();
    if (directory === undefined) {
      const { accountId } = await caller.whoami();
      return { accounts: [{ accountId, name: accountId, folders: [] }] };
    }
    const [accounts, folders] = await Promise.all([caller.rd.listAccounts(), caller.rd.listFolders()]);
    const chains = folderChains(folders);
    return {
      accounts: accounts.map((account): AccountPlacement => ({
        accountId: account.accountId,
        name: account.displayName,
        folders: chains.get(account.folderId) ?? [],
      })),
    };
  } catch (error) {
    return { accounts: [], accountsError: collectionFailure(error) };
  }
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
    images = await lookUpImages(
      client,
      regionId,
      [...new Set(listed.map((instance) => instance.imageId).filter((id) => id !== ""))],
      imageFacts,
    );
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
    return {
      accountId,
      regionId,
      error: collectionFailure(error),
      instances: [],
      images: [],
      candidates: [],
    };
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
    return {
      accountId,
      regionId,
      instances,
      images,
      candidates: [],
      candidatesError: collectionFailure(error),
    };
  }
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
    out.push(...images.map((image) => imageFacts(image, sourceOfImage(image, alias))));
  }
  return out;
}

/** As the scan sees it, and what tells the image's OS family. */
function imageFacts(image: CloudImage, source: ImageSource): ImageFacts {
  return {
    ...foundImageFacts(image, source),
    ...(image.osNameEn === undefined ? {} : { osName: image.osNameEn }),
    ...(image.platform === undefined ? {} : { platform: image.platform }),
    ...(image.architecture === undefined ? {} : { architecture: image.architecture }),
  };
}
