import type { ComponentChildren } from "preact";

// A labelled control with its hint and error tied to it (aria-describedby), so screen readers read
// all three and getByLabel finds the control.

export interface FieldControlProps {
  readonly id: string;
  readonly "aria-describedby"?: string;
  readonly "aria-invalid"?: "true";
}

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly error?: string;
  /** Renders the control with the props that connect it to the label, hint and error. */
  readonly children: (control: FieldControlProps) => ComponentChildren;
  readonly class?: string;
}

export function Field(props: FieldProps) {
  const hintId = props.hint === undefined ? undefined : `${props.id}-hint`;
  const errorId = props.error === undefined || props.error === "" ? undefined : `${props.id}-error`;
  const describedBy = [hintId, errorId].filter((id) => id !== undefined).join(" ");
  return (
    <div
      class={`field${errorId === undefined ? "" : " field-invalid"}${props.class === undefined ? "" : ` ${props.class}`}`}
    >
      <label for={props.id}>{props.label}</label>
      {props.children({
        id: props.id,
        ...(describedBy === "" ? {} : { "aria-describedby": describedBy }),
        ...(errorId === undefined ? {} : { "aria-invalid": "true" as const }),
      })}
      {hintId === undefined ? null : (
        <div id={hintId} class="field-hint">
          {props.hint}
        </div>
      )}
      {errorId === undefined ? null : (
        <div id={errorId} class="field-error">
          {props.error}
        </div>
      )}
    </div>
  );
}
