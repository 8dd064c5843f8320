import { api } from "../../lib/api.js";
import { listOf } from "../../lib/format.js";
import { field, num, str } from "../images/image-row.js";

// What the launch form offers besides the image: instance types (DescribeInstanceTypes), vSwitches
// (VPC DescribeVSwitches: each names its zone and VPC) and security groups (DescribeSecurityGroups),
// each read as the signed-in user.

export interface InstanceTypeOption {
  readonly instanceTypeId: string;
  readonly cpuCoreCount: number;
  /** GiB. */
  readonly memorySize: number;
  /** `X86` or `ARM`, as DescribeInstanceTypes spells it. */
  readonly cpuArchitecture: string;
  readonly gpuAmount: number;
}

export interface VSwitchOption {
  readonly vSwitchId: string;
  readonly vSwitchName: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly availableIps: number | undefined;
}

export interface SecurityGroupOption {
  readonly securityGroupId: string;
  readonly securityGroupName: string;
  readonly vpcId: string;
}

export async function loadInstanceTypes(): Promise<InstanceTypeOption[]> {
  const body = await api.call("Ecs", "DescribeInstanceTypes", {});
  return listOf<unknown>(body["InstanceTypes"], "InstanceType").map((type) => ({
    instanceTypeId: str(field(type, "InstanceTypeId")),
    cpuCoreCount: num(field(type, "CpuCoreCount")) ?? 0,
    memorySize: num(field(type, "MemorySize")) ?? 0,
    cpuArchitecture: str(field(type, "CpuArchitecture")),
    gpuAmount: num(field(type, "GPUAmount")) ?? 0,
  }));
}

/** An image's architecture (`x86_64`, `arm64`) as DescribeInstanceTypes' CpuArchitecture. */
export function cpuArchitectureOf(imageArchitecture: string): string | undefined {
  if (imageArchitecture === "x86_64" || imageArchitecture === "i386") return "X86";
  if (imageArchitecture === "arm64") return "ARM";
  return undefined;
}

export function describeInstanceType(type: InstanceTypeOption): string {
  const gpu = type.gpuAmount > 0 ? `, ${type.gpuAmount} GPU` : "";
  return `${type.instanceTypeId} — ${type.cpuCoreCount} vCPU, ${type.memorySize} GiB${gpu}`;
}

export async function loadVSwitches(regionId: string): Promise<VSwitchOption[]> {
  const body = await api.call("Vpc", "DescribeVSwitches", { RegionId: regionId, PageSize: "50" });
  return listOf<unknown>(body["VSwitches"], "VSwitch").map((v) => ({
    vSwitchId: str(field(v, "VSwitchId")),
    vSwitchName: str(field(v, "VSwitchName")),
    zoneId: str(field(v, "ZoneId")),
    vpcId: str(field(v, "VpcId")),
    cidrBlock: str(field(v, "CidrBlock")),
    isDefault: field(v, "IsDefault") === true,
    availableIps: num(field(v, "AvailableIpAddressCount")),
  }));
}

export function describeVSwitch(v: VSwitchOption): string {
  const name = v.vSwitchName === "" ? v.vSwitchId : `${v.vSwitchName} (${v.vSwitchId})`;
  return `${v.zoneId} · ${name} · ${v.cidrBlock}${v.isDefault ? " · default" : ""}`;
}

export async function loadSecurityGroups(regionId: string): Promise<SecurityGroupOption[]> {
  const body = await api.call("Ecs", "DescribeSecurityGroups", { RegionId: regionId, PageSize: "50" });
  return listOf<unknown>(body["SecurityGroups"], "SecurityGroup").map((g) => ({
    securityGroupId: str(field(g, "SecurityGroupId")),
    securityGroupName: str(field(g, "SecurityGroupName")),
    vpcId: str(field(g, "VpcId")),
  }));
}

export function describeSecurityGroup(g: SecurityGroupOption): string {
  return g.securityGroupName === "" ? g.securityGroupId : `${g.securityGroupName} (${g.securityGroupId})`;
}
