// Reading a policy file for the policy commands: a file that cannot be read is reported like any
// other problem, so text and JSON output treat it the same way.
import { parsePolicy } from "../policy/index.js";
import type { ParseResult, PolicyKind, Problem } from "../policy/index.js";
import type { CliIo } from "./io.js";

export const POLICY_KINDS: readonly PolicyKind[] = ["ram", "control", "session", "trust"];

export interface PolicyFile {
  readonly file: string;
  /** Absent when the file could not be read. */
  readonly source?: string;
  readonly result: ParseResult;
}

export async function readPolicyFile(io: CliIo, file: string, kind: PolicyKind): Promise<PolicyFile> {
  const read = await readText(io, file);
  if (typeof read !== "string") return { file, result: { ok: false, problems: [read] } };
  return { file, source: read, result: parsePolicy(read, kind) };
}

/** The file's text, or a problem saying why it could not be read. */
export async function readText(io: CliIo, file: string): Promise<string | Problem> {
  try {
    return await io.readFile(file);
  } catch (error) {
    return {
      code: "unreadable-file",
      severity: "error",
      path: "",
      line: 1,
      column: 1,
      message: `cannot read \`${file}\`: ${describeFsError(error)}`,
      help: `check the path; relative paths are read from \`${io.cwd}\``,
    };
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

export function countErrors(problems: readonly Problem[]): number {
  return problems.filter((problem) => problem.severity === "error").length;
}

/** `2 errors, 1 warning`, or `no problems`. */
export function problemSummary(problems: readonly Problem[]): string {
  const errors = countErrors(problems);
  const warnings = problems.length - errors;
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.length === 0 ? "no problems" : parts.join(", ");
}
