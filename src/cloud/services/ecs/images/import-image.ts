import { randomBytes } from "node:crypto";
import { findRegion } from "../../../model/index.js";
import type { Architecture, OsType } from "../../../model/index.js";
import { invalidParameter, missingParameter } from "../../../http/index.js";
import type { ActionHandler, CallContext, ResponseBody } from "../../handler.js";
import { readTagPairs } from "../tags/tag-rules.js";
import {
  indexedFields,
  rejectUnknownParams,
  requireRegion,
  unsupportedParameter,
} from "./accepted-params.js";
import {
  architectureMalformed,
  imageFormatMalformed,
  invalidImageSize,
  licenseTypeNotSupported,
  osTypeMalformed,
  ossBucketNotFound,
  ossObjectMalformed,
  platformMalformed,
} from "./image-errors.js";
import {
  assertNameFree,
  checkDescription,
  checkImageName,
  isArchitecture,
  isOsType,
  optional,
  parseBootMode,
} from "./image-rules.js";
import { insertNewImage } from "./new-image.js";

// ImportImage from an OSS object. The local cloud has no OSS: it validates the bucket and object
// names and records them on the image (DescribeImages shows them as ImportOSSBucket /
// ImportOSSObject), but reads nothing. Like the other image-producing actions the import completes
// within the call (Alibaba: Waiting, then Creating, then Available).
// Only the system disk (`DiskDeviceMapping.1`) is imported: the image model has one disk.

const ACCEPTED = [
  "RegionId",
  "ClientToken",
  "DryRun",
  indexedFields("DiskDeviceMapping", [
    "OSSBucket",
    "OSSObject",
    "Format",
    "DiskImageSize",
    "DiskImSize",
    "Device",
  ]),
  "ImageName",
  "Description",
  "Architecture",
  "OSType",
  "Platform",
  "BootMode",
  "LicenseType",
  indexedFields("Tag", ["Key", "Value"]),
];

const LINUX_PLATFORMS = [
  "Aliyun",
  "Anolis",
  "CentOS",
  "CentOS Stream",
  "Ubuntu",
  "CoreOS",
  "SUSE",
  "OpenSUSE",
  "Debian",
  "RedHat",
  "FreeBSD",
  "Fedora",
  "AlmaLinux",
  "Rocky Linux",
  "Kylin",
  "UOS",
  "Customized Linux",
  "Others Linux",
];
const WINDOWS_PLATFORMS = [
  "Windows Server 2003",
  "Windows Server 2008",
  "Windows Server 2012",
  "Windows Server 2016",
  "Windows Server 2019",
  "Windows Server 2022",
];
const FORMATS = ["RAW", "VHD", "QCOW2"];
const LICENSE_TYPES = ["Auto", "Aliyun", "BYOL"];

/** OSS bucket names: 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export const importImage: ActionHandler = {
  product: "ecs",
  action: "ImportImage",
  access: "write",
  async handle(ctx: CallContext): Promise<ResponseBody> {
    rejectUnknownParams(ctx, ACCEPTED);
    const regionId = requireRegion(ctx);
    const p = ctx.params;

    const dataDisk = Object.keys(ctx.rawParams).find(
      (name) => name.startsWith("DiskDeviceMapping.") && !name.startsWith("DiskDeviceMapping.1."),
    );
    if (dataDisk !== undefined) {
      throw unsupportedParameter(
        ctx.action,
        dataDisk,
        "The local cloud imports the system disk (DiskDeviceMapping.1) only.",
      );
    }
    const bucket = p.optStr("DiskDeviceMapping.1.OSSBucket");
    if (bucket === undefined || bucket === "") throw missingParameter("DiskDeviceMapping.1.OSSBucket");
    if (!BUCKET_NAME.test(bucket)) throw ossBucketNotFound();
    const object = p.optStr("DiskDeviceMapping.1.OSSObject");
    if (object === undefined || object === "") throw missingParameter("DiskDeviceMapping.1.OSSObject");
    if ([...object].length > 1023 || object.startsWith("/") || object.startsWith("\\"))
      throw ossObjectMalformed();
    const format = p.optStr("DiskDeviceMapping.1.Format");
    if (format !== undefined && format !== "" && !FORMATS.includes(format.toUpperCase()))
      throw imageFormatMalformed();
    const sizeParam = p.has("DiskDeviceMapping.1.DiskImageSize")
      ? "DiskDeviceMapping.1.DiskImageSize"
      : "DiskDeviceMapping.1.DiskImSize";
    const size = p.optInt(sizeParam);
    if (size !== undefined && (size < 5 || size > 500)) throw invalidImageSize();
    // `Device` names the disk's slot, which a one-disk image has no choice about.
    const device = p.optStr("DiskDeviceMapping.1.Device");
    if (device !== undefined && device !== "" && device !== "/dev/xvda") {
      throw invalidParameter("DiskDeviceMapping.1.Device", "The system disk is /dev/xvda.");
    }

    const name = optional(p.optStr("ImageName"), checkImageName);
    const description = optional(p.optStr("Description"), checkDescription);
    const architecture = optional(p.optStr("Architecture"), (v): Architecture => {
      if (!isArchitecture(v)) throw architectureMalformed();
      return v;
    });
    const osTypeParam = optional(p.optStr("OSType"), (v): OsType => {
      if (!isOsType(v)) throw osTypeMalformed();
      return v;
    });
    const platform = p.optStr("Platform") || (osTypeParam === "windows" ? undefined : "Others Linux");
    if (platform === undefined) throw missingParameter("Platform");
    const platformOs: OsType | undefined = LINUX_PLATFORMS.includes(platform)
      ? "linux"
      : WINDOWS_PLATFORMS.includes(platform)
        ? "windows"
        : undefined;
    if (platformOs === undefined || (osTypeParam !== undefined && osTypeParam !== platformOs)) {
      throw platformMalformed();
    }
    const bootMode = optional(p.optStr("BootMode"), (v) => parseBootMode("BootMode", v)) ?? "BIOS";
    // Licensing has no effect in a cloud that bills nothing; the value is still checked.
    const license = p.optStr("LicenseType");
    if (license !== undefined && license !== "" && !LICENSE_TYPES.includes(license))
      throw licenseTypeNotSupported();
    const tags = readTagPairs(ctx, "Tag");
    if (name !== undefined) await assertNameFree(ctx.store, ctx.caller.accountId, regionId, name);
    ctx.finishDryRun();

    const osName = `${platform} ${architecture ?? "x86_64"}`;
    const imageId = await insertNewImage(
      ctx,
      regionId,
      { name, description, tags },
      {
        osType: platformOs,
        osName,
        osNameEn: osName,
        platform,
        architecture: architecture ?? "x86_64",
        sizeGiB: size ?? (platformOs === "windows" ? 40 : 20),
        bootMode,
        source: { type: "import", ossBucket: bucket, ossObject: object },
      },
    );
    return { ImageId: imageId, RegionId: regionId, TaskId: newTaskId(regionId) };
  },
};

/** `t-` + the region's id code + random characters, as Alibaba's task ids look. */
function newTaskId(regionId: string): string {
  const code = findRegion(regionId)?.idCode ?? "";
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const random = [...randomBytes(20 - code.length)].map((b) => alphabet[b % alphabet.length]).join("");
  return `t-${code}${random}`;
}
