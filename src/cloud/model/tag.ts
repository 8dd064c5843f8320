import type { ResourceRef } from "./common.js";

/** One tag on one resource (at most 20 per resource; the services enforce it). Keys are case-sensitive. */
export type Tag = ResourceRef & {
  /** The resource's owner: tags are written by the owner only. */
  readonly accountId: string;
  readonly key: string;
  readonly value: string;
};

/** A key/value pair as requests carry them. */
export interface TagPair {
  readonly key: string;
  readonly value: string;
}

/** One condition of a tag filter: the key must be present, with this value when one is given. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}
