import { parsePlanText, type PlanOptionMention } from "./plan-text.js";

// The planner's text with its CLI options shown as the page's controls: each one is a link-like
// button that sets the control (and moves the focus to it), so "pass `--include-audit`" reads
// "pass “Include audit and unscoped accounts”" and does it in one click.

export interface PlanOptionControls {
  /** What the page calls the option (the control's label, with the strategy's label). */
  label(mention: PlanOptionMention): string;
  /** Sets the control as the text suggests. */
  apply(mention: PlanOptionMention): void;
}

export function PlanText(props: { text: string; controls: PlanOptionControls }) {
  return (
    <>
      {parsePlanText(props.text).map((part, i) => {
        if (part.kind === "text") return part.text;
        if (part.kind === "code") return <code key={i}>{part.text}</code>;
        const label = props.controls.label(part.mention);
        return (
          <button
            key={i}
            type="button"
            class="button-link plan-option"
            title={`Set “${label}” above (\`${part.text}\` in imageguard remediate)`}
            onClick={() => props.controls.apply(part.mention)}
          >
            “{label}”
          </button>
        );
      })}
    </>
  );
}
