import type { Command } from "commander";
import type { CliIo } from "./io.js";

/** What a command returns: 0 ok or allowed, 1 error, 2 denied (STYLE.md, "commands return exit codes"). */
export type ExitCode = 0 | 1 | 2;

/** Options as commander parsed them, global ones (`--json`) included. */
export type CommandOptions = Readonly<Record<string, unknown>>;

/** One command: one file under commands/, one line in the registry. */
export interface CliCommand {
  /** Words that invoke it: `["policy", "validate"]`. */
  readonly path: readonly string[];
  readonly describe: string;
  /** Declares arguments and options on the commander command made for it. */
  configure(command: Command): void;
  /** `args` are the positional arguments; a variadic one arrives as its own array. */
  run(args: readonly unknown[], options: CommandOptions, io: CliIo): Promise<ExitCode>;
}
