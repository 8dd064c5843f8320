// What `guardrail plan`, `apply` and `status` take alike: the spec as `[file]` or `--spec`, `--now`,
// and the connection with `--region` as its region.
import type { Command } from "commander";
import { connectFromOptions } from "../../cloud-connection.js";
import type { Connected } from "../../cloud-connection.js";
import type { CommandOptions } from "../../command.js";
import type { CliIo } from "../../io.js";
import { textOf } from "../../options.js";
import { DEFAULT_SPEC_FILE, nowOf, specFileOf } from "../../spec-file.js";

export const NOW_HELP = "judge exemption expiry at this instant instead of now (ISO 8601)";

/** `[file]` and `--spec <file>`: the spec either way, as `imageguard scan` takes it too. */
export function addSpecArgument(command: Command): Command {
  return command
    .argument("[file]", `the guardrail spec (YAML; default ./${DEFAULT_SPEC_FILE})`)
    .option("--spec <file>", "the guardrail spec, as `imageguard scan` takes it (instead of [file])");
}

/** The instant and the spec file; a rendered error when `--now` or the spec is given wrong. */
export function specInputs(
  file: unknown,
  options: CommandOptions,
): { readonly now: Date; readonly specFile: string } | string {
  const now = nowOf(options);
  if (typeof now === "string") return now;
  const specFile = specFileOf(file, options);
  if (typeof specFile !== "string") return specFile.error;
  return { now, specFile };
}

export function connectForGuardrail(io: CliIo, options: CommandOptions): Promise<Connected | undefined> {
  const region = textOf(options, "region");
  return connectFromOptions(io, options, region === undefined ? {} : { region });
}
