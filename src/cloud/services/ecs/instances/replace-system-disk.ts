import { incorrectInstanceStatus, invalidParameter } from "../../../http/index.js";
import { findInstanceType, newRegionalId } from "../../../model/index.js";
import type { ActionHandler } from "../../handler.js";
import { ECS_NAME, followsRule } from "../../vpc/support/names.js";
import { acceptedParameters } from "../../vpc/support/parameters.js";
import { imageNotForInstanceType, keyPairOnWindows } from "./errors.js";
import { usableImageById } from "./images.js";
import { checkPassword, systemDiskSize } from "./launch.js";
import { ownedInstance } from "./lookup.js";

const ACCEPTED = acceptedParameters(
  "InstanceId",
  "RegionId",
  "ImageId",
  "SystemDisk.Size",
  "KeyPairName",
  "Password",
  "PasswordInherit",
  "ClientToken",
);

const NOT_MODELLED: Readonly<Record<string, string>> = {
  DiskId: "deprecated by Alibaba, give ImageId",
  Encrypted: "disk encryption is not modelled",
  KMSKeyId: "disk encryption is not modelled",
  EncryptAlgorithm: "disk encryption is not modelled",
  Architecture: "deprecated by Alibaba, the image decides",
  Platform: "deprecated by Alibaba, the image decides",
  SecurityEnhancementStrategy: "Security Center is not modelled",
  UseAdditionalService: "instance system configuration is not modelled",
  Arn: "not available for use on Alibaba Cloud",
};

// ReplaceSystemDisk: re-creates a Stopped instance's system disk from an image (the
// ReplaceSystemDisk reference): any other status is IncorrectInstanceStatus (403). The disk gets a
// new id (returned as DiskId), keeps its category, and is sized SystemDisk.Size, else max{40, image
// size}; the instance runs the new image from then on (DescribeInstances' ImageId). The image must
// be usable by the caller (images.ts) and fit the instance type's architecture. A Windows image
// drops the instance's key pair, which Windows cannot use.
export const replaceSystemDisk: ActionHandler = {
  product: "ecs",
  action: "ReplaceSystemDisk",
  access: "write",
  async handle(ctx) {
    ACCEPTED.check(ctx, NOT_MODELLED, "the local cloud does not model it");
    const imageId = ctx.params.str("ImageId");
    const requestedSize = ctx.params.optInt("SystemDisk.Size", { min: 1 });
    const keyPairName = ctx.params.optStr("KeyPairName") || undefined;
    if (keyPairName !== undefined && !followsRule(keyPairName, ECS_NAME))
      throw invalidParameter("KeyPairName");
    checkPassword(ctx);
    const instance = await ownedInstance(ctx);
    if (instance.status !== "Stopped") throw incorrectInstanceStatus();
    const image = await usableImageById(ctx.store, ctx.caller.accountId, instance.regionId, imageId);
    if (image.architecture !== findInstanceType(instance.instanceType)?.architecture)
      throw imageNotForInstanceType();
    if (keyPairName !== undefined && image.osType === "windows") throw keyPairOnWindows();
    const sizeGiB = systemDiskSize(instance.systemDisk.category, requestedSize, image);
    ctx.finishDryRun();

    const diskId = newRegionalId("disk", instance.regionId);
    const keyPair = keyPairName !== undefined ? keyPairName : image.osType === "windows" ? null : undefined;
    await ctx.store.instances.update(instance.instanceId, {
      imageId: image.imageId,
      systemDisk: { diskId, category: instance.systemDisk.category, sizeGiB, imageId: image.imageId },
      ...(keyPair === undefined ? {} : { keyPairName: keyPair }),
    });
    return { DiskId: diskId };
  },
};
