// Opening the findings database for `scan` and `remediate` (default ./.imageguard/findings.db): its
// directory is made when missing, and a failure says which file and how to choose another.
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Option } from "commander";
import { DEFAULT_FINDINGS_FILE, FindingsStoreError, openFindingsStore } from "../guardrail/index.js";
import type { FindingsStore } from "../guardrail/index.js";
import type { CommandOptions } from "./command.js";
import type { CliIo } from "./io.js";
import { textOf } from "./options.js";
import { messageOf, renderError } from "./render/diagnostic.js";

export function findingsOption(): Option {
  return new Option("--findings <file>", `the findings database (default ./${DEFAULT_FINDINGS_FILE})`);
}

export function findingsFileOf(options: CommandOptions): string {
  return textOf(options, "findings") ?? DEFAULT_FINDINGS_FILE;
}

/** The store; undefined after the reason was written to stderr (`help` says what the failure costs). */
export async function openFindingsFile(
  io: CliIo,
  file: string,
  help = "check the file, or choose another with `--findings FILE`",
): Promise<FindingsStore | undefined> {
  const path = resolve(io.cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    return await openFindingsStore({ file: path });
  } catch (error) {
    io.err(
      error instanceof FindingsStoreError
        ? renderError(error.message, error.help)
        : renderError(`cannot open the findings database \`${file}\`: ${messageOf(error)}`, help),
    );
    return undefined;
  }
}
