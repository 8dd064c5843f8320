// Reading a scenario file (YAML, or JSON, which YAML reads too) and placing the scenario's problems
// at their line and column: buildScenario works on plain data, so positions are found here by path.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document } from "yaml";
import { buildScenario } from "../policy/index.js";
import type { Problem, Scenario } from "../policy/index.js";
import type { CliIo } from "./io.js";
import { readText } from "./policy-file.js";

export interface ScenarioFile {
  readonly file: string;
  readonly source?: string;
  readonly scenario?: Scenario;
  /** Problems of the file, with positions in it; an error means there is no scenario. */
  readonly problems: readonly Problem[];
}

export async function readScenarioFile(io: CliIo, file: string): Promise<ScenarioFile> {
  const source = await readText(io, file);
  if (typeof source !== "string") return { file, problems: [source] };
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        code: "yaml-syntax",
        severity: "error",
        path: "",
        line: position.line,
        column: position.col,
        message: error.message.split("\n")[0] ?? error.message,
        help: "fix the YAML syntax at this position; JSON is read as YAML too",
      };
    });
    return { file, source, problems };
  }
  const result = buildScenario(document.toJS());
  const problems = result.problems.map((problem) => {
    const offset = offsetOf(document, pathSegments(problem.path));
    if (offset === undefined) return problem;
    const position = lineCounter.linePos(offset);
    return { ...problem, line: position.line, column: position.col };
  });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, source, problems, ...(result.ok ? { scenario: result.scenario } : {}) };
}

/** `a.b[0]["acs:SourceIp"]` → ["a", "b", 0, "acs:SourceIp"]: the path syntax of policy problems. */
function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const token = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (token.lastIndex < path.length) {
    const start = token.lastIndex;
    const match = token.exec(path);
    if (match === null || token.lastIndex === start) break;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
  }
  return segments;
}

/**
 * Where the element a path names starts: the key of a mapping entry, the item of a list; `[0]` on a
 * non-list is the value itself (a one-element list may be written as the element). When the path
 * goes beyond the file (a policy given as JSON text), the nearest element on the way.
 */
function offsetOf(document: Document, segments: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of segments) {
    if (typeof segment === "string" && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (typeof segment === "number" && isSeq(node)) {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else if (segment !== 0) {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}
