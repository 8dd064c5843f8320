// A file that could not be used because of its problems (unreadable, invalid), for the commands that
// stop there: JSON scripts read `{file, problems}` on standard output, people read the rendered
// problems on stderr.
import type { Problem } from "../policy/index.js";
import type { CommandOptions, ExitCode } from "./command.js";
import type { CliIo } from "./io.js";
import { wantsJson } from "./options.js";
import { renderProblems } from "./render/diagnostic.js";
import { renderJson } from "./render/json.js";

/** Always 1: the command ends here. `source` is the file's text, absent when it could not be read. */
export function reportProblems(
  file: string,
  source: string | undefined,
  problems: readonly Problem[],
  options: CommandOptions,
  io: CliIo,
): ExitCode {
  if (wantsJson(options)) io.out(renderJson({ file, problems }));
  else io.err(renderProblems(problems, { name: file, ...(source === undefined ? {} : { text: source }) }));
  return 1;
}
