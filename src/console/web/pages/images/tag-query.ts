import type { TagPair } from "../../components/tag-chips.js";
import type { TagFilter } from "./golden-tags.js";

// Tag filter chips in the page's URL, one `tag` parameter each (`?tag=status%3Dapproved&tag=env`),
// so a filtered listing can be reloaded and linked. A chip without a value matches any value.

export function chipsFromQuery(query: URLSearchParams, name = "tag"): TagPair[] {
  return query.getAll(name).flatMap((text) => {
    const eq = text.indexOf("=");
    const key = (eq < 0 ? text : text.slice(0, eq)).trim();
    return key === "" ? [] : [{ key, value: eq < 0 ? "" : text.slice(eq + 1) }];
  });
}

export function writeChips(query: URLSearchParams, chips: readonly TagPair[], name = "tag"): void {
  query.delete(name);
  for (const chip of chips) query.append(name, chip.value === "" ? chip.key : `${chip.key}=${chip.value}`);
}

export function chipsToFilters(chips: readonly TagPair[]): TagFilter[] {
  return chips.map((chip) => (chip.value === "" ? { key: chip.key } : { key: chip.key, value: chip.value }));
}
