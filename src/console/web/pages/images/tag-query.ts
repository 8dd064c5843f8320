import type { TagPair } from "../../components/tag-chips.js";
import { setQuery } from "../../lib/router.js";
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

/** What a listing page filtered by tag chips reads from its URL, and how it changes it. */
export interface TagListingQuery {
  readonly chips: TagPair[];
  /** The chips as one string: a dependency of the listing's load. */
  readonly chipKey: string;
  /** The page asked for, 1 when none or not a number. */
  readonly page: number;
  /** Sets or clears (`undefined`, "") parameters and, when given, the chips; any other change than
   * the page's goes back to the first page, since another filter is another listing. */
  readonly update: (changes: Record<string, string | undefined>, tags?: readonly TagPair[]) => void;
}

export function tagListingQuery(query: URLSearchParams): TagListingQuery {
  const chips = chipsFromQuery(query);
  return {
    chips,
    chipKey: chips.map((chip) => `${chip.key}=${chip.value}`).join("&"),
    page: Math.max(1, Number(query.get("page") ?? "1") || 1),
    update(changes, tags) {
      const next = new URLSearchParams(query);
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === "") next.delete(name);
        else next.set(name, value);
      }
      if (tags !== undefined) writeChips(next, tags);
      if (!("page" in changes)) next.delete("page");
      setQuery(next);
    },
  };
}
