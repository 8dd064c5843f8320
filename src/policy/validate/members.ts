import type { JsonMember, JsonNode, JsonObjectNode } from "../json-source.js";
import { excerpt } from "../json-source.js";
import type { Reporter } from "./reporter.js";
import { siteAt } from "./reporter.js";
import { itemPath, memberPath } from "./path.js";

/**
 * The members of an object by key, in order of first appearance, each holding its last value:
 * what `JSON.parse` would keep. Duplicates are reported separately (`reportDuplicateKeys`), so
 * rules look at one value per key.
 */
export function distinctMembers(node: JsonObjectNode): JsonMember[] {
  const byKey = new Map<string, JsonMember>();
  for (const member of node.members) byKey.set(member.key, member);
  return [...byKey.values()];
}

/** Reports every repeated key anywhere in the document, at the repeat. */
export function reportDuplicateKeys(root: JsonNode, reporter: Reporter): void {
  const walk = (node: JsonNode, path: string): void => {
    if (node.type === "array") {
      node.items.forEach((item, index) => walk(item, itemPath(path, index)));
      return;
    }
    if (node.type !== "object") return;
    const first = new Map<string, JsonMember>();
    for (const member of node.members) {
      const childPath = memberPath(path, member.key);
      const earlier = first.get(member.key);
      if (earlier === undefined) {
        first.set(member.key, member);
      } else {
        reporter.report(
          "duplicate-key",
          siteAt(childPath, member.keyPosition),
          `duplicate key \`${excerpt(member.key)}\`; it is also at line ${earlier.keyPosition.line}, column ${earlier.keyPosition.column}`,
          "keep one of them; JSON parsers disagree about which one wins, so the policy would mean different things to different tools",
        );
      }
      walk(member.value, childPath);
    }
  };
  walk(root, "");
}

/** `a number`, `an array`: for messages that say what was found. */
export function describeNode(node: JsonNode): string {
  switch (node.type) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "string":
      return `the string \`${excerpt(node.value)}\``;
    case "number":
      return `the number \`${excerpt(node.raw)}\``;
    case "boolean":
      return `\`${String(node.value)}\``;
    case "null":
      return "`null`";
  }
}
