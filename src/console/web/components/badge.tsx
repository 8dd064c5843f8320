import type { ComponentChildren } from "preact";

export type BadgeTone = "ok" | "warn" | "bad" | "info" | "neutral";

export interface BadgeProps {
  readonly tone: BadgeTone;
  readonly children: ComponentChildren;
  /** A longer explanation, shown on hover and read by screen readers. */
  readonly title?: string;
}

/** A short status word; the tone is also in the text, never in the colour alone. */
export function Badge(props: BadgeProps) {
  return (
    <span class={`badge badge-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}
