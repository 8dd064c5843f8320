import { invalidParameter } from "../../../http/index.js";
import { INSTANCE_TYPES } from "../../../model/index.js";
import type { InstanceTypeSpec } from "../../../model/index.js";
import type { ActionHandler, CallContext } from "../../handler.js";
import { tokenPageOf, tokenPaging } from "../../vpc/support/paging.js";
import { AcceptedParameters } from "../../vpc/support/parameters.js";

const ACCEPTED = new AcceptedParameters([
  "InstanceTypes.N",
  "InstanceTypeFamily",
  "InstanceTypeFamilies.N",
  "CpuArchitecture",
  "CpuArchitectures.N",
  "MinimumCpuCoreCount",
  "MaximumCpuCoreCount",
  "MinimumMemorySize",
  "MaximumMemorySize",
  "MinimumGPUAmount",
  "MaximumGPUAmount",
  "GPUSpec",
  "GpuSpecs.N",
  "MaxResults",
  "NextToken",
]);

/** MaxResults: 1..1600, 1600 by default (the DescribeInstanceTypes reference). */
const MAX_RESULTS = 1600;

type Architecture = "X86" | "ARM";

// DescribeInstanceTypes: the static catalogue of instance types (a realistic subset of Alibaba's),
// filtered by the attributes the model holds. Filters on data the model does not hold (clock speeds,
// ENI and queue counts, local storage, categories) are refused rather than matched vacuously.
export const describeInstanceTypes: ActionHandler = {
  product: "ecs",
  action: "DescribeInstanceTypes",
  access: "read",
  handle(ctx) {
    ACCEPTED.check(ctx, {}, "the local cloud's instance types carry no such attribute");
    const types = list(ctx, "InstanceTypes", 10);
    const families = [...list(ctx, "InstanceTypeFamilies", 10), ...optional(ctx, "InstanceTypeFamily")];
    const architectures = [...list(ctx, "CpuArchitectures", 2), ...optional(ctx, "CpuArchitecture")].map(
      (value): Architecture => {
        if (value !== "X86" && value !== "ARM") {
          throw invalidParameter("CpuArchitecture", "Valid values are X86 and ARM.");
        }
        return value;
      },
    );
    const cores = range(ctx, "CpuCoreCount");
    const memory = range(ctx, "MemorySize");
    const gpus = range(ctx, "GPUAmount");
    const gpuSpecFuzzy = ctx.params.optStr("GPUSpec") || undefined;
    const gpuSpecs = list(ctx, "GpuSpecs", 10);
    const maxResults = ctx.params.optInt("MaxResults", { min: 1, max: MAX_RESULTS }) ?? MAX_RESULTS;
    const paging = tokenPaging(ctx, maxResults);
    ctx.finishDryRun();

    const matching = INSTANCE_TYPES.filter(
      (type) =>
        (types.length === 0 || types.includes(type.instanceTypeId)) &&
        (families.length === 0 || families.includes(type.instanceTypeFamily)) &&
        (architectures.length === 0 || architectures.includes(architectureOf(type))) &&
        within(type.cpuCoreCount, cores) &&
        within(type.memorySize, memory) &&
        within(type.gpuAmount, gpus) &&
        (gpuSpecFuzzy === undefined ||
          (type.gpuSpec ?? "").toLowerCase().includes(gpuSpecFuzzy.toLowerCase())) &&
        (gpuSpecs.length === 0 || (type.gpuSpec !== undefined && gpuSpecs.includes(type.gpuSpec))),
    );
    const page = tokenPageOf(matching, paging);
    return Promise.resolve({
      InstanceTypes: { InstanceType: page.items.map(renderInstanceType) },
      NextToken: page.nextToken ?? "",
    });
  },
};

function architectureOf(type: InstanceTypeSpec): Architecture {
  return type.architecture === "arm64" ? "ARM" : "X86";
}

function renderInstanceType(type: InstanceTypeSpec) {
  return {
    InstanceTypeId: type.instanceTypeId,
    InstanceTypeFamily: type.instanceTypeFamily,
    CpuCoreCount: type.cpuCoreCount,
    MemorySize: type.memorySize,
    CpuArchitecture: architectureOf(type),
    GPUAmount: type.gpuAmount,
    GPUSpec: type.gpuSpec ?? "",
  };
}

function list(ctx: CallContext, name: string, max: number): string[] {
  return ctx.params.list(name, { max }).filter((value) => value !== "");
}

function optional(ctx: CallContext, name: string): string[] {
  const value = ctx.params.optStr(name);
  return value === undefined || value === "" ? [] : [value];
}

interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** `Minimum<Name>` / `Maximum<Name>`, decimals allowed (memory sizes are GiB, e.g. 0.5). */
function range(ctx: CallContext, name: string): Range {
  const read = (param: string): number | undefined => {
    const raw = ctx.params.optStr(param);
    if (raw === undefined || raw === "") return undefined;
    const value = /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value)) throw invalidParameter(param, "It must be a non-negative number.");
    return value;
  };
  const min = read(`Minimum${name}`);
  const max = read(`Maximum${name}`);
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

function within(value: number, range: Range): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}
