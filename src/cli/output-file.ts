// Writing what a command produces to a file the user named (`--out`, `--save-org`): its directory
// is made when missing, and a failure is an error with the path in it.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CliIo } from "./io.js";
import { messageOf, renderError } from "./render/diagnostic.js";

/** True when written; false after the reason was written to stderr. */
export async function writeOutputFile(io: CliIo, file: string, text: string): Promise<boolean> {
  const path = resolve(io.cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return true;
  } catch (error) {
    io.err(
      renderError(`cannot write \`${file}\`: ${messageOf(error)}`, "check the path and its permissions"),
    );
    return false;
  }
}
