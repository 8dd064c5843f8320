// Reading imageguard.yaml for the guardrail commands: an unreadable file is reported like any other
// problem, so text and JSON output treat it the same way.
import { parseGuardrailSpec } from "../../../guardrail/index.js";
import type { GuardrailSpecResult } from "../../../guardrail/index.js";
import type { CliIo } from "../../io.js";
import { readText } from "../../policy-file.js";

export const DEFAULT_SPEC_FILE = "imageguard.yaml";

export interface SpecFile {
  readonly file: string;
  /** Absent when the file could not be read. */
  readonly source?: string;
  readonly result: GuardrailSpecResult;
}

export async function readSpecFile(io: CliIo, file: string, now: Date): Promise<SpecFile> {
  const read = await readText(io, file);
  if (typeof read !== "string") return { file, result: { ok: false, problems: [read] } };
  return { file, source: read, result: parseGuardrailSpec(read, { now }) };
}

/**
 * The instant exemptions are judged at: `--now` when given (reproducible plans), else the clock.
 * Undefined when `--now` cannot be read.
 */
export function instantOf(option: unknown): Date | undefined {
  if (option === undefined) return new Date();
  const instant = typeof option === "string" ? Date.parse(option) : Number.NaN;
  return Number.isNaN(instant) ? undefined : new Date(instant);
}
