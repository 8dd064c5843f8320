// Reading imageguard.yaml for every command that takes a guardrail spec (`guardrail …`, `scan`,
// `remediate`, `policy analyze`): an unreadable file is reported like any other problem, so text and
// JSON output treat it the same way; `--now` read once for all of them.
import { Option } from "commander";
import { parseGuardrailSpec } from "../guardrail/index.js";
import type { GuardrailSpec, GuardrailSpecResult } from "../guardrail/index.js";
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";
import { wantsJson } from "./options.js";
import { countErrors, readText } from "./policy-file.js";
import { renderError, renderProblems } from "./render/diagnostic.js";
import { renderJson } from "./render/json.js";

export const DEFAULT_SPEC_FILE = "imageguard.yaml";

/** `--spec FILE` as `scan` and `remediate` take it (the `guardrail` commands take a `[file]` as well). */
export function specOption(): Option {
  return new Option("--spec <file>", "the guardrail spec (YAML)").default(DEFAULT_SPEC_FILE);
}

export const NOW_HELP = "judge exemption expiry at this instant instead of now (ISO 8601)";

/** `--now`, read by nowOf; `help` for the commands that judge more than exemptions by it. */
export function nowOption(help = NOW_HELP): Option {
  return new Option("--now <date-time>", help);
}

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
 * The spec, its problems printed (warnings too: an expired exemption above all, so the command goes
 * on but says so first); undefined when it has errors. With `--json` an invalid spec is reported on
 * standard output as `{file, ok: false, problems}`, so a script reading the output learns why.
 */
export async function readValidSpec(
  io: CliIo,
  file: string,
  now: Date,
  options: CommandOptions,
): Promise<GuardrailSpec | undefined> {
  const { source, result } = await readSpecFile(io, file, now);
  const valid = result.ok && countErrors(result.problems) === 0;
  if (!valid && wantsJson(options)) {
    io.out(renderJson({ file, ok: false, problems: result.problems }));
    return undefined;
  }
  if (result.problems.length > 0) {
    io.err(
      renderProblems(result.problems, { name: file, ...(source === undefined ? {} : { text: source }) }),
    );
  }
  return valid && result.ok ? result.spec : undefined;
}

/** `--spec FILE`, as `imageguard scan` takes it, or the positional file; not both. */
export function specFileOf(file: unknown, options: CommandOptions): string | { error: string } {
  const flag = typeof options["spec"] === "string" ? options["spec"] : undefined;
  const positional = typeof file === "string" ? file : undefined;
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    return {
      error: renderError(
        `two specs given: \`${positional}\` and \`--spec ${flag}\``,
        "give the spec once, either way",
      ),
    };
  }
  return flag ?? positional ?? DEFAULT_SPEC_FILE;
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

/** `--now`, or the clock without it; a rendered error when it cannot be read. */
export function nowOf(options: CommandOptions): Date | string {
  return (
    instantOf(options["now"]) ??
    renderError(
      `invalid \`--now ${String(options["now"])}\``,
      "write an ISO 8601 date-time, e.g. `2026-05-01T00:00:00Z`",
    )
  );
}
