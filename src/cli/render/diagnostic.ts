// Problems as rustc and cedar print them: a header with severity and code, where it is, the source
// line with a caret under the offending token, and the fix.
import type { Problem } from "../../policy/index.js";

/** A file problems are reported against; without `text` no excerpt can be shown. */
export interface SourceFile {
  readonly name: string;
  readonly text?: string;
}

export function renderProblems(problems: readonly Problem[], file: SourceFile): string {
  const lines = file.text?.split(/\r\n|\r|\n/);
  return problems.map((problem) => renderProblem(problem, file.name, lines)).join("");
}

/** A failure that is not about a position in a document: a missing file, a bad option. */
export function renderError(message: string, help?: string): string {
  return `error: ${message}\n${help === undefined ? "" : `  = help: ${help}\n`}`;
}

/** Something thrown, with its own `help` when it carries one (the local cloud's errors do). */
export function renderThrown(error: unknown): string {
  const help = (error as { help?: unknown }).help;
  return renderError(messageOf(error), typeof help === "string" ? help : undefined);
}

/** What nothing anticipated: said as a bug, with what to report. */
export function renderUnexpected(error: unknown): string {
  return renderError(
    `unexpected failure: ${messageOf(error)}`,
    "this is a bug in imageguard; please report it with the command line that caused it",
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function renderProblem(problem: Problem, fileName: string, lines: readonly string[] | undefined): string {
  const header = `${problem.severity}[${problem.code}]: ${problem.message}\n`;
  const line = lines?.[problem.line - 1];
  const gutter = " ".repeat(String(problem.line).length);
  const where =
    line === undefined
      ? `${fileName}${problem.path === "" ? "" : ` at ${problem.path}`}`
      : `${fileName}:${problem.line}:${problem.column}`;
  let text = `${header}${gutter}--> ${where}\n`;
  if (line !== undefined) {
    const start = codePointOffset(line, problem.column);
    // Keep tabs in the padding so the caret lines up however the terminal renders them.
    const padding = line.slice(0, start).replace(/[^\t]/g, " ");
    const marker = "^".repeat(tokenLength(line, start));
    text += `${gutter} |\n${problem.line} | ${line}\n${gutter} | ${padding}${marker}\n`;
  }
  if (problem.help !== undefined) text += `${gutter} = help: ${problem.help}\n`;
  return `${text}\n`;
}

/** Columns count code points (json-source.ts); string offsets count UTF-16 units. */
function codePointOffset(line: string, column: number): number {
  let offset = 0;
  for (let seen = 1; seen < column && offset < line.length; seen++) {
    const code = line.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}

/**
 * How much to underline: a whole string literal, or a bare word (a JSON literal, a YAML plain
 * scalar, where `:` belongs to the word unless a space follows it); at least one character.
 */
function tokenLength(line: string, start: number): number {
  if (line[start] === '"') {
    for (let i = start + 1; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (line[i] === '"') return i - start + 1;
    }
    return Math.max(1, line.length - start);
  }
  const word = /(?:[^\s,:{}[\]"]|:(?=[^\s,{}[\]]))+/y;
  word.lastIndex = start;
  return Math.max(1, word.exec(line)?.[0].length ?? 1);
}
