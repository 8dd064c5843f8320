import { findInstanceType } from "../../../model/index.js";
import { incorrectInstanceStatus, invalidParameter, missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { readTagPairs } from "../tags/tag-rules.js";
import {
  indexedFields,
  rejectUnknownParams,
  requireRegion,
  unsupportedParameter,
} from "./accepted-params.js";
import { instanceNotFound, snapshotNotFound } from "./image-errors.js";
import {
  assertNameFree,
  checkDescription,
  checkImageFamily,
  checkImageName,
  checkImageVersion,
  optional,
  parseBootMode,
} from "./image-rules.js";
import { insertNewImage } from "./new-image.js";

// CreateImage from one of the caller's instances (Running or Stopped, as Alibaba requires). The
// local cloud keeps no snapshots, so a snapshot-based request (`SnapshotId`, or
// `DiskDeviceMapping.N.SnapshotId`) names a snapshot that does not exist.
//
// Creation completes within the call: the image is `Available` when CreateImage returns. Alibaba
// goes through `Creating` for minutes; here every reader (RunInstances, the catalog's image
// lookups, scans) reads the status straight from the store, and a status that changed with the
// wall clock would make every test that launches from a new image time-dependent.

const ACCEPTED = [
  "RegionId",
  "ClientToken",
  "DryRun",
  "InstanceId",
  "SnapshotId",
  indexedFields("DiskDeviceMapping", ["SnapshotId", "Size", "Device", "DiskType"]),
  "ImageName",
  "Description",
  "ImageFamily",
  "ImageVersion",
  "BootMode",
  "Architecture",
  "Platform",
  indexedFields("Tag", ["Key", "Value"]),
];

export const createImage: ActionHandler = {
  product: "ecs",
  action: "CreateImage",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;
    const instanceId = p.optStr("InstanceId") || undefined;
    const snapshotId = p.optStr("SnapshotId") || undefined;
    const mappings = Object.keys(ctx.rawParams).filter((name) => name.startsWith("DiskDeviceMapping."));

    const name = optional(p.optStr("ImageName"), checkImageName);
    const description = optional(p.optStr("Description"), checkDescription);
    const family = optional(p.optStr("ImageFamily"), checkImageFamily);
    const version = optional(p.optStr("ImageVersion"), checkImageVersion);
    const bootMode = optional(p.optStr("BootMode"), (v) => parseBootMode("BootMode", v));
    const tags = readTagPairs(ctx, "Tag");

    if (instanceId === undefined && snapshotId === undefined && mappings.length === 0) {
      throw missingParameter("SnapshotId or InstanceId or DiskDeviceMapping");
    }
    if (instanceId !== undefined && (snapshotId !== undefined || mappings.length > 0)) {
      throw invalidParameter("InstanceId", "Create an image from an instance or from snapshots, not both.");
    }
    if (instanceId === undefined) {
      // Snapshot-based creation: the local cloud has no snapshots for any id to name.
      throw snapshotNotFound();
    }
    // Architecture and Platform describe snapshot contents; an instance's image already says both.
    for (const snapshotOnly of ["Architecture", "Platform"]) {
      if (p.has(snapshotOnly)) {
        throw unsupportedParameter(
          ctx.action,
          snapshotOnly,
          "It applies only to an image created from snapshots.",
        );
      }
    }

    const instance = await ctx.store.instances.get(instanceId);
    if (
      instance === undefined ||
      instance.accountId !== ctx.caller.accountId ||
      instance.regionId !== regionId ||
      instance.status === "Deleted"
    ) {
      throw instanceNotFound();
    }
    if (instance.status !== "Running" && instance.status !== "Stopped") throw incorrectInstanceStatus();
    if (name !== undefined) await assertNameFree(ctx.store, ctx.caller.accountId, regionId, name);
    ctx.finishDryRun();

    // The OS comes from the image the system disk was written from, when it still exists.
    const from = await ctx.store.images.get(regionId, instance.systemDisk.imageId);
    const architecture =
      findInstanceType(instance.instanceType)?.architecture ?? from?.architecture ?? "x86_64";
    const imageId = await insertNewImage(
      ctx,
      regionId,
      { name, description, tags },
      {
        osType: from?.osType ?? "linux",
        osName: from?.osName ?? "Others Linux",
        osNameEn: from?.osNameEn ?? "Others Linux",
        platform: from?.platform ?? "Others Linux",
        architecture,
        sizeGiB: instance.systemDisk.sizeGiB,
        source: { type: "instance", instanceId },
        ...(family !== undefined && { imageFamily: family }),
        ...(version !== undefined && { imageVersion: version }),
        ...((bootMode ?? from?.bootMode) !== undefined && { bootMode: bootMode ?? from?.bootMode }),
      },
    );
    return { ImageId: imageId };
  },
};
