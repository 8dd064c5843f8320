import { Field } from "./field.js";

export interface SelectFieldProps<T extends string> {
  readonly id: string;
  readonly label: string;
  readonly value: T;
  /** Every choice, in display order, with what the user reads for it. */
  readonly labels: Readonly<Record<T, string>>;
  onChange(value: T): void;
}

/** A labelled select over a fixed set of string choices (a policy kind, a principal type). */
export function SelectField<T extends string>({ id, label, value, labels, onChange }: SelectFieldProps<T>) {
  return (
    <Field id={id} label={label}>
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as T)}
        >
          {(Object.keys(labels) as T[]).map((choice) => (
            <option key={choice} value={choice}>
              {labels[choice]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
