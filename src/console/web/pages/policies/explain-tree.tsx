import type { ExplainNode, ExplainOutcome } from "../../../../policy/index.js";
import type { TreeNode } from "../../components/tree.js";

// The engine's explain tree as the Tree component shows it: each node's outcome in words and as a
// mark, its label, and the matcher's own detail (what the policy wanted, what the request had).

const OUTCOME_WORDS: Readonly<Record<ExplainOutcome, string>> = {
  match: "matches",
  "no-match": "does not match",
  error: "error",
  skipped: "skipped",
  allow: "allows",
  "explicit-deny": "denies explicitly",
  "implicit-deny": "no allow (implicit deny)",
};

const OUTCOME_MARK: Readonly<Record<ExplainOutcome, string>> = {
  match: "✓",
  allow: "✓",
  "no-match": "✗",
  "explicit-deny": "✗",
  "implicit-deny": "✗",
  error: "!",
  skipped: "–",
};

/** Backticks mark names and values: shown as code. */
export function Backticked(props: { text: string }) {
  const parts = props.text.split("`");
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

export function explainTreeNodes(root: ExplainNode): TreeNode[] {
  const convert = (node: ExplainNode, id: string): TreeNode => ({
    id,
    text: `${node.label}: ${OUTCOME_WORDS[node.outcome]}${node.detail === undefined ? "" : ` — ${node.detail.replaceAll("`", "")}`}`,
    label: (
      <span class={`explain-node explain-${node.outcome}`}>
        <span class="explain-mark" aria-hidden="true">
          {OUTCOME_MARK[node.outcome]}
        </span>{" "}
        <strong>{node.label}</strong> <span class="explain-outcome">{OUTCOME_WORDS[node.outcome]}</span>
        {node.detail === undefined ? null : (
          <span class="explain-detail">
            <Backticked text={node.detail} />
          </span>
        )}
      </span>
    ),
    children: node.children.map((child, i) => convert(child, `${id}.${i}`)),
  });
  return [convert(root, "explain")];
}
