// Reading a scenario file (YAML, or JSON, which YAML reads too) and placing the scenario's problems
// at their line and column: buildScenario works on plain data, so positions are found here by path.
import { LineCounter, parseDocument } from "yaml";
import { buildScenario, yamlOffsetOfPath } from "../policy/index.js";
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
    const offset = yamlOffsetOfPath(document, problem.path);
    if (offset === undefined) return problem;
    const position = lineCounter.linePos(offset);
    return { ...problem, line: position.line, column: position.col };
  });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, source, problems, ...(result.ok ? { scenario: result.scenario } : {}) };
}
