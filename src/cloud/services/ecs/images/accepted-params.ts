import { findRegion } from "../../../model/index.js";
import { invalidParameter, invalidRegionId, missingParameter } from "../../../http/index.js";
import type { CloudError } from "../../../http/index.js";
import type { CallContext } from "../../handler.js";

// What every image, tag and Tag-service handler does first: refuse parameters it does not
// implement (a caller must never believe a filter or an option took effect when it did not) and
// read the region it addresses.
//
// Indexed parameters are accepted ONLY in the flattened `Name.N` form with N as the action catalog
// reads it (`[1-9][0-9]*`): the runtime authorizes the resources and tags the catalog reads, so a
// handler that also read another spelling (a JSON array in `Name`, `Name.01`) would act on
// resources nobody authorized.

/** An accepted parameter: an exact name, or a pattern for indexed ones (`Tag.N.Key`). */
export type AcceptedParam = string | RegExp;

/** `Name.N` as the catalog reads repeated parameters. */
export const indexed = (name: string): RegExp => new RegExp(`^${escape(name)}\\.[1-9][0-9]*$`);

/** `Name.N.Field` for each of `fields`. */
export const indexedFields = (name: string, fields: readonly string[]): RegExp =>
  new RegExp(`^${escape(name)}\\.[1-9][0-9]*\\.(?:${fields.map(escape).join("|")})$`);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Throws `InvalidParameter` naming the first parameter the handler does not implement. */
export function rejectUnknownParams(ctx: CallContext, accepted: readonly AcceptedParam[]): void {
  for (const name of Object.keys(ctx.rawParams).sort()) {
    const known = accepted.some((a) => (typeof a === "string" ? a === name : a.test(name)));
    if (!known) throw unsupportedParameter(ctx.action, name);
  }
}

export function unsupportedParameter(action: string, name: string, why?: string): CloudError {
  return invalidParameter(
    name,
    why ?? `The local cloud does not implement it for ${action}; leave it out of the request.`,
  );
}

/** `RegionId`, which these actions require, naming a region the local cloud has. */
export function requireRegion(ctx: CallContext, name = "RegionId"): string {
  const regionId = ctx.params.optStr(name);
  if (regionId === undefined || regionId === "") throw missingParameter(name);
  if (findRegion(regionId) === undefined) throw invalidRegionId();
  return regionId;
}

/** Alibaba's wire form of a time: `2024-01-30T12:00:00Z`, no fraction. */
export function wireTime(timestamp: string): string {
  return `${timestamp.slice(0, 19)}Z`;
}
