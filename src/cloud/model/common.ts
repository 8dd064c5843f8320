// Shared vocabulary of the local cloud's data model.

/**
 * An instant as ISO 8601 UTC text with milliseconds, `2024-01-30T12:00:00.000Z` (what
 * `Date.prototype.toISOString` gives). Fixed width, so text order is time order in every store
 * backend and range queries need no date functions; services format it for the wire.
 */
export type Timestamp = string;

/** Lower-case resource type names as ECS's `ListTagResources` spells them. */
export type ResourceType =
  "instance" | "image" | "securitygroup" | "vpc" | "vswitch" | "keypair" | "disk" | "snapshot" | "eni";

/** Everything that names one regional resource. */
export interface ResourceRef {
  readonly regionId: string;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
}
