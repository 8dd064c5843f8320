import type { Architecture } from "./image.js";

// A realistic subset of ECS instance types (DescribeInstanceTypes), static data.

export interface InstanceTypeSpec {
  readonly instanceTypeId: string;
  readonly instanceTypeFamily: string;
  readonly cpuCoreCount: number;
  /** GiB. */
  readonly memorySize: number;
  /** Which image architecture boots on it. */
  readonly architecture: Extract<Architecture, "x86_64" | "arm64">;
  readonly gpuAmount: number;
  readonly gpuSpec?: string;
}

function spec(
  instanceTypeId: string,
  cpuCoreCount: number,
  memorySize: number,
  architecture: InstanceTypeSpec["architecture"] = "x86_64",
  gpu?: { amount: number; spec: string },
): InstanceTypeSpec {
  return {
    instanceTypeId,
    instanceTypeFamily: instanceTypeId.slice(0, instanceTypeId.lastIndexOf(".")),
    cpuCoreCount,
    memorySize,
    architecture,
    gpuAmount: gpu?.amount ?? 0,
    ...(gpu && { gpuSpec: gpu.spec }),
  };
}

export const INSTANCE_TYPES: readonly InstanceTypeSpec[] = [
  spec("ecs.t6-c1m1.large", 2, 2),
  spec("ecs.t6-c1m2.large", 2, 4),
  spec("ecs.e-c1m2.large", 2, 4),
  spec("ecs.u1-c1m2.large", 2, 4),
  spec("ecs.g6.large", 2, 8),
  spec("ecs.g7.large", 2, 8),
  spec("ecs.g7.xlarge", 4, 16),
  spec("ecs.g7.2xlarge", 8, 32),
  spec("ecs.c7.large", 2, 4),
  spec("ecs.c7.xlarge", 4, 8),
  spec("ecs.r7.large", 2, 16),
  spec("ecs.r7.xlarge", 4, 32),
  spec("ecs.g8i.large", 2, 8),
  spec("ecs.g8y.large", 2, 8, "arm64"),
  spec("ecs.c8y.large", 2, 4, "arm64"),
  spec("ecs.gn7i-c8g1.2xlarge", 8, 30, "x86_64", { amount: 1, spec: "NVIDIA A10" }),
];

const byId = new Map(INSTANCE_TYPES.map((t) => [t.instanceTypeId, t]));

export function findInstanceType(instanceTypeId: string): InstanceTypeSpec | undefined {
  return byId.get(instanceTypeId);
}
