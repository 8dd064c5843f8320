// Types only from the guardrail: this file is in the browser bundle.
import type { StrategyChoice } from "../../../../guardrail/index.js";

// The remediation planner writes for the CLI: its reasons and help name `imageguard remediate`'s
// options in code spans (`--include-audit`, `--strategy stop`, `--approve-image <image id>`). On the
// finding's page those options are controls. Rather than rewriting the sentences (which breaks as
// soon as the planner words them differently), the text is split at its code spans, and a span
// that is one of the options the page has a control for becomes a reference to that control; any
// other span (an option the page has no control for, a command, an id) stays code, as written.

/** The remediate options that the page offers as controls. */
export type PlanOptionName = "include-audit" | "approve-image" | "strategy";

export type PlanOptionMention =
  | { readonly option: "include-audit" }
  | { readonly option: "approve-image" }
  | { readonly option: "strategy"; readonly strategy: StrategyChoice };

export type PlanTextPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "option"; readonly text: string; readonly mention: PlanOptionMention };

/** `--name`, `--name value` or `--name=value`, and nothing else in the span. */
const OPTION_SPAN = /^--([a-z][a-z-]*)(?:[ =](\S.*))?$/;

/** Every strategy the planner takes: a Record, so the compiler names one added there and not here. */
const STRATEGIES: Readonly<Record<StrategyChoice, true>> = {
  auto: true,
  "replace-disk": true,
  stop: true,
  release: true,
  "approve-and-tag": true,
};

function isStrategy(value: string): value is StrategyChoice {
  return Object.hasOwn(STRATEGIES, value);
}

/** What a code span names, when it is one of the page's options used as the page can use it. */
export function optionOf(span: string): PlanOptionMention | undefined {
  const found = OPTION_SPAN.exec(span.trim());
  if (found === null) return undefined;
  const [, name, value] = found;
  switch (name) {
    case "include-audit":
      return value === undefined ? { option: "include-audit" } : undefined;
    case "approve-image":
      // The page approves the finding's own image: any image named (or a placeholder) is that one.
      return { option: "approve-image" };
    case "strategy":
      return value !== undefined && isStrategy(value) ? { option: "strategy", strategy: value } : undefined;
    default:
      return undefined;
  }
}

/** The planner's text in parts: plain text, code spans, and the options the page has controls for. */
export function parsePlanText(text: string): PlanTextPart[] {
  const parts: PlanTextPart[] = [];
  const pieces = text.split("`");
  pieces.forEach((piece, i) => {
    if (piece === "") return;
    // An unpaired backtick leaves the rest as text: odd pieces are spans only when closed.
    const closed = i % 2 === 1 && i < pieces.length - 1;
    if (!closed) {
      parts.push({ kind: "text", text: i % 2 === 1 ? `\`${piece}` : piece });
      return;
    }
    const mention = optionOf(piece);
    parts.push(
      mention === undefined ? { kind: "code", text: piece } : { kind: "option", text: piece, mention },
    );
  });
  return parts;
}
