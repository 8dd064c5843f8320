import type { ParamReader } from "../../http/index.js";
import type { TokenPage, TokenPaging } from "../../store/paging.js";
import { RAM_LENGTHS } from "./limits.js";

// RAM pages its listings with Marker/MaxItems: MaxItems is 1..1000 (default 100); a truncated page
// says `IsTruncated: true` and hands out the `Marker` to send for the next one. That is the store's
// keyset paging, the Marker being its opaque NextToken; a Marker the store did not hand out is
// refused by the store (and answered as an invalid parameter at the edge).

export function readMarkerPaging(params: ParamReader): TokenPaging {
  const maxResults =
    params.optInt("MaxItems", { min: 1, max: RAM_LENGTHS.maxItems }) ?? RAM_LENGTHS.defaultMaxItems;
  const marker = params.optStr("Marker");
  return marker === undefined || marker === "" ? { maxResults } : { maxResults, nextToken: marker };
}

/** `IsTruncated` and, on a truncated page only, `Marker`. */
export function markerFields(page: TokenPage<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.nextToken === undefined
    ? { IsTruncated: false }
    : { IsTruncated: true, Marker: page.nextToken };
}
