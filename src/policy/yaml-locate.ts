import { isMap, isScalar, isSeq } from "yaml";
import type { Document } from "yaml";

// Problems name elements by path (`policies.Seed.document`, `principals[2].accountId`); scenario
// and organisation files are YAML, so their problems are placed in the YAML source by walking the
// parsed document along that path.

/**
 * Where in a YAML document the element a problem path names starts (an offset for the document's
 * LineCounter): the key of a mapping entry, the item of a list; `[0]` on a non-list is the value
 * itself (a one-element list may be written as the element). When the path goes beyond the file (a
 * policy given as JSON text), the nearest element on the way.
 */
export function yamlOffsetOfPath(document: Document, path: string): number | undefined {
  return offsetOf(document, pathSegments(path));
}

/** `a.b[0]["acs:SourceIp"]` → ["a", "b", 0, "acs:SourceIp"]: the path syntax of policy problems. */
function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const token = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (token.lastIndex < path.length) {
    const start = token.lastIndex;
    const match = token.exec(path);
    if (match === null || token.lastIndex === start) break;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
  }
  return segments;
}

function offsetOf(document: Document, segments: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of segments) {
    if (typeof segment === "string" && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (typeof segment === "number" && isSeq(node)) {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else if (segment !== 0) {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}
