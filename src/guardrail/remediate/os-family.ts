// An OS family: the operating system an image says it holds, and the CPU architecture it boots on.
// A system disk is only ever replaced within its family: another OS release breaks what runs on the
// instance, and another architecture does not boot (ReplaceSystemDisk refuses it). The OS is compared
// as Alibaba's OSNameEn names it (`Ubuntu  22.04 64 bit`), spaces collapsed and case ignored.
import type { ImageFacts, InstanceFacts, OsFamily } from "./types.js";

/** DescribeInstanceTypes' CpuArchitecture in the words DescribeImages uses for Architecture. */
const ARCHITECTURE_OF_CPU: Readonly<Record<string, string>> = { X86: "x86_64", ARM: "arm64" };

export function imageArchitectureOfCpu(cpuArchitecture: string): string | undefined {
  return ARCHITECTURE_OF_CPU[cpuArchitecture];
}

export type FamilyResult =
  { readonly ok: true; readonly family: OsFamily } | { readonly ok: false; readonly why: string };

/**
 * The family of what an instance runs: from its image when the image is found, else from what the
 * instance reports (its OS name and its instance type's architecture).
 */
export function familyOf(instance: InstanceFacts, image: ImageFacts | undefined): FamilyResult {
  const os = normalise(image?.osName ?? instance.osName ?? "");
  const architecture = image?.architecture ?? instance.architecture ?? "";
  if (os === "") {
    return {
      ok: false,
      why:
        image === undefined
          ? `the instance's image is gone and the instance reports no OS name, so its OS family cannot be told`
          : `image \`${image.imageId}\` does not say which OS it holds, so its OS family cannot be told`,
    };
  }
  // "Others Linux" is what the cloud says when it does not know: two such images need not match.
  if (/^others\b/i.test(os)) {
    return { ok: false, why: `the OS is \`${os}\`, which names no OS family` };
  }
  if (architecture === "") {
    return { ok: false, why: `the CPU architecture of \`${instance.instanceId}\` cannot be told` };
  }
  return {
    ok: true,
    family: { os, architecture, ...(image?.platform === undefined ? {} : { platform: image.platform }) },
  };
}

/** The family of a candidate image; undefined when the image does not say. */
export function familyOfImage(image: ImageFacts): OsFamily | undefined {
  const os = normalise(image.osName ?? "");
  if (os === "" || /^others\b/i.test(os) || image.architecture === undefined) return undefined;
  return {
    os,
    architecture: image.architecture,
    ...(image.platform === undefined ? {} : { platform: image.platform }),
  };
}

export function sameFamily(a: OsFamily, b: OsFamily): boolean {
  return a.os.toLowerCase() === b.os.toLowerCase() && a.architecture === b.architecture;
}

export function osFamilyLabel(family: OsFamily): string {
  return `${family.os} (${family.architecture})`;
}

function normalise(os: string): string {
  return os.replace(/\s+/g, " ").trim();
}
