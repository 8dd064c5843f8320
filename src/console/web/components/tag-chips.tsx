import { useRef, useState } from "preact/hooks";

// Key/value chips: type `key=value` (or a bare `key`) and Enter to add, Backspace in the empty input
// or a chip's button to remove; several at once.

export interface TagPair {
  readonly key: string;
  /** Empty: any value (DescribeImages filters by the key alone). */
  readonly value: string;
}

export interface TagChipsProps {
  readonly id: string;
  readonly label: string;
  readonly tags: readonly TagPair[];
  readonly onChange: (tags: readonly TagPair[]) => void;
  readonly placeholder?: string;
  readonly disabled?: boolean;
  /** At most this many chips (DescribeImages takes 20 Tag.N). */
  readonly max?: number;
}

export function parseTagText(text: string): TagPair | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const eq = trimmed.indexOf("=");
  if (eq === -1) return { key: trimmed, value: "" };
  const key = trimmed.slice(0, eq).trim();
  if (key === "") return undefined;
  return { key, value: trimmed.slice(eq + 1).trim() };
}

export const tagText = (tag: TagPair): string => (tag.value === "" ? tag.key : `${tag.key}=${tag.value}`);

export function TagChips(props: TagChipsProps) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const max = props.max ?? 20;

  const add = (): void => {
    const tag = parseTagText(text);
    if (tag === undefined) {
      setProblem(text.trim() === "" ? undefined : "write a tag as key=value, or a key alone");
      return;
    }
    if (props.tags.some((t) => t.key === tag.key && t.value === tag.value)) {
      setProblem(`${tagText(tag)} is already in the filter`);
      return;
    }
    if (props.tags.length >= max) {
      setProblem(`at most ${max} tags`);
      return;
    }
    setProblem(undefined);
    setText("");
    props.onChange([...props.tags, tag]);
  };

  const remove = (index: number): void => {
    props.onChange(props.tags.filter((_, i) => i !== index));
    input.current?.focus();
  };

  const hintId = `${props.id}-hint`;
  const problemId = `${props.id}-problem`;
  return (
    <div class="tag-chips">
      <label for={props.id}>{props.label}</label>
      <div class="tag-chips-box">
        <ul class="tag-chips-list" aria-label={`${props.label}: ${props.tags.length} tags`}>
          {props.tags.map((tag, i) => (
            <li key={`${tag.key}=${tag.value}`} class="chip">
              <span class="chip-text">{tagText(tag)}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove tag ${tagText(tag)}`}
                disabled={props.disabled}
                onClick={() => remove(i)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          ref={input}
          id={props.id}
          type="text"
          value={text}
          disabled={props.disabled}
          placeholder={props.placeholder ?? "key=value, Enter"}
          aria-describedby={problem === undefined ? hintId : `${hintId} ${problemId}`}
          aria-invalid={problem === undefined ? undefined : "true"}
          onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              add();
            } else if (event.key === "Backspace" && text === "" && props.tags.length > 0) {
              event.preventDefault();
              props.onChange(props.tags.slice(0, -1));
            }
          }}
        />
      </div>
      <div id={hintId} class="field-hint">
        Enter adds a tag (key=value, or a key alone); Backspace in the empty box removes the last.
      </div>
      {problem === undefined ? null : (
        <div id={problemId} class="field-error">
          {problem}
        </div>
      )}
    </div>
  );
}
