import type { ComponentChildren } from "preact";

// Where results and progress are announced (aria-live) without moving focus.

export interface StatusRegionProps {
  readonly children?: ComponentChildren;
  readonly tone?: "info" | "success" | "error";
  /** For tests and labels: what this region reports on. */
  readonly label?: string;
}

export function StatusRegion(props: StatusRegionProps) {
  const tone = props.tone ?? "info";
  const empty = props.children === undefined || props.children === null || props.children === "";
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label={props.label}
      class={`status-region status-${tone}${empty ? " status-empty" : ""}`}
    >
      {props.children}
    </div>
  );
}
