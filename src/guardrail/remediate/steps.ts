// Each step a plan can hold: one ECS API call with its parameters, what it waits for, what must be
// true before it, and what it risks. One builder per kind, so the plan, the renderers and the
// executor agree on what a step means.
import type { RemediationStep, TargetImage } from "./types.js";

interface Where {
  readonly accountId: string;
  readonly regionId: string;
  readonly instanceId: string;
}

export function stopStep(at: Where, then: string): RemediationStep {
  return {
    kind: "stop-instance",
    action: "StopInstance",
    accountId: at.accountId,
    regionId: at.regionId,
    // Standard mode: economical mode may give the instance's resources away, and it might then not
    // start again after its disk is replaced (Alibaba's ReplaceSystemDisk reference says so).
    params: { RegionId: at.regionId, InstanceId: at.instanceId, StoppedMode: "KeepCharging" },
    waitFor: "Stopped",
    preconditions: [`instance \`${at.instanceId}\` is \`Running\``],
    risks: [{ level: "downtime", message: `the instance is down from here ${then}` }],
    summary: `stop \`${at.instanceId}\` (standard mode) and wait until it is Stopped`,
  };
}

export function replaceDiskStep(at: Where, image: TargetImage, currentImageId: string): RemediationStep {
  return {
    kind: "replace-system-disk",
    action: "ReplaceSystemDisk",
    accountId: at.accountId,
    regionId: at.regionId,
    params: { RegionId: at.regionId, InstanceId: at.instanceId, ImageId: image.imageId },
    waitFor: `its system disk runs \`${image.imageId}\` and no operation lock is left`,
    preconditions: [
      `instance \`${at.instanceId}\` is \`Stopped\``,
      `image \`${image.imageId}\` is Available to account \`${at.accountId}\` and passes every golden criterion`,
      "the caller may call ecs:ReplaceSystemDisk with this image (the guardrail's policies allow golden images)",
    ],
    risks: [
      {
        level: "data-loss",
        message: `everything on the system disk of \`${at.instanceId}\` is lost: the disk${currentImageId === "" ? "" : ` (from \`${currentImageId}\`)`} is released and a new one is written from \`${image.imageId}\`; data disks are kept; snapshot the system disk first (CreateSnapshot) if anything on it matters`,
      },
    ],
    summary: `replace the system disk of \`${at.instanceId}\` with golden image \`${image.imageId}\`${image.name === undefined ? "" : ` (${image.name})`}`,
  };
}

export function startStep(at: Where): RemediationStep {
  return {
    kind: "start-instance",
    action: "StartInstance",
    accountId: at.accountId,
    regionId: at.regionId,
    params: { RegionId: at.regionId, InstanceId: at.instanceId },
    waitFor: "Running",
    preconditions: [`instance \`${at.instanceId}\` is \`Stopped\``],
    risks: [],
    summary: `start \`${at.instanceId}\` again (it was Running) and wait until it is Running`,
  };
}

export function deleteStep(at: Where): RemediationStep {
  return {
    kind: "delete-instance",
    action: "DeleteInstance",
    accountId: at.accountId,
    regionId: at.regionId,
    params: { RegionId: at.regionId, InstanceId: at.instanceId },
    waitFor: "released (DescribeInstances no longer lists it)",
    preconditions: [`instance \`${at.instanceId}\` is \`Stopped\``, "its deletion protection is off"],
    risks: [
      {
        level: "irreversible",
        message: `instance \`${at.instanceId}\` is released with its system disk (and any data disk set to be released with it); this cannot be undone`,
      },
    ],
    summary: `release \`${at.instanceId}\``,
  };
}

export function tagImageStep(
  image: { readonly imageId: string; readonly ownerAccountId: string; readonly regionId: string },
  tags: Readonly<Record<string, string>>,
): RemediationStep {
  const params: Record<string, string> = {
    RegionId: image.regionId,
    ResourceType: "image",
    "ResourceId.1": image.imageId,
  };
  Object.entries(tags).forEach(([key, value], index) => {
    params[`Tag.${index + 1}.Key`] = key;
    params[`Tag.${index + 1}.Value`] = value;
  });
  return {
    kind: "tag-image",
    action: "TagResources",
    accountId: image.ownerAccountId,
    regionId: image.regionId,
    params,
    preconditions: [
      `the caller can work in the image owner's account \`${image.ownerAccountId}\` (its ResourceDirectoryAccountAccessRole)`,
      "that session may call ecs:TagResources on the image; the guardrail lets only the image pipeline tag images, so where it denies, have the pipeline tag it",
    ],
    risks: [
      {
        level: "approval",
        message: `approves image \`${image.imageId}\` as golden: every instance running it becomes compliant, and launches from it are allowed wherever it is shared`,
      },
    ],
    summary: `tag image \`${image.imageId}\` in account \`${image.ownerAccountId}\` with ${Object.entries(
      tags,
    )
      .map(([key, value]) => `\`${key}: ${value}\``)
      .join(", ")}`,
  };
}

/** The tags a tag-image step sets, read back from its parameters. */
export function tagsOfStep(step: RemediationStep): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let n = 1; step.params[`Tag.${n}.Key`] !== undefined; n++) {
    tags[step.params[`Tag.${n}.Key`] as string] = step.params[`Tag.${n}.Value`] ?? "";
  }
  return tags;
}
