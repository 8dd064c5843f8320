// The explain tree as an indented tree: one line per node, a mark for its outcome, children below.
import type { ExplainNode, ExplainOutcome } from "../../policy/index.js";

const MARKS: Readonly<Record<ExplainOutcome, string>> = {
  match: "✓",
  allow: "✓",
  "no-match": "✗",
  "implicit-deny": "✗",
  "explicit-deny": "✗",
  error: "!",
  skipped: "-",
};

/** Outcomes the mark alone does not tell apart, spelled out after the label. */
const SPELLED_OUT: ReadonlySet<ExplainOutcome> = new Set([
  "allow",
  "implicit-deny",
  "explicit-deny",
  "error",
  "skipped",
]);

export function renderExplain(root: ExplainNode): string {
  const lines: string[] = [];
  const walk = (node: ExplainNode, depth: number): void => {
    const outcome = SPELLED_OUT.has(node.outcome) ? ` [${node.outcome}]` : "";
    const detail = node.detail === undefined ? "" : `: ${node.detail}`;
    lines.push(`${"  ".repeat(depth)}${MARKS[node.outcome]} ${node.label}${outcome}${detail}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return `${lines.join("\n")}\n`;
}
