import type { ResourceRef, ResourceType } from "../../../model/index.js";
import type { Store } from "../../../store/store.js";
import { missingResourceType, resourceNotFound, resourceTypeNotFound } from "./tag-errors.js";

// Which resources the tag APIs can reach, and whether one exists for the caller. Tags are the
// owner's: a resource of another account — an image shared with the caller included — is
// "not found" to a tag write, as Alibaba's tag service looks resources up in the caller's
// account only. Alibaba's own images belong to nobody and cannot be tagged either.

/** Every `ResourceType` ECS's tag APIs accept (Alibaba's list; lower case only, as documented). */
export const ECS_TAG_RESOURCE_TYPES = [
  "instance",
  "disk",
  "snapshot",
  "image",
  "securitygroup",
  "volume",
  "eni",
  "ddh",
  "ddhcluster",
  "keypair",
  "launchtemplate",
  "reservedinstance",
  "snapshotpolicy",
  "elasticityassurance",
  "capacityreservation",
  "command",
  "invocation",
  "activation",
  "managedinstance",
] as const;

export type EcsTagResourceType = (typeof ECS_TAG_RESOURCE_TYPES)[number];

/** The ECS types the local cloud stores; every other accepted type names nothing that exists. */
const STORED_ECS_TYPES: ReadonlySet<string> = new Set<ResourceType>(["instance", "image", "securitygroup"]);

/**
 * `ResourceType` of an ECS tag request. Only Alibaba's lower-case spellings: the runtime authorized
 * the ARN built from the parameter as sent, and a policy naming `image/*` must be the one that
 * decided.
 */
export function readEcsResourceType(raw: string | undefined): EcsTagResourceType {
  if (raw === undefined || raw === "") throw missingResourceType();
  const type = ECS_TAG_RESOURCE_TYPES.find((t) => t === raw);
  if (type === undefined) throw resourceTypeNotFound();
  return type;
}

/** The stored resource type of an ECS tag type, or undefined for a type the local cloud never holds. */
export function storedType(type: EcsTagResourceType): ResourceType | undefined {
  return STORED_ECS_TYPES.has(type) ? (type as ResourceType) : undefined;
}

/**
 * Whether the resource exists in `regionId` and belongs to `accountId` (instances: not deleted;
 * images: custom images it owns).
 */
export async function ownsResource(
  store: Store,
  accountId: string,
  regionId: string,
  type: ResourceType,
  id: string,
): Promise<boolean> {
  switch (type) {
    case "instance": {
      const instance = await store.instances.get(id);
      return (
        instance !== undefined &&
        instance.accountId === accountId &&
        instance.regionId === regionId &&
        instance.status !== "Deleted"
      );
    }
    case "image": {
      const image = await store.images.get(regionId, id);
      return image !== undefined && image.imageOwnerAlias === "self" && image.ownerAccountId === accountId;
    }
    case "securitygroup": {
      const group = await store.network.securityGroups.get(id);
      return group !== undefined && group.accountId === accountId && group.regionId === regionId;
    }
    case "vpc": {
      const vpc = await store.network.vpcs.get(id);
      return vpc !== undefined && vpc.accountId === accountId && vpc.regionId === regionId;
    }
    case "vswitch": {
      const vSwitch = await store.network.vSwitches.get(id);
      return vSwitch !== undefined && vSwitch.accountId === accountId && vSwitch.regionId === regionId;
    }
    default:
      return false;
  }
}

/** The caller's resources named by an ECS tag write; `InvalidResourceId.NotFound` if any is not. */
export async function requireOwnedResources(
  store: Store,
  accountId: string,
  regionId: string,
  type: EcsTagResourceType,
  ids: readonly string[],
): Promise<ResourceRef[]> {
  const stored = storedType(type);
  const refs: ResourceRef[] = [];
  for (const id of ids) {
    if (stored === undefined || !(await ownsResource(store, accountId, regionId, stored, id))) {
      throw resourceNotFound();
    }
    refs.push({ regionId, resourceType: stored, resourceId: id });
  }
  return refs;
}
