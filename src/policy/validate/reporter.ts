import type { Problem } from "../types.js";
import type { SourcePosition } from "../json-source.js";
import { PROBLEM_CODES } from "../problems.js";
import type { ProblemCode } from "../problems.js";

/** Where a problem is: the JSON path of the element and the position of what is wrong with it. */
export interface Site extends SourcePosition {
  readonly path: string;
}

export function siteAt(path: string, position: SourcePosition): Site {
  return { path, line: position.line, column: position.column };
}

/** Collects problems; severity comes from the code, so a code can never be reported inconsistently. */
export class Reporter {
  private readonly found: Problem[] = [];
  private errorCount = 0;

  report(code: ProblemCode, site: Site, message: string, help?: string): void {
    const info = PROBLEM_CODES[code];
    if (info.severity === "error") this.errorCount++;
    this.found.push({
      code,
      severity: info.severity,
      path: site.path,
      line: site.line,
      column: site.column,
      message,
      help: help ?? info.help,
    });
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** In reading order; problems at one position keep the order they were found in. */
  problems(): Problem[] {
    return [...this.found].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}
