import type { JsonNode, JsonStringNode } from "../json-source.js";
import type { Reporter } from "./reporter.js";
import { siteAt } from "./reporter.js";
import { describeNode } from "./members.js";
import { itemPath } from "./path.js";

export interface StringEntry {
  readonly value: string;
  readonly node: JsonStringNode;
  readonly path: string;
}

/**
 * Reads an element that is a string or a non-empty array of strings (the two are the same
 * thing). Reports wrong types, empty arrays and empty strings; returns the usable strings so
 * later checks still see them, and `complete: false` when anything was reported.
 */
export function readStringList(
  node: JsonNode,
  path: string,
  element: string,
  reporter: Reporter,
): { readonly entries: StringEntry[]; readonly complete: boolean } {
  const entries: StringEntry[] = [];
  let complete = true;
  const take = (item: JsonNode, itemAt: string): void => {
    if (item.type !== "string") {
      reporter.report(
        "invalid-type",
        siteAt(itemAt, item),
        `\`${element}\` values must be strings, found ${describeNode(item)}`,
        'write each value in double quotes, e.g. `"*"`',
      );
      complete = false;
    } else if (item.value === "") {
      reporter.report("empty-string", siteAt(itemAt, item), `\`${element}\` contains an empty string`);
      complete = false;
    } else {
      entries.push({ value: item.value, node: item, path: itemAt });
    }
  };
  if (node.type === "array") {
    if (node.items.length === 0) {
      reporter.report("empty-array", siteAt(path, node), `\`${element}\` is an empty array`);
      complete = false;
    }
    node.items.forEach((item, index) => take(item, itemPath(path, index)));
  } else if (node.type === "string") {
    take(node, path);
  } else {
    reporter.report(
      "invalid-type",
      siteAt(path, node),
      `\`${element}\` must be a string or an array of strings, found ${describeNode(node)}`,
      `write \`"${element}": "value"\` or \`"${element}": ["value", ...]\``,
    );
    complete = false;
  }
  return { entries, complete };
}
