// ActionTrail JSON lines (what `imageguard trail export` writes) → events. A line that is not a JSON
// object is reported with its line number and left out, so one torn line (a log still being written)
// does not stop the replay of the rest, and the user still sees exactly what was not read.
import type { Problem } from "../../policy/index.js";
import type { TrailEvent } from "./types.js";

export interface TrailLines {
  readonly events: readonly TrailEvent[];
  readonly problems: readonly Problem[];
}

export function parseTrailLines(text: string): TrailLines {
  const events: TrailEvent[] = [];
  const problems: Problem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const at = { line: index + 1, column: 1 + (line.length - line.trimStart().length) };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
      problems.push(
        problem(at, `line ${at.line} is not JSON: ${reason.replace(/^\w/, (c) => c.toLowerCase())}`),
      );
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(problem(at, `line ${at.line} is not an event: a JSON object was expected`));
      return;
    }
    events.push(value as TrailEvent);
  });
  return { events, problems };
}

function problem(at: { line: number; column: number }, message: string): Problem {
  return {
    code: "invalid-trail-line",
    severity: "warning",
    path: "",
    ...at,
    message,
    help: "each line must be one ActionTrail event as a JSON object, as `imageguard trail export` writes them; this line is left out of the replay",
  };
}
