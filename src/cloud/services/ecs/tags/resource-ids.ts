import { invalidParameter } from "../../../http/index.js";
import type { CallContext } from "../../handler.js";
import { tooManyResourceIds } from "./tag-errors.js";

// `ResourceId.N` of ECS's batch tag APIs: 1 to 50 ids, read exactly as the catalog reads them for
// authorization (N a positive integer without leading zeros).

export const MAX_RESOURCE_IDS = 50;

export function readResourceIds(ctx: CallContext, name = "ResourceId"): string[] {
  const pattern = new RegExp(`^${name}\\.([1-9][0-9]*)$`);
  const found: [number, string][] = [];
  for (const [param, value] of Object.entries(ctx.rawParams)) {
    const match = pattern.exec(param);
    if (match !== null) found.push([Number(match[1]), value]);
  }
  if (found.length > MAX_RESOURCE_IDS) throw tooManyResourceIds(MAX_RESOURCE_IDS);
  found.sort(([a], [b]) => a - b);
  const ids: string[] = [];
  for (const [index, id] of found) {
    if (id === "") throw invalidParameter(`${name}.${index}`, "A resource id cannot be empty.");
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
