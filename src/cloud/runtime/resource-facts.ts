import {
  deriveChecksPass,
  type CatalogEntry,
  type DeriveInput,
  type ImageFacts,
  type ResourceFacts,
  type ResourceLookup,
  type ResourceRef as CatalogResourceRef,
} from "../../catalog/index.js";
import type { AuthRequest } from "../../policy/index.js";
import type { Image, ResourceType, Tag } from "../model/index.js";
import type { Store } from "../store/index.js";

// The catalog derives checks through a SYNCHRONOUS ResourceLookup (so the simulator can answer it
// from a scenario in memory), while the store is asynchronous. So the checks are derived in passes:
// each pass records what the lookup was asked and did not know yet and stops there (the catalog
// stops a pass before work that depends on the answers: deriveChecksPass); those facts are loaded
// from the store (in the call's transaction) and the derivation runs again, until a pass asks
// nothing new. A later question can depend on an earlier answer (the region of a named instance
// decides where its image is looked up), hence several passes: today's longest chain is three
// rounds of questions (region, image, resources) and the pass that builds the checks.
//
// An image's facts are read on every launch and rarely change: they are kept in the store's hot
// cache (Store.cached, area "images": images, their tags and shares), per caller account, since
// which images an account sees and whether one is its own ("Self") depend on the account.

// Twice today's longest chain (4 passes), so that a catalog dependency added later has room. The
// limit only stops a derivation that never settles; reaching it with a question still unanswered
// throws (an InternalError to the caller) rather than deciding on facts it never read, which would
// silently treat them as absent: a tag condition could then allow or deny the wrong request.
const MAX_PASSES = 8;

/** Check derivation still had questions after its last pass: a catalog chain longer than allowed. */
class DerivationPassesError extends Error {
  override readonly name = "DerivationPassesError";
}

type Question =
  | { readonly kind: "resource"; readonly ref: CatalogResourceRef }
  | { readonly kind: "image"; readonly ref: Parameters<ResourceLookup["image"]>[0] }
  | { readonly kind: "rdPath"; readonly nodeId: string | undefined };

/** Whose view the facts are read in: a caller sees only what its account may see. */
export interface FactsScope {
  readonly accountId: string;
  /** Where the request was sent, for resources named without a region. */
  readonly regionId: string;
}

/**
 * Derives the checks of one request with every resource fact it needs read from `store`.
 * `maxPasses` is MAX_PASSES; tests lower it to reach the limit with the catalog's real chains.
 */
export async function deriveChecksFromStore(
  store: Store,
  entry: CatalogEntry,
  input: DeriveInput,
  scope: FactsScope,
  maxPasses = MAX_PASSES,
): Promise<readonly AuthRequest[]> {
  const known = new Map<string, unknown>();
  for (let pass = 1; pass <= maxPasses; pass++) {
    const lookup = new PassLookup(known);
    const checks = deriveChecksPass(entry, input, lookup, () => lookup.asked.size > 0);
    // A pass that asked nothing new had every answer, so its checks are deriveChecks' own.
    if (checks !== undefined && lookup.asked.size === 0) return checks;
    for (const [key, question] of lookup.asked) known.set(key, await answer(store, question, scope));
  }
  throw new DerivationPassesError(
    `deriving the checks of ${entry.ramAction} still asked questions after ${maxPasses} passes`,
  );
}

/** One pass's lookup: answers what earlier passes loaded, and records every other question. */
class PassLookup implements ResourceLookup {
  readonly asked = new Map<string, Question>();

  constructor(private readonly known: ReadonlyMap<string, unknown>) {}

  resource(ref: CatalogResourceRef): ResourceFacts | undefined {
    return this.ask({ kind: "resource", ref }) as ResourceFacts | undefined;
  }

  image(ref: Parameters<ResourceLookup["image"]>[0]): ImageFacts | undefined {
    return this.ask({ kind: "image", ref }) as ImageFacts | undefined;
  }

  rdPath(nodeId: string | undefined): string | undefined {
    return this.ask({ kind: "rdPath", nodeId }) as string | undefined;
  }

  private ask(question: Question): unknown {
    const key = JSON.stringify(question);
    if (this.known.has(key)) return this.known.get(key);
    this.asked.set(key, question);
    return undefined;
  }
}

function answer(store: Store, question: Question, scope: FactsScope): Promise<unknown> {
  switch (question.kind) {
    case "resource":
      return resourceFacts(store, question.ref, scope);
    case "image":
      return imageFacts(store, question.ref, scope);
    case "rdPath":
      return rdPath(store, question.nodeId);
  }
}

function tagRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
}

async function tagsOf(store: Store, regionId: string, resourceType: ResourceType, resourceId: string) {
  return tagRecord(await store.tags.list({ regionId, resourceType, resourceId }));
}

/** `acs:ecs:cn-hangzhou:123:instance/i-1` → its parts; undefined for anything else. */
function parseResourceArn(arn: string) {
  const match = /^acs:([^:]+):([^:]*):([^:]*):([^/]+)\/(.+)$/.exec(arn);
  if (match === null) return undefined;
  const [, service, regionId, , type, id] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { service, regionId, type, id };
}

async function resourceFacts(
  store: Store,
  ref: CatalogResourceRef,
  scope: FactsScope,
): Promise<ResourceFacts | undefined> {
  const named =
    ref.by === "arn"
      ? parseResourceArn(ref.arn)
      : { service: ref.service, regionId: ref.regionId, type: ref.type, id: ref.id };
  if (named === undefined) return undefined;
  const regionId = named.regionId === undefined || named.regionId === "" ? undefined : named.regionId;
  // ECS's tag APIs spell resource types in any case (`Instance`, `instance`).
  switch (named.type.toLowerCase()) {
    case "instance": {
      const instance = await store.instances.get(named.id);
      if (instance === undefined || instance.status === "Deleted" || instance.accountId !== scope.accountId) {
        return undefined;
      }
      return {
        regionId: instance.regionId,
        ownerId: instance.accountId,
        instanceType: instance.instanceType,
        tags: await tagsOf(store, instance.regionId, "instance", instance.instanceId),
      };
    }
    case "image":
      return imageFactsById(store, regionId ?? scope.regionId, named.id, scope);
    case "securitygroup": {
      const group = await store.network.securityGroups.get(named.id);
      if (group === undefined || group.accountId !== scope.accountId) return undefined;
      return {
        regionId: group.regionId,
        ownerId: group.accountId,
        tags: await tagsOf(store, group.regionId, "securitygroup", group.securityGroupId),
      };
    }
    case "vpc": {
      const vpc = await store.network.vpcs.get(named.id);
      if (vpc === undefined || vpc.accountId !== scope.accountId) return undefined;
      return {
        regionId: vpc.regionId,
        ownerId: vpc.accountId,
        tags: await tagsOf(store, vpc.regionId, "vpc", vpc.vpcId),
      };
    }
    case "vswitch": {
      const vSwitch = await store.network.vSwitches.get(named.id);
      if (vSwitch === undefined || vSwitch.accountId !== scope.accountId) return undefined;
      return {
        regionId: vSwitch.regionId,
        ownerId: vSwitch.accountId,
        tags: await tagsOf(store, vSwitch.regionId, "vswitch", vSwitch.vSwitchId),
      };
    }
    default:
      // RAM and Resource Directory resources carry no tags or regions the checks read; key pairs,
      // disks and snapshots are not stored by the local cloud. The catalog names them untagged in
      // the caller's account.
      return undefined;
  }
}

/** The hot cache's areas an image's facts are read from: the image, its tags, its shares. */
const IMAGE_AREAS = ["images"] as const;

/** An image's facts as `scope`'s account sees them; undefined when it may not see the image. */
function imageFactsById(
  store: Store,
  regionId: string,
  imageId: string,
  scope: FactsScope,
): Promise<ImageFacts | undefined> {
  const key = `image-facts:${JSON.stringify([scope.accountId, regionId, imageId])}`;
  return store.cached(key, IMAGE_AREAS, async () => {
    const image = await visibleImage(store, regionId, imageId, scope.accountId);
    return image === undefined ? undefined : toImageFacts(store, image, scope);
  });
}

/**
 * The image as the caller may see it: Alibaba's and the Marketplace's, its own, and those shared
 * with it. Anything else is "not found" to this caller, so its tags and owner do not leak into a
 * decision (or a diagnostic message) the caller can read.
 */
async function visibleImage(store: Store, regionId: string, imageId: string, accountId: string) {
  const image = await store.images.get(regionId, imageId);
  if (image === undefined) return undefined;
  if (image.ownerAccountId === undefined || image.ownerAccountId === accountId) return image;
  return (await store.images.isSharedWith(regionId, imageId, accountId)) ? image : undefined;
}

/** Frozen: cached facts are shared by every call that reads them. */
async function toImageFacts(store: Store, image: Image, scope: FactsScope): Promise<ImageFacts> {
  const ownerId = image.ownerAccountId ?? "";
  const source =
    image.imageOwnerAlias === "system"
      ? "System"
      : image.imageOwnerAlias === "marketplace"
        ? "Marketplace"
        : ownerId === scope.accountId
          ? "Self"
          : "Others";
  return Object.freeze({
    imageId: image.imageId,
    regionId: image.regionId,
    ownerId,
    source,
    platform: image.platform,
    tags: Object.freeze(await tagsOf(store, image.regionId, "image", image.imageId)),
  });
}

function imageFacts(
  store: Store,
  ref: Parameters<ResourceLookup["image"]>[0],
  scope: FactsScope,
): Promise<ImageFacts | undefined> {
  if (ref.imageId !== undefined) return imageFactsById(store, ref.regionId, ref.imageId, scope);
  const family = ref.imageFamily;
  if (family === undefined) return Promise.resolve(undefined);
  const key = `image-family-facts:${JSON.stringify([scope.accountId, ref.regionId, family])}`;
  return store.cached(key, IMAGE_AREAS, async () => {
    // The family's newest available image the caller can use (the list is newest first).
    const page = await store.images.list(
      {
        regionId: ref.regionId,
        callerAccountId: scope.accountId,
        imageFamily: family,
        statuses: ["Available"],
      },
      { pageNumber: 1, pageSize: 1 },
    );
    const newest = page.items[0];
    return newest === undefined ? undefined : toImageFacts(store, newest, scope);
  });
}

/** `rd-x/r-y/fd-z` for a folder, `rd-x/r-y/fd-z/<account>` for a member; the Root for no id. */
async function rdPath(store: Store, nodeId: string | undefined): Promise<string | undefined> {
  const directory = await store.directory.get();
  if (directory === undefined) return undefined;
  const folderTrail = async (folderId: string) => {
    const folders = await store.directory.folderPath(folderId);
    return folders.length === 0 ? undefined : folders.map((folder) => folder.folderId).reverse();
  };
  if (nodeId === undefined) return `${directory.directoryId}/${directory.rootFolderId}`;
  if (/^\d+$/.test(nodeId)) {
    const member = await store.directory.getMember(nodeId);
    if (member === undefined) return undefined;
    const trail = await folderTrail(member.folderId);
    return trail === undefined ? undefined : [directory.directoryId, ...trail, nodeId].join("/");
  }
  const trail = await folderTrail(nodeId);
  return trail === undefined ? undefined : [directory.directoryId, ...trail].join("/");
}
