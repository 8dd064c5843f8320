// What `guardrail plan`, `apply` and `status` take alike: the spec as `[file]` or `--spec`, and
// `--now`.
import type { Command } from "commander";
import type { CommandOptions } from "../../command.js";
import type { CliIo } from "../../io.js";
import { DEFAULT_SPEC_FILE, nowOf, specFileOf } from "../../spec-file.js";

/** `[file]` and `--spec <file>`: the spec either way, as `imageguard scan` takes it too. */
export function addSpecArgument(command: Command): Command {
  return command
    .argument("[file]", `the guardrail spec (YAML; default ./${DEFAULT_SPEC_FILE})`)
    .option("--spec <file>", "the guardrail spec, as `imageguard scan` takes it (instead of [file])");
}

/** The instant and the spec file; undefined after saying that `--now` or the spec is given wrong. */
export function specInputs(
  io: CliIo,
  file: unknown,
  options: CommandOptions,
): { readonly now: Date; readonly specFile: string } | undefined {
  const now = nowOf(options);
  if (typeof now === "string") {
    io.err(now);
    return undefined;
  }
  const specFile = specFileOf(file, options);
  if (typeof specFile !== "string") {
    io.err(specFile.error);
    return undefined;
  }
  return { now, specFile };
}
