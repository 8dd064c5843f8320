// The `imageguard` command: builds the commander tree from the registry and turns everything into
// an exit code. Commands return their code; nothing here or below exits the process (bin/ sets
// process.exitCode from what main returns).
import { Command, CommanderError } from "commander";
import type { CliCommand, ExitCode } from "./command.js";
import { COMMANDS, GROUPS } from "./commands/index.js";
import { processIo } from "./io.js";
import type { CliIo } from "./io.js";
import { renderUnexpected } from "./render/diagnostic.js";

/** Runs the CLI on `argv` as Node gives it (`[node, script, ...args]`). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: ExitCode = 0;
  const program = new Command("imageguard")
    .description("golden-image guardrails for Alibaba Cloud: RAM policy engine, local cloud and scanner")
    .option("--json", "print machine-readable JSON")
    // Settings below are copied to every command created afterwards.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .showHelpAfterError();
  for (const definition of COMMANDS) {
    const command = commandFor(program, definition);
    definition.configure(command);
    command.action(async (...params: unknown[]) => {
      // commander passes the positional arguments, then the options object, then the command.
      const self = params[params.length - 1] as Command;
      exitCode = await definition.run(params.slice(0, -2), self.optsWithGlobals(), io);
    });
  }
  try {
    await program.parseAsync([...argv], { from: "node" });
  } catch (error) {
    // `--help` and `--version` end through here with exit code 0; usage errors were already printed.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    io.err(renderUnexpected(error));
    return 1;
  }
  return exitCode;
}

function commandFor(program: Command, definition: CliCommand): Command {
  let parent = program;
  for (const word of definition.path.slice(0, -1)) {
    parent =
      parent.commands.find((candidate) => candidate.name() === word) ??
      parent.command(word).description(GROUPS[word] ?? "");
  }
  return parent
    .command(definition.path[definition.path.length - 1] as string)
    .description(definition.describe);
}
