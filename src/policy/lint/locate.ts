// Lint works on a ValidatedPolicy, which has no positions; to report line:column it finds each
// finding's path again in the source, through the same position-keeping parser validation uses.
import type { JsonNode, SourcePosition } from "../json-source.js";
import { parseJsonSource } from "../json-source.js";
import { itemPath, memberPath } from "../validate/path.js";

/** A path as a list of object keys and array indexes: `["Statement", 1, "Resource", 0]`. */
export type PathSegments = readonly (string | number)[];

/** The path as users read it and validation writes it: `Statement[1].Condition.StringEquals["acs:SourceIp"]`. */
export function pathText(segments: PathSegments): string {
  return segments.reduce<string>(
    (path, segment) => (typeof segment === "number" ? itemPath(path, segment) : memberPath(path, segment)),
    "",
  );
}

/** Finds positions in one source text; parses it once, however many findings there are. */
export function sourceLocator(source: string): (segments: PathSegments) => SourcePosition | undefined {
  const parsed = parseJsonSource(source);
  if (!parsed.ok) return () => undefined;
  return (segments) => locate(parsed.root, segments);
}

/**
 * The position of the element `segments` names: the member name for an object member (so a caret
 * lands under `"Resource"`), the value for an array element. `[0]` on a non-array stands for the
 * value itself, because `"Action": "x"` and `"Action": ["x"]` are the same thing. When the path
 * leaves the document, the nearest element on the way is the answer.
 */
function locate(root: JsonNode, segments: PathSegments): SourcePosition {
  let node = root;
  let position: SourcePosition = root;
  for (const segment of segments) {
    if (typeof segment === "string" && node.type === "object") {
      const member = node.members.find((candidate) => candidate.key === segment);
      if (member === undefined) break;
      node = member.value;
      position = member.keyPosition;
    } else if (typeof segment === "number" && node.type === "array") {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      position = item;
    } else if (segment === 0) {
      position = node;
    } else {
      break;
    }
  }
  return { line: position.line, column: position.column };
}
