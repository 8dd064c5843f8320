import { useRef, useState } from "preact/hooks";

// A plain textarea with a line-number gutter and the problems anchored to lines: a marked line
// number in the gutter and a list of problems under the editor; choosing a problem puts the caret
// on its line. Plain text editing keeps every browser's undo, selection and accessibility.

export interface EditorProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based; default 1. */
  readonly column?: number;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly code?: string;
  readonly help?: string;
}

export interface CodeEditorProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly problems?: readonly EditorProblem[];
  readonly rows?: number;
  readonly readOnly?: boolean;
}

/** The offset of `line`:`column` (1-based) in `text`, clamped to the text. */
export function offsetOf(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf("\n", offset);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(offset + Math.max(0, column - 1), lineEnd);
}

export function CodeEditor(props: CodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [caretLine, setCaretLine] = useState(1);
  const problems = props.problems ?? [];
  const lineCount = Math.max(1, props.value.split("\n").length);
  const worst = new Map<number, EditorProblem["severity"]>();
  for (const problem of problems) {
    const have = worst.get(problem.line);
    if (have === undefined || (have !== "error" && problem.severity === "error"))
      worst.set(problem.line, problem.severity);
  }

  const updateCaret = (): void => {
    const element = area.current;
    if (element === null) return;
    setCaretLine(element.value.slice(0, element.selectionStart).split("\n").length);
  };
  const goTo = (problem: EditorProblem): void => {
    const element = area.current;
    if (element === null) return;
    const offset = offsetOf(element.value, problem.line, problem.column ?? 1);
    element.focus();
    element.setSelectionRange(offset, offset);
    // Scroll the line into view: lines are of equal height.
    const lineHeight = element.scrollHeight / Math.max(1, lineCount);
    element.scrollTop = Math.max(0, (problem.line - 3) * lineHeight);
    setCaretLine(problem.line);
  };

  const listId = `${props.id}-problems`;
  return (
    <div class="code-editor">
      <label for={props.id}>{props.label}</label>
      <div class="code-editor-frame">
        <div class="code-editor-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => {
            const severity = worst.get(i + 1);
            return (
              <div
                key={i}
                class={`gutter-line${severity === undefined ? "" : ` gutter-${severity}`}${caretLine === i + 1 ? " gutter-current" : ""}`}
              >
                {i + 1}
              </div>
            );
          })}
        </div>
        <textarea
          ref={area}
          id={props.id}
          class="code-editor-text"
          value={props.value}
          rows={props.rows ?? 18}
          spellcheck={false}
          readOnly={props.readOnly}
          wrap="off"
          aria-describedby={problems.length === 0 ? undefined : listId}
          aria-invalid={problems.some((p) => p.severity === "error") ? "true" : undefined}
          onInput={(event) => {
            props.onChange((event.currentTarget as HTMLTextAreaElement).value);
            updateCaret();
          }}
          onKeyUp={updateCaret}
          onClick={updateCaret}
          onScroll={(event) => {
            if (gutter.current !== null)
              gutter.current.scrollTop = (event.currentTarget as HTMLTextAreaElement).scrollTop;
          }}
        />
      </div>
      <div class="code-editor-status" aria-live="polite">
        Line {caretLine} of {lineCount}
        {problems.length === 0 ? "" : ` · ${problems.length} problem${problems.length === 1 ? "" : "s"}`}
      </div>
      {problems.length === 0 ? null : (
        <ul id={listId} class="code-editor-problems" aria-label={`Problems in ${props.label}`}>
          {problems.map((problem, i) => (
            <li key={i} class={`problem problem-${problem.severity}`}>
              <button type="button" class="problem-link" onClick={() => goTo(problem)}>
                Line {problem.line}
                {problem.column === undefined ? "" : `:${problem.column}`}
              </button>{" "}
              <span class="problem-severity">{problem.severity}</span>
              {problem.code === undefined ? (
                ""
              ) : (
                <>
                  {" "}
                  <code>{problem.code}</code>
                </>
              )}
              : {problem.message}
              {problem.help === undefined ? null : <div class="problem-help">{problem.help}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
