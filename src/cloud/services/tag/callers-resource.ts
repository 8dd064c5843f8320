import type { ResourceRef } from "../../model/index.js";
import type { CallContext, ResponseBody } from "../handler.js";
import { ownsResource } from "../ecs/tags/tagged-resources.js";
import { storedRef } from "./resource-arn.js";
import type { ParsedArn } from "./resource-arn.js";
import { resourceNotFoundResult } from "./tag-service-errors.js";
import type { FailedResult } from "./tag-service-errors.js";

// Which resources an ARN of a Tag service request reaches: one the local cloud tags, in the
// caller's own account, that exists there. Tags are the owner's, so an ARN in another account is
// "not found" however the runtime decided it.

/** Where the tags of the resource `arn` names are stored, when it is the caller's; else undefined. */
export async function callersResource(
  ctx: CallContext,
  regionId: string,
  arn: ParsedArn,
): Promise<ResourceRef | undefined> {
  const ref = storedRef(arn);
  if (ref === undefined || arn.accountId !== ctx.caller.accountId) return undefined;
  const owned = await ownsResource(
    ctx.store,
    ctx.caller.accountId,
    regionId,
    ref.resourceType,
    ref.resourceId,
  );
  return owned ? ref : undefined;
}

/**
 * A batch write as the Tag service answers it: `write` runs on each ARN's resource that is the
 * caller's, in request order, and returns undefined or why it refused that resource. A resource
 * that is not the caller's, or was refused, is listed in `FailedResources`; the others are written.
 */
export async function writeEachResource(
  ctx: CallContext,
  regionId: string,
  arns: readonly ParsedArn[],
  write: (ref: ResourceRef) => Promise<FailedResult | undefined>,
): Promise<ResponseBody> {
  const failed: { ResourceARN: string; Result: FailedResult }[] = [];
  for (const arn of arns) {
    const ref = await callersResource(ctx, regionId, arn);
    const refused = ref === undefined ? resourceNotFoundResult : await write(ref);
    if (refused !== undefined) failed.push({ ResourceARN: arn.arn, Result: refused });
  }
  return failed.length === 0 ? {} : { FailedResources: { FailedResource: failed } };
}
