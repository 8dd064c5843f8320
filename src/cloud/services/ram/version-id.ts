import type { ParamReader } from "../../http/index.js";
import { invalidRamParameter } from "./errors.js";

/** `VersionId`: `v1`, `v2`, … (RAM's `InvalidParameter.VersionId.Format` otherwise). */
export function readVersionId(params: ParamReader): string {
  const value = params.str("VersionId");
  if (!/^v[1-9]\d{0,8}$/.test(value)) {
    throw invalidRamParameter(
      "VersionId.Format",
      `The format of the parameter - "VersionId" is incorrect: \`${value}\`. Versions are named v1, v2, ….`,
    );
  }
  return value;
}
